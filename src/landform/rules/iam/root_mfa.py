"""LF-IAM-010: the root user has MFA."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import ROOT
from landform.rules.values import get, is_true


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
    if is_true(get(subject.properties, "MfaActive")):
        return None
    return "the root user has no MFA device"
