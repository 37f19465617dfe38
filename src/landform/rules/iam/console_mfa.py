"""LF-IAM-008: every IAM user who can sign in to the console has MFA."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import USER
from landform.rules.values import get, is_true


@rule(
    id="LF-IAM-008",
    title="Console user without MFA",
    severity=Severity.MEDIUM,
    types=(USER,),
    remediation="Have the user register an MFA device (a passkey, security key or "
    "authenticator app), or delete the user's console password.",
    references=References(cis="1.10", fsbp="IAM.5", prowler="iam_user_mfa_enabled_console_access"),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    if is_true(get(props, "PasswordEnabled")) and not is_true(get(props, "MfaActive")):
        return "the user has a console password and no MFA device"
    return None
