"""LF-IAM-013: no role may be assumed by any AWS principal at all."""

from __future__ import annotations

from typing import Any

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.documents import allows, any_of, statements
from landform.rules.values import get, listed


@rule(
    id="LF-IAM-013",
    title='Role trust policy open to "*"',
    severity=Severity.HIGH,
    types=("AWS::IAM::Role",),
    remediation="Name the accounts, roles or services that may assume the role in its "
    'trust policy; where a "*" principal is needed, restrict it with a Condition '
    "(aws:PrincipalOrgID, aws:SourceAccount, sts:ExternalId).",
    references=References(prowler="iam_role_cross_service_confused_deputy_prevention"),
)
def check(subject: Subject) -> str | None:
    for statement in statements(get(subject.properties, "AssumeRolePolicyDocument")):
        principal, condition = get(statement, "Principal"), get(statement, "Condition")
        if allows(statement) and _anyone(principal) and not condition:
            return 'any AWS principal may assume the role: Principal "*" without a Condition'
    return None


def _anyone(principal: Any) -> bool:
    if principal == "*":
        return True
    return any_of(listed(get(principal or {}, "AWS")), lambda arn: arn == "*")
