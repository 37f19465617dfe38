"""LF-IAM-010: the root user has MFA, where it has credentials to sign in with."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import ROOT
from landform.rules.values import get, is_true

CREDENTIALS = ("PasswordEnabled", "AccessKeysPresent", "SigningCertificatesPresent")


def holds_credentials(subject: Subject) -> bool:
    """Whether the root user holds a long-term credential; one not read counts as held.

    A root user with none (no password, access key or signing certificate) cannot sign
    in: AWS creates an organization's member accounts so, and centralized root access
    deletes them from older members ("Centralize root access for member accounts", IAM
    User Guide: docs.aws.amazon.com/IAM/latest/UserGuide/id_root-enable-root-access.html;
    the credential report then says password_enabled FALSE). An MFA device guards nothing
    there, so the root MFA rules judge only a root that has credentials, as Prowler's
    iam_root_mfa_enabled and iam_root_hardware_mfa_enabled do (pass or fail alike whether
    the organization manages root credentials centrally or not).
    """
    return any(get(subject.properties, name) is not False for name in CREDENTIALS)


@rule(
    id="LF-IAM-010",
    title="Root user without MFA",
    severity=Severity.CRITICAL,
    types=(ROOT,),
    remediation="Sign in as the root user and register an MFA device for it (Security "
    "credentials), or remove member accounts' root credentials with centralized root "
    "access management.",
    references=References(cis="1.5", fsbp="IAM.9", prowler="iam_root_mfa_enabled"),
)
def check(subject: Subject) -> str | None:
    if not holds_credentials(subject) or is_true(get(subject.properties, "MfaActive")):
        return None
    return "the root user has no MFA device"
