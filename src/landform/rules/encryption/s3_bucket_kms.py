"""LF-ENC-001: S3 buckets encrypt objects by default with KMS keys, not only S3-managed."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, listed

KMS = ("aws:kms", "aws:kms:dsse")


@rule(
    id="LF-ENC-001",
    title="S3 bucket default encryption does not use AWS KMS",
    severity=Severity.MEDIUM,
    types=("AWS::S3::Bucket",),
    remediation="Set BucketEncryption with SSEAlgorithm aws:kms (or aws:kms:dsse) and a "
    "customer managed KMS key (EncryptedBucket does with key=), with BucketKeyEnabled to "
    "keep KMS requests down.",
    references=References(fsbp="S3.17", prowler="s3_bucket_kms_encryption"),
)
def check(subject: Subject) -> str | None:
    rules = listed(get(subject.properties, "BucketEncryption.ServerSideEncryptionConfiguration"))
    found = [get(r, "ServerSideEncryptionByDefault.SSEAlgorithm") for r in rules]
    algorithms = [algorithm for algorithm in found if algorithm is not None]
    if any(algorithm in KMS for algorithm in algorithms):
        return None
    if not algorithms:
        return "no default encryption is set: S3 encrypts with S3-managed keys (AES256) only"
    return f"default encryption is {', '.join(map(str, algorithms))}, not aws:kms"
