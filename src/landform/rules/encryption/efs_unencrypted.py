"""LF-ENC-006: EFS file systems encrypt data at rest."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, is_true


@rule(
    id="LF-ENC-006",
    title="EFS file system is not encrypted at rest",
    severity=Severity.MEDIUM,
    types=("AWS::EFS::FileSystem",),
    remediation="Declare Encrypted: true (with a customer managed KmsKeyId: the FileSystem "
    "construct takes key=); an existing file system is encrypted only by copying its data "
    "to a new, encrypted one (AWS DataSync or AWS Backup restore).",
    references=References(cis="2.4.1", fsbp="EFS.1", prowler="efs_encryption_at_rest_enabled"),
)
def check(subject: Subject) -> str | None:
    if is_true(get(subject.properties, "Encrypted")):
        return None
    return "the file system is not encrypted (Encrypted is not true)"
