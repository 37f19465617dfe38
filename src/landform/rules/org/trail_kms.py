"""LF-ORG-006: trails encrypt their logs with a KMS key."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.org.common import TRAIL
from landform.rules.values import get, present


@rule(
    id="LF-ORG-006",
    title="CloudTrail logs are not encrypted with a KMS key",
    severity=Severity.MEDIUM,
    types=(TRAIL,),
    remediation="Set KMSKeyId to a customer managed KMS key whose policy lets CloudTrail "
    "encrypt and only the log readers decrypt.",
    references=References(
        cis="3.5", fsbp="CloudTrail.2", prowler="cloudtrail_kms_encryption_enabled"
    ),
)
def check(subject: Subject) -> str | None:
    if present(get(subject.properties, "KMSKeyId")):
        return None
    return "the trail's logs are not encrypted with a KMS key (SSE-KMS)"
