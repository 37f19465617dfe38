"""LF-MON-001: every EC2 instance has the CPU alarm (CPUUtilization > 80 %)."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.monitoring.alarms import missing_alarm


@rule(
    id="LF-MON-001",
    title="EC2 instance without a CPUUtilization alarm with actions",
    severity=Severity.MEDIUM,
    types=("AWS::EC2::Instance",),
    remediation="Alarm on AWS/EC2 CPUUtilization (Average, 300 s, > 80 for 2 periods) with "
    "the instance's InstanceId dimension and an action to the account's alarm topic.",
    references=References(fsbp="CloudWatch.15", prowler="cloudwatch_alarm_actions_enabled"),
)
def check(subject: Subject) -> str | None:
    return missing_alarm(subject, "AWS/EC2", "CPUUtilization", "InstanceId")
