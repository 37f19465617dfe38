"""The house alarms: which metric of which type is watched, and when it alarms.

docs/monitoring.md has this table for people; tests check each alarm made against it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from landform.errors import ValidationError
from landform.model.refs import Join, Ref, join
from landform.model.resource import Resource
from landform.monitoring.settings import AlarmSettings

GIB = 1024**3
FREE_STORAGE_FRACTION = 0.2
"""An RDS instance alarms when free storage falls below this share of its allocation."""

Dimension = tuple[str, str | Ref | Join]


@dataclass(frozen=True)
class Target:
    """One alarm's subject: its dimensions, and a suffix telling it from its siblings
    (a replication group has an alarm per member cluster)."""

    dimensions: tuple[Dimension, ...]
    suffix: str | None = None


@dataclass(frozen=True)
class Watch:
    """One house alarm: `metric` of `namespace` for every resource of `type_name`."""

    type_name: str
    namespace: str
    metric: str
    comparison: str
    defaults: AlarmSettings
    targets: Callable[[Resource], list[Target]]
    applies: Callable[[Resource], bool] = field(default=lambda _resource: True)
    threshold_of: Callable[[Resource], float] | None = None
    """Computes the threshold from the resource's declaration (when not overridden)."""
    band: bool = False
    """An anomaly-detection band around the metric, `threshold` standard deviations wide."""

    @property
    def key(self) -> str:
        """How app and stack settings name it: "<type>/<metric>"."""
        return f"{self.type_name}/{self.metric}"


def _by(dimension: str, value: Callable[[Resource], str | Ref | Join]) -> Callable[..., Any]:
    return lambda resource: [Target(((dimension, value(resource)),))]


def _own_id(resource: Resource) -> Ref:
    return resource.id


def _every(statistic: str, period: int, periods: int, threshold: float) -> AlarmSettings:
    return AlarmSettings(
        threshold=threshold, statistic=statistic, period=period, evaluation_periods=periods
    )


def _not_aurora(resource: Resource) -> bool:
    engine = resource.properties.get("Engine")
    return "DBClusterIdentifier" not in resource.properties and not (
        isinstance(engine, str) and engine.startswith("aurora")
    )


def _free_storage_threshold(resource: Resource) -> float:
    """FREE_STORAGE_FRACTION of the declared AllocatedStorage (GiB), in bytes."""
    declared = resource.properties.get("AllocatedStorage")
    try:
        return float(int(str(declared)) * GIB * FREE_STORAGE_FRACTION)
    except (TypeError, ValueError):
        raise ValidationError(
            "the FreeStorageSpace alarm needs AllocatedStorage as a number of GiB",
            where=resource.where("AllocatedStorage"),
            hint="declare AllocatedStorage, or give the alarm a threshold in bytes: "
            'resource.alarm("FreeStorageSpace", AlarmSettings(threshold=...))',
        ) from None


def _application(resource: Resource) -> bool:
    return bool(resource.properties.get("Type", "application") == "application")


def _service(resource: Resource) -> list[Target]:
    cluster = resource.properties.get("Cluster", "default")
    if isinstance(cluster, str):
        cluster = cluster.rsplit("/", 1)[-1]  # an ARN names the cluster last
    return [Target((("ClusterName", cluster), ("ServiceName", resource.attr("Name"))))]


def _members(resource: Resource) -> list[Target]:
    """A replication group's metrics come from its member clusters, `<id>-001` onward."""
    count = resource.properties.get("NumCacheClusters", 1)
    count = count if isinstance(count, int) else 1
    return [
        Target((("CacheClusterId", join(resource.id, f"-{n:03d}")),), suffix=f"{n:03d}")
        for n in range(1, count + 1)
    ]


def _utilization(type_name: str, namespace: str, metric: str, targets: Any) -> Watch:
    """Average over 5 minutes above 80 % for two periods."""
    return Watch(
        type_name,
        namespace,
        metric,
        "GreaterThanThreshold",
        _every("Average", 300, 2, 80.0),
        targets,
    )


def _any(type_name: str, namespace: str, metric: str, period: int, targets: Any) -> Watch:
    """Any occurrence in a period."""
    return Watch(
        type_name, namespace, metric, "GreaterThanThreshold", _every("Sum", period, 1, 0.0), targets
    )


_INSTANCE = _by("InstanceId", _own_id)
_FUNCTION = _by("FunctionName", _own_id)
_CLUSTER = _by("DBClusterIdentifier", _own_id)
_TABLE = _by("TableName", _own_id)
_NAT = _by("NatGatewayId", _own_id)
_CACHE_CLUSTER = _by("CacheClusterId", _own_id)

WATCHES: tuple[Watch, ...] = (
    _utilization("AWS::EC2::Instance", "AWS/EC2", "CPUUtilization", _INSTANCE),
    Watch(
        "AWS::RDS::DBInstance",
        "AWS/RDS",
        "FreeStorageSpace",
        "LessThanThreshold",
        AlarmSettings(statistic="Average", period=300, evaluation_periods=2),
        _by("DBInstanceIdentifier", _own_id),
        applies=_not_aurora,
        threshold_of=_free_storage_threshold,
    ),
    _utilization("AWS::RDS::DBCluster", "AWS/RDS", "CPUUtilization", _CLUSTER),
    Watch(
        "AWS::RDS::DBCluster",
        "AWS/RDS",
        "FreeLocalStorage",
        "LessThanThreshold",
        _every("Average", 300, 2, 2.0 * GIB),
        _CLUSTER,
    ),
    _any("AWS::Lambda::Function", "AWS/Lambda", "Errors", 60, _FUNCTION),
    Watch(
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS/ApplicationELB",
        "TargetResponseTime",
        "GreaterThanThreshold",
        _every("Average", 60, 3, 1.0),
        _by("LoadBalancer", lambda resource: resource.attr("LoadBalancerFullName")),
        applies=_application,
    ),
    Watch(
        "AWS::S3::Bucket",
        "AWS/S3",
        "BucketSizeBytes",
        "LessThanLowerOrGreaterThanUpperThreshold",
        _every("Average", 86400, 1, 2.0),
        lambda resource: [
            Target((("BucketName", resource.id), ("StorageType", "StandardStorage")))
        ],
        band=True,
    ),
    _utilization("AWS::ECS::Service", "AWS/ECS", "CPUUtilization", _service),
    _utilization("AWS::ECS::Service", "AWS/ECS", "MemoryUtilization", _service),
    _any("AWS::DynamoDB::Table", "AWS/DynamoDB", "ReadThrottleEvents", 300, _TABLE),
    _any("AWS::DynamoDB::Table", "AWS/DynamoDB", "WriteThrottleEvents", 300, _TABLE),
    _utilization(
        "AWS::ElastiCache::ReplicationGroup", "AWS/ElastiCache", "EngineCPUUtilization", _members
    ),
    _utilization(
        "AWS::ElastiCache::ReplicationGroup",
        "AWS/ElastiCache",
        "DatabaseMemoryUsagePercentage",
        _members,
    ),
    _utilization(
        "AWS::ElastiCache::CacheCluster", "AWS/ElastiCache", "CPUUtilization", _CACHE_CLUSTER
    ),
    _any("AWS::EC2::NatGateway", "AWS/NATGateway", "ErrorPortAllocation", 300, _NAT),
)


def watches_of(type_name: str) -> list[Watch]:
    """The house alarms of a type, in the table's order."""
    return [watch for watch in WATCHES if watch.type_name == type_name]
