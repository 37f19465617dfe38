"""AWS::ElastiCache::CacheCluster"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present, tag_list
from landform.handlers.elasticache.common import (
    clusters,
    conflicts_of,
    create_once,
    endpoint,
    name_of,
    owned,
    settings_to_change,
    sync_tags,
)
from landform.handlers.registry import register
from landform.model.schema import schema_for

NAME_LENGTH = 40
WAIT = 3600.0
"""Seconds to wait for a cluster to become available or to be deleted."""

SETTINGS = (
    "CacheNodeType",
    "NumCacheNodes",
    "EngineVersion",
    "CacheParameterGroupName",
    "PreferredMaintenanceWindow",
    "AutoMinorVersionUpgrade",
    "SnapshotRetentionLimit",
    "SnapshotWindow",
)
"""Properties create_cache_cluster and modify_cache_cluster take under the same name."""

AT_CREATION = ("Engine", "CacheSubnetGroupName", "Port", "TransitEncryptionEnabled")
"""Properties set at creation only (create_cache_cluster takes them under these names)."""

DEFAULTS: Props = {"AutoMinorVersionUpgrade": True, "SnapshotRetentionLimit": 0}
"""What a setting returns to when it is no longer declared."""

SUPPORTED = frozenset({"ClusterName", "VpcSecurityGroupIds", "Tags", *SETTINGS, *AT_CREATION})


@register
class CacheCluster(Handler):
    """A Memcached cluster (or a single-node Redis one), named ClusterName or else after
    its address. Scaling (NumCacheNodes, CacheNodeType) and the settings in SETTINGS are
    modified in place with ApplyImmediately; removing nodes removes the newest ones.

    `list` costs describe_cache_clusters with node details (one paginated call, shared
    with the replication groups' list) and one list_tags_for_resource per cluster that is
    not a replication group's member. `delete` waits until the cluster is gone, so that its
    subnet and security groups can go next. The emulator does not implement
    modify_cache_cluster, reports no security groups and never finishes a deletion: those
    paths are tested with botocore's Stubber on AWS-shaped answers.
    """

    TYPE = "AWS::ElastiCache::CacheCluster"
    NAME = "ClusterName"
    IMMUTABLE = frozenset({"TransitEncryptionEnabled"})

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        return sorted(set(props) - SUPPORTED)

    def list(self, api: Api) -> Iterable[Live]:
        standalone = [
            cluster
            for cluster in clusters(api)
            if not cluster.get("ReplicationGroupId")
            and cluster["CacheClusterStatus"] not in ("deleting", "deleted")
        ]
        for cluster, tags in owned(api, standalone):
            props = {**_properties(cluster), "Tags": tags}
            yield Live(cluster["CacheClusterId"], props, _attributes(cluster))

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec = api.client("elasticache")
        name = name_of(api, props, self.NAME, REPLACING, NAME_LENGTH)
        params = present(props, (*SETTINGS, *AT_CREATION))
        if "VpcSecurityGroupIds" in props:
            params["SecurityGroupIds"] = props["VpcSecurityGroupIds"]
        cluster = create_once(
            ec,
            lambda: ec.create_cache_cluster(
                CacheClusterId=name, Tags=tag_list(props.get("Tags")), **params
            )["CacheCluster"],
            "CacheClusterAlreadyExists",
            lambda: _describe(ec, name),
            props,
            lambda found: conflicts_of(props, _properties(found), REPLACING),
        )
        return Live(name, present(props, SUPPORTED), _attributes(cluster))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec = api.client("elasticache")
        name = current.physical_id
        have = current.properties
        params = settings_to_change(have, desired, (*SETTINGS, "VpcSecurityGroupIds"), DEFAULTS)
        if "VpcSecurityGroupIds" in params:
            params["SecurityGroupIds"] = params.pop("VpcSecurityGroupIds")
        count = params.get("NumCacheNodes")
        if count is not None and count < have.get("NumCacheNodes", count):
            nodes = sorted(node["CacheNodeId"] for node in _describe(ec, name)["CacheNodes"])
            params["CacheNodeIdsToRemove"] = nodes[count:]
        if params:
            ec.modify_cache_cluster(CacheClusterId=name, ApplyImmediately=True, **params)
        sync_tags(ec, lambda: str(_describe(ec, name)["ARN"]), current, desired)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        name = current.physical_id
        with ignoring("CacheClusterNotFound"):
            api.client("elasticache").delete_cache_cluster(CacheClusterId=name)
        api.wait("elasticache", "cache_cluster_deleted", timeout=WAIT, CacheClusterId=name)

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait(
            "elasticache",
            "cache_cluster_available",
            timeout=WAIT,
            CacheClusterId=current.physical_id,
        )
        return current


REPLACING = schema_for(CacheCluster.TYPE).create_only - {"ClusterName"} | CacheCluster.IMMUTABLE
"""Properties whose change replaces the cluster."""


def _describe(ec: Any, name: str) -> dict[str, Any]:
    found = ec.describe_cache_clusters(CacheClusterId=name, ShowCacheNodeInfo=True)
    return dict(found["CacheClusters"][0])


def _properties(cluster: Mapping[str, Any]) -> Props:
    props: Props = {
        "ClusterName": cluster["CacheClusterId"],
        **present(cluster, (*SETTINGS, *AT_CREATION)),
        "VpcSecurityGroupIds": [g["SecurityGroupId"] for g in cluster.get("SecurityGroups", ())],
    }
    if "CacheParameterGroup" in cluster:
        props["CacheParameterGroupName"] = cluster["CacheParameterGroup"]["CacheParameterGroupName"]
    found = _attributes(cluster)
    if found:
        props["Port"] = next(iter(found.values()))["Port"]
    return props


def _attributes(cluster: Mapping[str, Any]) -> dict[str, Any]:
    """ConfigurationEndpoint (Memcached) or RedisEndpoint (Redis), once AWS has them."""
    if cluster.get("Engine") == "memcached":
        found = endpoint(cluster.get("ConfigurationEndpoint"))
        return {"ConfigurationEndpoint": found} if found else {}
    nodes = cluster.get("CacheNodes") or [{}]
    found = endpoint(nodes[0].get("Endpoint"))
    return {"RedisEndpoint": found} if found else {}
