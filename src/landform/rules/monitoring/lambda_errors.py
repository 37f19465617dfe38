"""LF-MON-003: every Lambda function has the errors alarm (Errors > 0)."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.monitoring.alarms import missing_alarm


@rule(
    id="LF-MON-003",
    title="Lambda function without an Errors alarm with actions",
    severity=Severity.MEDIUM,
    types=("AWS::Lambda::Function",),
    remediation="Alarm on AWS/Lambda Errors (Sum, 60 s, > 0) with the FunctionName "
    "dimension and an alarm action.",
    references=References(fsbp="CloudWatch.15", prowler="cloudwatch_alarm_actions_enabled"),
)
def check(subject: Subject) -> str | None:
    return missing_alarm(subject, "AWS/Lambda", "Errors", "FunctionName")
