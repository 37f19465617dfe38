"""AWS::ElastiCache::ReplicationGroup"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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
"""Seconds to wait for a replication group to become available or to be deleted."""

SETTINGS = (
    "ReplicationGroupDescription",
    "CacheNodeType",
    "AutomaticFailoverEnabled",
    "MultiAZEnabled",
    "EngineVersion",
    "CacheParameterGroupName",
    "SecurityGroupIds",
    "PreferredMaintenanceWindow",
    "SnapshotRetentionLimit",
    "SnapshotWindow",
    "AutoMinorVersionUpgrade",
)
"""Properties create_replication_group and modify_replication_group take by that name."""

AT_CREATION = (
    "Engine",
    "NumCacheClusters",
    "AtRestEncryptionEnabled",
    "TransitEncryptionEnabled",
    "KmsKeyId",
    "AuthToken",
    "CacheSubnetGroupName",
    "Port",
)
"""Properties create_replication_group takes by that name and modify does not."""

DEFAULTS: Props = {
    "AutomaticFailoverEnabled": False,
    "MultiAZEnabled": False,
    "SnapshotRetentionLimit": 0,
    "AutoMinorVersionUpgrade": True,
}
"""What a setting returns to when it is no longer declared."""

MEMBER_SETTINGS = ("EngineVersion", "PreferredMaintenanceWindow", "CacheSubnetGroupName")
"""Settings describe_replication_groups does not report but its member clusters do."""

SUPPORTED = frozenset({"ReplicationGroupId", "Tags", *SETTINGS, *AT_CREATION})


@register
class ReplicationGroup(Handler):
    """A Redis (or Valkey) replication group with cluster mode disabled: one primary and
    NumCacheClusters - 1 replicas, named ReplicationGroupId or else after its address.

    Settings in SETTINGS are modified in place with ApplyImmediately; NumCacheClusters
    changes with increase_replica_count or decrease_replica_count, before the other
    changes when growing and after them when shrinking (automatic failover needs two
    clusters), waiting for the group between the two. AuthToken is a secret: it is never
    read back, so a new token replaces the group (IMMUTABLE), as do a new engine and a
    change of in-transit encryption.

    `list` costs describe_replication_groups (one paginated call), describe_cache_clusters
    with node details (one paginated call, shared with the cache clusters' list) for the
    settings only member clusters report, and one list_tags_for_resource per replication
    group of the region. `delete` waits until the group is gone; under DeletionPolicy
    Snapshot it keeps a final snapshot `<group>-final` first. The emulator implements
    neither increase_replica_count nor decrease_replica_count, makes one cluster whatever
    NumCacheClusters says, never finishes a deletion and ignores FinalSnapshotIdentifier:
    those paths are tested with botocore's Stubber on AWS-shaped answers.
    """

    TYPE = "AWS::ElastiCache::ReplicationGroup"
    SNAPSHOTS = True
    NAME = "ReplicationGroupId"
    IMMUTABLE = frozenset({"Engine", "TransitEncryptionEnabled", "AuthToken"})
    UNREADABLE = frozenset({"AuthToken"})
    SENSITIVE = frozenset({"AuthToken"})

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        return sorted(set(props) - SUPPORTED)

    def list(self, api: Api) -> Iterable[Live]:
        groups = [
            group
            for group in api.pages(
                "elasticache", "describe_replication_groups", "ReplicationGroups"
            )
            if group["Status"] not in ("deleting", "deleted")
        ]
        found = owned(api, groups)
        members = {c["CacheClusterId"]: c for c in clusters(api)} if found else {}
        for group, tags in found:
            props = {**_properties(group, members), "Tags": tags}
            yield Live(group["ReplicationGroupId"], props, _attributes(group))

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec = api.client("elasticache")
        name = name_of(api, props, self.NAME, REPLACING, NAME_LENGTH)
        secret = self.SENSITIVE if self.NAME in props else frozenset()
        params = present(props, (*SETTINGS, *AT_CREATION))
        group = create_once(
            ec,
            lambda: ec.create_replication_group(
                ReplicationGroupId=name, Tags=tag_list(props.get("Tags")), **params
            )["ReplicationGroup"],
            "ReplicationGroupAlreadyExists",
            lambda: _describe(ec, name),
            props,
            lambda found: conflicts_of(props, _properties(found, {}), REPLACING, secret),
        )
        created = present(props, SUPPORTED - self.SENSITIVE)
        return Live(name, created, _attributes(group))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec = api.client("elasticache")
        name = current.physical_id
        params = settings_to_change(current.properties, desired, SETTINGS, DEFAULTS)
        have = int(current.properties.get("NumCacheClusters", 0))
        want = int(desired.get("NumCacheClusters", have))
        steps: list[Callable[[], object]] = []
        if want > have > 0:
            steps.append(lambda: ec.increase_replica_count(**_replicas(name, want)))
        if params:
            steps.append(
                lambda: ec.modify_replication_group(
                    ReplicationGroupId=name, ApplyImmediately=True, **params
                )
            )
        if 0 < want < have:
            steps.append(lambda: ec.decrease_replica_count(**_replicas(name, want)))
        for number, step in enumerate(steps):
            if number:
                self.wait_ready(api, current)
            step()
        sync_tags(ec, lambda: str(_describe(ec, name)["ARN"]), current, desired)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        self.delete_under(api, current, None)

    def delete_under(self, api: Api, current: Live, policy: str | None) -> None:
        name = current.physical_id
        final = {"FinalSnapshotIdentifier": f"{name}-final"} if policy == "Snapshot" else {}
        with ignoring("ReplicationGroupNotFoundFault"):
            api.client("elasticache").delete_replication_group(ReplicationGroupId=name, **final)
        api.wait("elasticache", "replication_group_deleted", timeout=WAIT, ReplicationGroupId=name)

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait(
            "elasticache",
            "replication_group_available",
            timeout=WAIT,
            ReplicationGroupId=current.physical_id,
        )
        return current


REPLACING = (
    schema_for(ReplicationGroup.TYPE).create_only - {"ReplicationGroupId"}
    | ReplicationGroup.IMMUTABLE
)
"""Properties whose change replaces the group."""


def _replicas(name: str, clusters: int) -> dict[str, Any]:
    """Parameters of increase_replica_count and decrease_replica_count."""
    return {"ReplicationGroupId": name, "NewReplicaCount": clusters - 1, "ApplyImmediately": True}


def _describe(ec: Any, name: str) -> dict[str, Any]:
    groups = ec.describe_replication_groups(ReplicationGroupId=name)["ReplicationGroups"]
    return dict(groups[0])


def _properties(group: Mapping[str, Any], members: Mapping[str, Mapping[str, Any]]) -> Props:
    props: Props = {
        "ReplicationGroupId": group["ReplicationGroupId"],
        "ReplicationGroupDescription": group["Description"],
        "NumCacheClusters": len(group.get("MemberClusters", ())),
        "AutomaticFailoverEnabled": group.get("AutomaticFailover") in ("enabled", "enabling"),
        "MultiAZEnabled": group.get("MultiAZ") == "enabled",
        "AtRestEncryptionEnabled": group.get("AtRestEncryptionEnabled", False),
        "TransitEncryptionEnabled": group.get("TransitEncryptionEnabled", False),
        **present(
            group,
            (
                "Engine",
                "CacheNodeType",
                "KmsKeyId",
                "SnapshotRetentionLimit",
                "SnapshotWindow",
                "AutoMinorVersionUpgrade",
            ),
        ),
    }
    primary = _primary(group, members)
    if primary is not None:
        props.update(present(primary, MEMBER_SETTINGS))
        props["SecurityGroupIds"] = [
            g["SecurityGroupId"] for g in primary.get("SecurityGroups", ())
        ]
        if "CacheParameterGroup" in primary:
            props["CacheParameterGroupName"] = primary["CacheParameterGroup"][
                "CacheParameterGroupName"
            ]
    found = _attributes(group).get("PrimaryEndPoint")
    if found:
        props["Port"] = found["Port"]
    return props


def _primary(
    group: Mapping[str, Any], members: Mapping[str, Mapping[str, Any]]
) -> Mapping[str, Any] | None:
    """The member cluster that is primary (or the first member), if it is listed."""
    nodes = [m for g in group.get("NodeGroups", ()) for m in g.get("NodeGroupMembers", ())]
    roles = {m.get("CurrentRole"): m["CacheClusterId"] for m in nodes}
    ids = [roles.get("primary"), *group.get("MemberClusters", ())]
    return next((members[i] for i in ids if i in members), None)


def _attributes(group: Mapping[str, Any]) -> dict[str, Any]:
    """The endpoints, once AWS has them: PrimaryEndPoint and ReaderEndPoint (cluster mode
    disabled) or ConfigurationEndPoint."""
    node_groups = group.get("NodeGroups") or [{}]
    found = {
        "PrimaryEndPoint": endpoint(node_groups[0].get("PrimaryEndpoint")),
        "ReaderEndPoint": endpoint(node_groups[0].get("ReaderEndpoint")),
        "ConfigurationEndPoint": endpoint(group.get("ConfigurationEndpoint")),
    }
    return {name: value for name, value in found.items() if value is not None}
