"""LF-IAM-012: the account's password policy asks for long passwords not reused."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get

MINIMUM_LENGTH = 14
REUSE_PREVENTION = 24


@rule(
    id="LF-IAM-012",
    title="Weak or missing IAM password policy",
    severity=Severity.MEDIUM,
    types=("Landform::IAM::PasswordPolicy",),
    remediation=f"Set the account password policy: minimum length {MINIMUM_LENGTH} or "
    f"more, and remember the last {REUSE_PREVENTION} passwords "
    f"(aws iam update-account-password-policy --minimum-password-length {MINIMUM_LENGTH} "
    f"--password-reuse-prevention {REUSE_PREVENTION}).",
    references=References(cis="1.8", fsbp="IAM.7", prowler="iam_password_policy_minimum_length_14"),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    if get(props, "Present") is False:  # read live from an account without one
        return "the account has no password policy"
    weak = []
    length = get(props, "MinimumPasswordLength") or 0
    if length < MINIMUM_LENGTH:
        weak.append(f"minimum length {length} (at least {MINIMUM_LENGTH})")
    reuse = get(props, "PasswordReusePrevention") or 0
    if reuse < REUSE_PREVENTION:
        weak.append(f"reuse prevention {reuse} (at least {REUSE_PREVENTION})")
    return "the password policy has " + " and ".join(weak) if weak else None
