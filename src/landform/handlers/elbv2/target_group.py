"""AWS::ElasticLoadBalancingV2::TargetGroup"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present, tag_list
from landform.handlers.elbv2.common import Attributes, derived_name, owned_tags, sync_tags
from landform.handlers.registry import register

KEPT = ("Protocol", "ProtocolVersion", "Port", "VpcId", "TargetType", "IpAddressType")
"""What a target group keeps for life (with its name)."""

HEALTH = (
    "HealthCheckEnabled",
    "HealthCheckIntervalSeconds",
    "HealthCheckPath",
    "HealthCheckPort",
    "HealthCheckProtocol",
    "HealthCheckTimeoutSeconds",
    "HealthyThresholdCount",
    "UnhealthyThresholdCount",
    "Matcher",
)
"""The health check, which modify_target_group changes in place."""

HTTP_HEALTH: dict[str, Any] = {
    "HealthCheckEnabled": True,
    "HealthCheckIntervalSeconds": 30,
    "HealthCheckPath": "/",
    "HealthCheckPort": "traffic-port",
    "HealthCheckTimeoutSeconds": 5,
    "HealthyThresholdCount": 5,
    "UnhealthyThresholdCount": 2,
    "Matcher": {"HttpCode": "200"},
}
TCP_HEALTH: dict[str, Any] = {
    "HealthCheckEnabled": True,
    "HealthCheckIntervalSeconds": 30,
    "HealthCheckPort": "traffic-port",
    "HealthCheckProtocol": "TCP",
    "HealthCheckTimeoutSeconds": 10,
    "HealthyThresholdCount": 5,
    "UnhealthyThresholdCount": 2,
}
"""AWS's health check of an HTTP(S) and of a TCP, TLS or UDP target group: what
modify_target_group sets when a setting is no longer declared."""

ATTRIBUTES = Attributes(
    "describe_target_group_attributes",
    "modify_target_group_attributes",
    "TargetGroupArn",
    {
        "deregistration_delay.timeout_seconds": "300",
        "load_balancing.algorithm.type": "round_robin",
        "slow_start.duration_seconds": "0",
        "stickiness.enabled": "false",
    },
)


@register
class TargetGroup(Handler):
    """A target group (ip, instance, ...), named Name or else after its address and what
    it keeps for life (create_target_group of an existing name with the same settings
    returns that group, so a re-run after a crash does not make a second one).

    `list` costs one paginated describe_target_groups and one describe_tags per 20 target
    groups of the region. The health check changes in place (a setting no longer declared
    goes back to AWS's default for the protocol); TargetGroupAttributes is compared with
    state and read afresh when the group is updated. Targets are not managed: ECS and
    auto scaling groups register their own.
    """

    TYPE = "AWS::ElasticLoadBalancingV2::TargetGroup"
    NAME = "Name"
    UNREADABLE = frozenset({"TargetGroupAttributes"})
    UNSUPPORTED = frozenset({"Targets", "TargetControlPort"})

    def list(self, api: Api) -> Iterable[Live]:
        groups = api.pages("elbv2", "describe_target_groups", "TargetGroups")
        owned = owned_tags(api, [g["TargetGroupArn"] for g in groups])
        for group in groups:
            tags = owned.get(group["TargetGroupArn"])
            if tags is not None:
                props = {
                    "Name": group["TargetGroupName"],
                    **present(group, (*KEPT, *HEALTH)),
                    "Tags": tags,
                }
                yield Live(group["TargetGroupArn"], props, _attributes(group))

    def create(self, api: Api, props: Props, token: str) -> Live:
        name = props.get("Name") or derived_name(api, props, KEPT)
        (group,) = api.client("elbv2").create_target_group(
            Name=name, Tags=tag_list(props.get("Tags")), **present(props, (*KEPT, *HEALTH))
        )["TargetGroups"]
        created = present(props, ("Name", *KEPT, *HEALTH, "Tags"))
        return Live(group["TargetGroupArn"], created, _attributes(group))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        elbv2 = api.client("elbv2")
        arn = current.physical_id
        defaults = _health_defaults(desired)
        changes = {}
        for name in HEALTH:
            want = desired.get(name, defaults.get(name))
            if want is not None and current.properties.get(name, defaults.get(name)) != want:
                changes[name] = want
        if changes:
            elbv2.modify_target_group(TargetGroupArn=arn, **changes)
        ATTRIBUTES.sync(elbv2, arn, desired.get("TargetGroupAttributes"))
        sync_tags(elbv2, arn, current, desired)
        return Live(arn, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("TargetGroupNotFound"):
            api.client("elbv2").delete_target_group(TargetGroupArn=current.physical_id)


def _health_defaults(props: Props) -> dict[str, Any]:
    """AWS's health check for the group's protocol (none known for others, e.g. lambda)."""
    protocol = props.get("Protocol")
    if protocol in ("HTTP", "HTTPS"):
        return {**HTTP_HEALTH, "HealthCheckProtocol": protocol}
    if protocol in ("TCP", "TLS", "UDP", "TCP_UDP"):
        return TCP_HEALTH
    return {}


def _attributes(group: dict[str, Any]) -> dict[str, Any]:
    arn = group["TargetGroupArn"]
    return {
        "TargetGroupArn": arn,
        "TargetGroupName": group["TargetGroupName"],
        "TargetGroupFullName": arn.split(":", 5)[5],
        "LoadBalancerArns": group.get("LoadBalancerArns", []),
    }
