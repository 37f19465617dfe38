"""LF-IAM-007: an IAM user has at most one active access key."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import USER, active_keys


@rule(
    id="LF-IAM-007",
    title="IAM user has more than one active access key",
    severity=Severity.MEDIUM,
    types=(USER,),
    remediation="Deactivate and delete all but one of the user's access keys (a second "
    "key is only for the moments of a rotation).",
    references=References(cis="1.13", prowler="iam_user_two_active_access_key"),
)
def check(subject: Subject) -> str | None:
    keys = len(active_keys(subject))
    return f"the user has {keys} active access keys" if keys > 1 else None
