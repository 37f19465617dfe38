"""LF-MON-002: every RDS instance has the free storage alarm (< 20 % of its storage).

Aurora instances are left out: their storage is the cluster's volume, which grows by
itself, and they publish no FreeStorageSpace (their cluster has FreeLocalStorage)."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.monitoring.alarms import missing_alarm
from landform.rules.values import get, present


@rule(
    id="LF-MON-002",
    title="RDS instance without a FreeStorageSpace alarm with actions",
    severity=Severity.MEDIUM,
    types=("AWS::RDS::DBInstance",),
    remediation="Alarm on AWS/RDS FreeStorageSpace (Average, < 20 % of the allocated "
    "storage, in bytes) with the DBInstanceIdentifier dimension and an alarm action.",
    references=References(fsbp="CloudWatch.15", prowler="cloudwatch_alarm_actions_enabled"),
)
def check(subject: Subject) -> str | None:
    engine = get(subject.properties, "Engine")
    if present(get(subject.properties, "DBClusterIdentifier")) or (
        isinstance(engine, str) and engine.startswith("aurora")
    ):
        return None
    return missing_alarm(subject, "AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier")
