"""LF-IAM-011: the root user's MFA is a hardware device, where it has credentials."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import ROOT
from landform.rules.iam.root_mfa import holds_credentials
from landform.rules.values import get, is_true


@rule(
    id="LF-IAM-011",
    title="Root user without hardware MFA",
    severity=Severity.MEDIUM,
    types=(ROOT,),
    remediation="Register a hardware MFA device (a FIDO security key or hardware TOTP "
    "token) for the root user, kept in a safe place, or remove member accounts' root "
    "credentials with centralized root access management.",
    references=References(cis="1.6", fsbp="IAM.6", prowler="iam_root_hardware_mfa_enabled"),
)
def check(subject: Subject) -> str | None:
    """Rated below LF-IAM-010 (which finds root without any MFA): a virtual device still
    guards the root user. A root without credentials is no finding (see
    `holds_credentials`)."""
    if not holds_credentials(subject) or is_true(get(subject.properties, "HardwareMfa")):
        return None
    return "the root user has no hardware MFA device"
