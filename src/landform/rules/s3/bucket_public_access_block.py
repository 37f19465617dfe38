"""LF-S3-002: every bucket blocks public access itself."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.s3.block_public_access import settings_off
from landform.rules.values import get


@rule(
    id="LF-S3-002",
    title="Bucket does not block public access",
    severity=Severity.HIGH,
    types=("AWS::S3::Bucket",),
    remediation="Declare PublicAccessBlockConfiguration with BlockPublicAcls, "
    "IgnorePublicAcls, BlockPublicPolicy and RestrictPublicBuckets all true (EncryptedBucket "
    "does); share objects through CloudFront or presigned URLs instead.",
    references=References(cis="2.1.4", fsbp="S3.8", prowler="s3_bucket_level_public_access_block"),
)
def check(subject: Subject) -> str | None:
    block = get(subject.properties, "PublicAccessBlockConfiguration")
    if block is None:
        return "the bucket has no public access block"
    off = settings_off(block)
    return None if off is None else f"the bucket's public access block has {off} off"
