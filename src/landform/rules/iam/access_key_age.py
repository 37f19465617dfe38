"""LF-IAM-005: active access keys are rotated within access_key_max_age_days (90)."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import USER, active_keys, days_since


@rule(
    id="LF-IAM-005",
    title="Active access key older than the rotation period",
    severity=Severity.MEDIUM,
    types=(USER,),
    remediation="Create a new access key, move its users to it, then deactivate and "
    "delete the old one; better, replace the key with a role.",
    references=References(cis="1.14", fsbp="IAM.3", prowler="iam_rotate_access_key_90_days"),
)
def check(subject: Subject) -> str | None:
    limit = subject.settings.access_key_max_age_days
    ages = [days_since(key["LastRotated"]) for key in active_keys(subject)]
    old = [age for age in ages if age > limit]
    if old:
        return f"an active access key is {max(old)} days old (at most {limit})"
    return None
