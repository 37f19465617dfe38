"""LF-ENC-011: customer managed symmetric KMS keys rotate automatically."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, is_true

ROTATABLE = {"KeySpec": "SYMMETRIC_DEFAULT", "KeyUsage": "ENCRYPT_DECRYPT", "Origin": "AWS_KMS"}
"""What a key that KMS can rotate is (these are also the defaults): asymmetric and HMAC
keys, and keys with imported or CloudHSM key material, do not rotate automatically."""


@rule(
    id="LF-ENC-011",
    title="KMS key does not rotate",
    severity=Severity.MEDIUM,
    types=("AWS::KMS::Key",),
    remediation="Declare EnableKeyRotation: true (yearly by default, or every "
    "RotationPeriodInDays); rotation keeps old key material, so nothing needs re-encrypting.",
    references=References(cis="3.6", fsbp="KMS.4", prowler="kms_cmk_rotation_enabled"),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    for name, rotatable in ROTATABLE.items():
        value = get(props, name)
        if value is not None and value != rotatable:
            return None
    if is_true(get(props, "EnableKeyRotation")):
        return None
    return "automatic rotation is off (EnableKeyRotation is not true)"
