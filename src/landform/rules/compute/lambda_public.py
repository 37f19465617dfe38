"""LF-CMP-003: no Lambda permission lets anyone invoke a function."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, present

SCOPES = ("SourceArn", "SourceAccount", "PrincipalOrgID")
"""What narrows a permission granted to every principal."""


@rule(
    id="LF-CMP-003",
    title="Lambda function invocable by anyone",
    severity=Severity.CRITICAL,
    types=("AWS::Lambda::Permission",),
    remediation="Grant invocation to a service or account principal, and for a service "
    'principal (or "*") name the calling resource with SourceArn, or SourceAccount or '
    "PrincipalOrgID.",
    references=References(fsbp="Lambda.1", prowler="awslambda_function_not_publicly_accessible"),
)
def check(subject: Subject) -> str | None:
    if get(subject.properties, "Principal") != "*":
        return None
    if any(present(get(subject.properties, scope)) for scope in SCOPES):
        return None
    return (
        'Principal is "*" with no SourceArn, SourceAccount or PrincipalOrgID: anyone may invoke it'
    )
