"""LF-ENC-009: Redis (and Valkey) caches on ElastiCache take TLS connections only."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, is_true

REDIS = ("redis", "valkey")
"""The engines whose cache clusters encrypt in transit (a replication group is one)."""


@rule(
    id="LF-ENC-009",
    title="ElastiCache Redis cache is not encrypted in transit",
    severity=Severity.MEDIUM,
    types=("AWS::ElastiCache::ReplicationGroup", "AWS::ElastiCache::CacheCluster"),
    remediation="Declare TransitEncryptionEnabled: true (the Cache construct does) and "
    "connect with TLS; an existing group is switched in place through "
    "TransitEncryptionMode preferred, then required.",
    references=References(
        fsbp="ElastiCache.5", prowler="elasticache_redis_cluster_in_transit_encryption_enabled"
    ),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    if subject.type_name == "AWS::ElastiCache::CacheCluster" and get(props, "Engine") not in REDIS:
        return None  # Memcached
    if is_true(get(props, "TransitEncryptionEnabled")):
        return None
    return "connections are not encrypted (TransitEncryptionEnabled is not true)"
