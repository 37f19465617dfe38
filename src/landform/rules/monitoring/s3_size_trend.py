"""LF-MON-005: every S3 bucket has the size trend alarm (BucketSizeBytes outside an
anomaly-detection band)."""

from __future__ import annotations

from typing import Any

from landform.rules import References, Severity, Subject, rule
from landform.rules.monitoring.alarms import ALARM, acts, names
from landform.rules.values import get, listed, present


@rule(
    id="LF-MON-005",
    title="S3 bucket without a BucketSizeBytes anomaly-detection alarm with actions",
    severity=Severity.MEDIUM,
    types=("AWS::S3::Bucket",),
    remediation="Alarm on AWS/S3 BucketSizeBytes (StandardStorage, daily) outside an "
    "ANOMALY_DETECTION_BAND, with the BucketName dimension and an alarm action.",
    references=References(fsbp="CloudWatch.15", prowler="cloudwatch_alarm_actions_enabled"),
)
def check(subject: Subject) -> str | None:
    for alarm in subject.others(ALARM):
        props = alarm.properties
        if not present(get(props, "ThresholdMetricId")):
            continue
        if not any(_watches(query, subject) for query in listed(get(props, "Metrics"))):
            continue
        if acts(props):
            return None
        return "its BucketSizeBytes trend alarm has no enabled alarm action"
    return "no AWS/S3 BucketSizeBytes anomaly-detection alarm watches it"


def _watches(query: Any, subject: Subject) -> bool:
    metric = get(query, "MetricStat.Metric")
    if metric is None:
        return False
    if get(metric, "Namespace") != "AWS/S3" or get(metric, "MetricName") != "BucketSizeBytes":
        return False
    return any(
        get(d, "Name") == "BucketName" and names(get(d, "Value"), subject)
        for d in listed(get(metric, "Dimensions"))
    )
