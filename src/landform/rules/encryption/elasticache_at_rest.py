"""LF-ENC-008: ElastiCache replication groups encrypt data at rest."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, is_true


@rule(
    id="LF-ENC-008",
    title="ElastiCache replication group is not encrypted at rest",
    severity=Severity.MEDIUM,
    types=("AWS::ElastiCache::ReplicationGroup",),
    remediation="Declare AtRestEncryptionEnabled: true (with a customer managed KmsKeyId: "
    "the Cache construct takes key=); an existing group is encrypted by restoring its "
    "backup into a new, encrypted group.",
    references=References(
        fsbp="ElastiCache.4", prowler="elasticache_redis_cluster_rest_encryption_enabled"
    ),
)
def check(subject: Subject) -> str | None:
    if is_true(get(subject.properties, "AtRestEncryptionEnabled")):
        return None
    return "data at rest is not encrypted (AtRestEncryptionEnabled is not true)"
