"""LF-S3-003: every bucket keeps object versions."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get


@rule(
    id="LF-S3-003",
    title="Bucket versioning not enabled",
    severity=Severity.LOW,
    types=("AWS::S3::Bucket",),
    remediation='Declare VersioningConfiguration={"Status": "Enabled"} (EncryptedBucket '
    "does unless versioned=False), with a lifecycle rule expiring noncurrent versions.",
    references=References(fsbp="S3.14", prowler="s3_bucket_object_versioning"),
)
def check(subject: Subject) -> str | None:
    status = get(subject.properties, "VersioningConfiguration.Status")
    if status == "Enabled":
        return None
    return f"versioning is {str(status).lower() if status else 'off'}"
