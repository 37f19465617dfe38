"""LF-IAM-001: no policy allows every action on every resource."""

from __future__ import annotations

from typing import Any

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.documents import allows, any_of, statements
from landform.rules.values import get, listed

EVERY_ACTION = ("*", "*:*")
ADMINISTRATOR_ACCESS = ":iam::aws:policy/AdministratorAccess"
"""How the ARN of AWS's managed AdministratorAccess policy ends, in every partition."""


@rule(
    id="LF-IAM-001",
    title='Policy allows "*" actions on "*" resources',
    severity=Severity.HIGH,
    types=(
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "Landform::IAM::User",
    ),
    remediation="Grant only the actions and resources the principal needs; keep full "
    "administrative access to a few roles assumed with MFA, never to users.",
    references=References(
        cis="1.16",
        fsbp="IAM.1",
        prowler="iam_customer_attached_policy_no_administrative_privileges",
    ),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    if subject.type_name == "Landform::IAM::User":
        for arn in listed(get(props, "AttachedPolicies")):
            if str(arn).endswith(ADMINISTRATOR_ACCESS):
                return f"the user has {arn} attached"
        documents = listed(get(props, "InlinePolicies"))
    elif subject.type_name == "AWS::IAM::Role":
        documents = [get(p, "PolicyDocument") for p in listed(get(props, "Policies"))]
    else:
        documents = [get(props, "PolicyDocument")]
    if any(_admin(document) for document in documents):
        return 'a statement allows "*" actions on "*" resources'
    return None


def _admin(document: Any) -> bool:
    return any(
        allows(s)
        and any_of(listed(get(s, "Action")), lambda action: action in EVERY_ACTION)
        and any_of(listed(get(s, "Resource")), lambda resource: resource == "*")
        for s in statements(document)
    )
