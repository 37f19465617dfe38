"""AWS::ECS::Cluster"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    ignoring,
    physical_name,
    present,
)
from landform.handlers.ecs import shapes
from landform.handlers.ecs.common import clusters, covers, ecs_tags, sync_tags, tags_of
from landform.handlers.registry import register

TYPE = "AWS::ECS::Cluster"

READ = (
    "ClusterName",
    "ClusterSettings",
    "Configuration",
    "CapacityProviders",
    "DefaultCapacityProviderStrategy",
)
"""What describe_clusters returns (with SETTINGS and CONFIGURATIONS), create_cluster takes."""

CAPACITY = ("CapacityProviders", "DefaultCapacityProviderStrategy")
"""Set together by put_cluster_capacity_providers (an empty list when undeclared)."""

DEFAULTS: dict[str, Any] = {
    "ClusterSettings": [{"Name": "containerInsights", "Value": "disabled"}],
    "Configuration": {"ExecuteCommandConfiguration": {"Logging": "DEFAULT"}},
}
"""What update_cluster sets when ClusterSettings or Configuration is no longer declared."""

NAME_LENGTH = 255


@register
class Cluster(Handler):
    """An ECS cluster, named ClusterName or else after its address (same name every run:
    create_cluster of an existing name returns that cluster).

    `list` costs list_clusters and one describe_clusters per 100 clusters, shared with the
    service list. Settings, configuration and capacity providers change in place; a
    deleted cluster stays INACTIVE for a while and is not listed. ServiceConnectDefaults
    (a Cloud Map namespace) is not managed.
    """

    TYPE = TYPE
    NAME = "ClusterName"
    UNSUPPORTED = frozenset({"ServiceConnectDefaults"})

    def list(self, api: Api) -> Iterable[Live]:
        for cluster in clusters(api):
            tags = tags_of(cluster)
            if api.keeps(tags):
                props = {
                    **shapes.properties(TYPE, "Cluster", cluster, READ),
                    "Tags": tags,
                }
                yield Live(cluster["clusterName"], props, {"Arn": cluster["clusterArn"]})

    def create(self, api: Api, props: Props, token: str) -> Live:
        name = props.get("ClusterName") or physical_name(
            address_of(props), api.account, api.region, NAME_LENGTH
        )
        params = shapes.request("CreateCluster", props, READ[1:])
        cluster = api.client("ecs").create_cluster(
            clusterName=name, tags=ecs_tags(props.get("Tags")), **params
        )["cluster"]
        created = present(props, (*READ, "Tags"))
        return Live(name, created, {"Arn": cluster["clusterArn"]})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ecs = api.client("ecs")
        name = current.physical_id
        settings = _changes(current, desired, DEFAULTS)
        if settings:
            ecs.update_cluster(cluster=name, **shapes.request("UpdateCluster", settings, settings))
        if _changes(current, desired, {prop: [] for prop in CAPACITY}):
            capacity = {prop: desired.get(prop, []) for prop in CAPACITY}
            params = shapes.request("PutClusterCapacityProviders", capacity, CAPACITY)
            ecs.put_cluster_capacity_providers(cluster=name, **params)
        sync_tags(ecs, current.attributes["Arn"], current, desired)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("ClusterNotFoundException"):
            api.client("ecs").delete_cluster(cluster=current.physical_id)


def _changes(current: Live, desired: Props, defaults: dict[str, Any]) -> Props:
    """The properties among `defaults` to set, with their default where undeclared."""
    have = current.properties
    wanted = {prop: desired.get(prop, default) for prop, default in defaults.items()}
    return {p: v for p, v in wanted.items() if not covers(have.get(p, defaults[p]), v)}
