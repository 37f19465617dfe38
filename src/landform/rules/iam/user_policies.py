"""LF-IAM-002: IAM users get permissions through groups or roles, not their own policies."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import USER
from landform.rules.values import get, listed


@rule(
    id="LF-IAM-002",
    title="IAM user has policies attached directly",
    severity=Severity.LOW,
    types=(USER,),
    remediation="Detach the user's managed policies and delete its inline ones; grant "
    "the permissions to a group the user joins, or to a role the user assumes.",
    references=References(
        cis="1.15", fsbp="IAM.2", prowler="iam_policy_attached_only_to_group_or_roles"
    ),
)
def check(subject: Subject) -> str | None:
    attached = len(listed(get(subject.properties, "AttachedPolicies")))
    inline = len(listed(get(subject.properties, "InlinePolicies")))
    if attached or inline:
        return f"the user has {attached} managed and {inline} inline policies of its own"
    return None
