"""LF-ENC-005: RDS DB clusters (Aurora and Multi-AZ clusters) encrypt their storage."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.encryption import unencrypted_storage

SOURCES = ("SnapshotIdentifier", "SourceDBClusterIdentifier")
"""What a DB cluster may be restored from, taking its encryption."""


@rule(
    id="LF-ENC-005",
    title="RDS DB cluster storage is not encrypted",
    severity=Severity.MEDIUM,
    types=("AWS::RDS::DBCluster",),
    remediation="Declare StorageEncrypted: true with a customer managed KmsKeyId; an "
    "existing cluster is encrypted by restoring an encrypted copy of its snapshot.",
    references=References(fsbp="RDS.27", prowler="rds_cluster_storage_encrypted"),
)
def check(subject: Subject) -> str | None:
    return unencrypted_storage(subject.properties, SOURCES)
