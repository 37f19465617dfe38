"""LF-IAM-006: a password or active access key unused for unused_credentials_days (45) is
disabled."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import USER, active_keys, days_since
from landform.rules.values import get, is_true


@rule(
    id="LF-IAM-006",
    title="IAM user credentials unused for too long",
    severity=Severity.MEDIUM,
    types=(USER,),
    remediation="Delete the user's login profile or deactivate the access key that is "
    "not used; delete the user if nobody needs it.",
    references=References(cis="1.12", fsbp="IAM.22", prowler="iam_user_accesskey_unused"),
)
def check(subject: Subject) -> str | None:
    """A password never used is not judged: the user's data has no date to count from.
    A key never used counts from its creation (LastRotated)."""
    limit = subject.settings.unused_credentials_days
    props = subject.properties
    used = get(props, "PasswordLastUsed")
    if is_true(get(props, "PasswordEnabled")) and used is not None:
        idle = days_since(used)
        if idle > limit:
            return f"the password was last used {idle} days ago (at most {limit})"
    for key in active_keys(subject):
        idle = days_since(key.get("LastUsed") or key["LastRotated"])
        if idle > limit:
            return f"an active access key has not been used for {idle} days (at most {limit})"
    return None
