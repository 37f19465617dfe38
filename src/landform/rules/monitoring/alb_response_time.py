"""LF-MON-004: every application load balancer has the response time alarm (> 1 s)."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.monitoring.alarms import missing_alarm
from landform.rules.values import get


@rule(
    id="LF-MON-004",
    title="Application load balancer without a TargetResponseTime alarm with actions",
    severity=Severity.MEDIUM,
    types=("AWS::ElasticLoadBalancingV2::LoadBalancer",),
    remediation="Alarm on AWS/ApplicationELB TargetResponseTime (Average, > 1 s) with the "
    "LoadBalancer dimension (its full name, app/<name>/<id>) and an alarm action.",
    references=References(fsbp="CloudWatch.15", prowler="cloudwatch_alarm_actions_enabled"),
)
def check(subject: Subject) -> str | None:
    if get(subject.properties, "Type") not in (None, "application"):
        return None
    full_name = get(subject.properties, "LoadBalancerFullName")
    return missing_alarm(
        subject, "AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", full_name
    )
