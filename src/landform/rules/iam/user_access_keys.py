"""LF-IAM-004: no IAM user holds an active access key, unless the team allows them."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import USER, active_keys


@rule(
    id="LF-IAM-004",
    title="IAM user has an active access key",
    severity=Severity.MEDIUM,
    types=(USER,),
    remediation="Use roles: instance profiles, task and function roles, IAM Identity "
    "Center or OIDC federation for people and CI. Delete the user's access keys (or set "
    "user_access_keys_allowed where long-lived keys are a deliberate choice).",
    references=References(prowler="iam_user_with_temporary_credentials"),
)
def check(subject: Subject) -> str | None:
    if subject.settings.user_access_keys_allowed:
        return None
    keys = len(active_keys(subject))
    return f"the user has {keys} active access key(s)" if keys else None
