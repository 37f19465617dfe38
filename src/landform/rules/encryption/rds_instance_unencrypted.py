"""LF-ENC-004: RDS DB instances encrypt their storage (Aurora members: see LF-ENC-005)."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.encryption import unencrypted_storage
from landform.rules.values import get, present

SOURCES = ("DBSnapshotIdentifier", "SourceDBInstanceIdentifier", "SourceDBClusterIdentifier")
"""What a DB instance may be made from, taking its encryption."""


@rule(
    id="LF-ENC-004",
    title="RDS DB instance storage is not encrypted",
    severity=Severity.MEDIUM,
    types=("AWS::RDS::DBInstance",),
    remediation="Declare StorageEncrypted: true (with a customer managed KmsKeyId: the "
    "Database construct does); an existing instance is encrypted by restoring an "
    "encrypted copy of its snapshot.",
    references=References(cis="2.3.1", fsbp="RDS.3", prowler="rds_instance_storage_encrypted"),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    engine = get(props, "Engine")
    if present(get(props, "DBClusterIdentifier")) or (
        isinstance(engine, str) and engine.startswith("aurora")
    ):
        return None  # its cluster's storage encryption is its own
    return unencrypted_storage(props, SOURCES)
