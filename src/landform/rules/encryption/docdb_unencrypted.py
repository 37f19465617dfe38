"""LF-ENC-010: DocumentDB clusters encrypt their storage."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.encryption import unencrypted_storage

SOURCES = ("SnapshotIdentifier", "SourceDBClusterIdentifier")
"""What a cluster may be restored from, taking its encryption."""


@rule(
    id="LF-ENC-010",
    title="DocumentDB cluster storage is not encrypted",
    severity=Severity.MEDIUM,
    types=("AWS::DocDB::DBCluster",),
    remediation="Declare StorageEncrypted: true with a customer managed KmsKeyId (the "
    "DocumentDatabase construct does); an existing cluster is encrypted by restoring an "
    "encrypted copy of its snapshot.",
    references=References(fsbp="DocumentDB.1", prowler="documentdb_cluster_storage_encrypted"),
)
def check(subject: Subject) -> str | None:
    return unencrypted_storage(subject.properties, SOURCES)
