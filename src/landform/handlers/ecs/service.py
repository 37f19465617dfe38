"""AWS::ECS::Service"""

from __future__ import annotations

import json
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
    read_each,
)
from landform.handlers.ecs import shapes
from landform.handlers.ecs.common import batches, clusters, covers, ecs_tags, sync_tags, tags_of
from landform.handlers.registry import register

TYPE = "AWS::ECS::Service"

UPDATED = (
    "TaskDefinition",
    "DesiredCount",
    "NetworkConfiguration",
    "LoadBalancers",
    "PlatformVersion",
    "HealthCheckGracePeriodSeconds",
    "DeploymentConfiguration",
    "DeploymentController",
    "PlacementConstraints",
    "PlacementStrategies",
    "ServiceRegistries",
    "CapacityProviderStrategy",
    "AvailabilityZoneRebalancing",
    "EnableECSManagedTags",
    "EnableExecuteCommand",
    "PropagateTags",
)
"""What update_service changes in place."""

FIXED = ("ServiceName", "LaunchType", "SchedulingStrategy")
"""What create_service takes that the service keeps for life (with Cluster)."""

RESET: dict[str, Any] = {
    "LoadBalancers": [],
    "ServiceRegistries": [],
    "PlacementConstraints": [],
    "PlacementStrategies": [],
    "HealthCheckGracePeriodSeconds": 0,
    "EnableECSManagedTags": False,
    "EnableExecuteCommand": False,
    "PropagateTags": "NONE",
}
"""What update_service sets when one of these is no longer declared. Others undeclared
are left as they are, as CloudFormation does (DesiredCount is often auto scaling's)."""

DESCRIBED = 10
"""The most services one describe_services call takes."""

NAME_LENGTH = 255
STABLE_TIMEOUT = 1800.0
"""Seconds to wait for a new service's tasks to run and pass their health checks."""


@register
class Service(Handler):
    """An ECS service, named ServiceName or else after its address and what it keeps for
    life (so a replacement in the same cluster gets a name of its own).

    `list` reads every live cluster of the region (shared with the cluster list), then
    per cluster list_services and one describe_services per 10 services, made by READERS
    threads. Cluster is compared with state: AWS reports the cluster's ARN whatever form
    was declared. Properties of UPDATED change in place with update_service (only those
    that differ, so no needless deployment); LaunchType and what create-only properties
    name replace the service. `wait_ready` waits until the service is stable; `delete`
    scales it to 0, deletes it and waits until it is inactive, so its cluster, target
    groups and subnets can go.
    """

    TYPE = TYPE
    IMMUTABLE = frozenset({"LaunchType"})
    UNREADABLE = frozenset({"Cluster"})
    UNSUPPORTED = frozenset(
        {
            "ForceNewDeployment",
            "GatewayConnectors",
            "Monitoring",
            "Role",
            "ServiceConnectConfiguration",
            "VolumeConfigurations",
            "VpcLatticeConfigurations",
        }
    )

    def list(self, api: Api) -> Iterable[Live]:
        ecs = api.client("ecs")
        found = read_each(lambda cluster: _in_cluster(api, ecs, cluster), clusters(api))
        return [live for lives in found for live in lives]

    def create(self, api: Api, props: Props, token: str) -> Live:
        cluster = props.get("Cluster", "default")
        name = props.get("ServiceName") or _name(api, props)
        params = shapes.request("CreateService", props, (*UPDATED, *FIXED[1:]))
        service = api.client("ecs").create_service(
            cluster=cluster,
            serviceName=name,
            tags=ecs_tags(props.get("Tags")),
            clientToken=token,
            **params,
        )["service"]
        created = present(props, ("Cluster", *FIXED, *UPDATED, "Tags"))
        return Live(service["serviceArn"], created, _attributes(service))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ecs = api.client("ecs")
        have = current.properties
        wanted = {
            name: desired[name] if name in desired else RESET[name]
            for name in UPDATED
            if name in desired or name in RESET
        }
        changes = {
            name: value
            for name, value in wanted.items()
            if not covers(have.get(name, RESET.get(name)), value)
        }
        if changes:
            params = shapes.request("UpdateService", changes, changes)
            ecs.update_service(cluster=_cluster(current), service=current.physical_id, **params)
        sync_tags(ecs, current.physical_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        ecs = api.client("ecs")
        where = {"cluster": _cluster(current), "service": current.physical_id}
        with ignoring(
            "ClusterNotFoundException", "ServiceNotFoundException", "ServiceNotActiveException"
        ):
            ecs.update_service(**where, desiredCount=0)
            ecs.delete_service(**where, force=True)
            api.wait(
                "ecs", "services_inactive", cluster=where["cluster"], services=[where["service"]]
            )

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait(
            "ecs",
            "services_stable",
            timeout=STABLE_TIMEOUT,
            cluster=_cluster(current),
            services=[current.physical_id],
        )
        return current


def _in_cluster(api: Api, ecs: Any, cluster: dict[str, Any]) -> list[Live]:
    """The cluster's active services that `api` keeps (see `Api.keeps`)."""
    arns = api.pages("ecs", "list_services", "serviceArns", cluster=cluster["clusterArn"])
    found = []
    for batch in batches(arns, DESCRIBED):
        where = {"cluster": cluster["clusterArn"], "services": batch}
        found += ecs.describe_services(**where, include=["TAGS"])["services"]
    return [_live(service, cluster["clusterName"]) for service in found if _kept(api, service)]


def _kept(api: Api, service: dict[str, Any]) -> bool:
    return service["status"] == "ACTIVE" and api.keeps(tags_of(service))


def _live(service: dict[str, Any], cluster: str) -> Live:
    props = {
        "Cluster": cluster,
        **shapes.properties(TYPE, "Service", service, (*FIXED, *UPDATED)),
        "Tags": tags_of(service),
    }
    return Live(service["serviceArn"], props, _attributes(service))


def _attributes(service: dict[str, Any]) -> dict[str, str]:
    return {"ServiceArn": service["serviceArn"], "Name": service["serviceName"]}


def _cluster(current: Live) -> str:
    return str(current.properties.get("Cluster", "default"))


def _name(api: Api, props: Props) -> str:
    """A name from the address; the hash also covers what the service keeps for life."""
    kept = json.dumps(present(props, ("Cluster", *FIXED)), sort_keys=True)
    return physical_name(address_of(props), api.account, f"{api.region}\n{kept}", NAME_LENGTH)
