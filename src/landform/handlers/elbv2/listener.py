"""AWS::ElasticLoadBalancingV2::Listener"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present, read_each, tag_list
from landform.handlers.elbv2.common import load_balancers, owned_tags, sync_tags
from landform.handlers.registry import register

SETTINGS = ("Port", "Protocol", "SslPolicy", "Certificates", "DefaultActions", "AlpnPolicy")
"""What create_listener takes and modify_listener changes, under CloudFormation's names."""

DEFAULT_SSL_POLICY = "ELBSecurityPolicy-2016-08"
"""The security policy AWS's API gives an HTTPS or TLS listener declared without one."""


@register
class Listener(Handler):
    """A load balancer's listener and its default actions.

    describe_listeners needs a load balancer: `list` costs the (shared) paginated
    describe_load_balancers, one describe_listeners per load balancer of the region (a
    Landform listener may be on a load balancer Landform does not own), made by READERS
    threads, and one describe_tags per 20 listeners. Port, Protocol, DefaultActions,
    Certificates, SslPolicy and AlpnPolicy change in place: an update sends all those
    declared (a secure listener declared without SslPolicy gets AWS's default back).
    """

    TYPE = "AWS::ElasticLoadBalancingV2::Listener"
    UNSUPPORTED = frozenset({"ListenerAttributes", "MutualAuthentication"})

    def list(self, api: Api) -> Iterable[Live]:
        arns = [b["LoadBalancerArn"] for b in load_balancers(api)]
        found = read_each(lambda arn: _listeners(api, arn), arns)
        listeners = [listener for listed in found for listener in listed]
        owned = owned_tags(api, [listener["ListenerArn"] for listener in listeners])
        for listener in listeners:
            tags = owned.get(listener["ListenerArn"])
            if tags is not None:
                props = {
                    "LoadBalancerArn": listener["LoadBalancerArn"],
                    **present(listener, SETTINGS),
                    "Tags": tags,
                }
                yield _live(listener, props)

    def create(self, api: Api, props: Props, token: str) -> Live:
        (listener,) = api.client("elbv2").create_listener(
            LoadBalancerArn=props["LoadBalancerArn"],
            Tags=tag_list(props.get("Tags")),
            **present(props, SETTINGS),
        )["Listeners"]
        return _live(listener, present(props, ("LoadBalancerArn", *SETTINGS, "Tags")))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        elbv2 = api.client("elbv2")
        arn = current.physical_id
        settings = present(desired, SETTINGS)
        if desired.get("Protocol") in ("HTTPS", "TLS"):
            settings.setdefault("SslPolicy", DEFAULT_SSL_POLICY)
        elbv2.modify_listener(ListenerArn=arn, **settings)
        sync_tags(elbv2, arn, current, desired)
        return Live(arn, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("ListenerNotFound"):
            api.client("elbv2").delete_listener(ListenerArn=current.physical_id)


def _listeners(api: Api, balancer: str) -> list[dict[str, Any]]:
    """The load balancer's listeners (none if it was deleted since it was listed)."""
    with ignoring("LoadBalancerNotFound"):
        return api.pages("elbv2", "describe_listeners", "Listeners", LoadBalancerArn=balancer)
    return []


def _live(listener: dict[str, Any], props: Props) -> Live:
    return Live(listener["ListenerArn"], props, {"ListenerArn": listener["ListenerArn"]})
