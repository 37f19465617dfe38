"""AWS::ElasticLoadBalancingV2::LoadBalancer"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import (
    Api,
    DeletionRefused,
    Handler,
    Live,
    Props,
    error_code,
    present,
    tag_list,
)
from landform.handlers.elbv2.common import (
    Attributes,
    derived_name,
    load_balancers,
    owned_tags,
    sync_tags,
)
from landform.handlers.registry import register

CREATED = ("Scheme", "Type", "IpAddressType", "SecurityGroups", "Subnets")
"""What create_load_balancer takes under CloudFormation's names (with Name and Tags)."""

KEPT = ("Scheme", "Type")
"""What a load balancer keeps for life (with its name)."""

ATTRIBUTES = Attributes(
    "describe_load_balancer_attributes",
    "modify_load_balancer_attributes",
    "LoadBalancerArn",
    {
        "access_logs.s3.enabled": "false",
        "deletion_protection.enabled": "false",
        "idle_timeout.timeout_seconds": "60",
        "routing.http.drop_invalid_header_fields.enabled": "false",
        "routing.http2.enabled": "true",
    },
)

PROTECTION = "deletion_protection.enabled"


@register
class LoadBalancer(Handler):
    """An Application (or Network) Load Balancer, named Name or else after its address,
    Scheme and Type (create_load_balancer of an existing name with the same settings
    returns that load balancer, so a re-run after a crash does not make a second one).

    `list` costs one paginated describe_load_balancers (shared with the listener list)
    and one describe_tags per 20 load balancers of the region. Subnets, SecurityGroups,
    IpAddressType and LoadBalancerAttributes change in place; LoadBalancerAttributes is
    compared with state and read afresh when the load balancer is updated. Delete refuses
    a load balancer with deletion_protection.enabled on, then deletes it and waits until
    it is gone (its network interfaces hold its subnets and security groups). The
    emulator ignores deletion protection: AWS's refusal is tested with botocore's Stubber.
    """

    TYPE = "AWS::ElasticLoadBalancingV2::LoadBalancer"
    NAME = "Name"
    UNREADABLE = frozenset({"LoadBalancerAttributes"})
    UNSUPPORTED = frozenset(
        {
            "EnableCapacityReservationProvisionStabilize",
            "EnablePrefixForIpv6SourceNat",
            "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic",
            "Ipv4IpamPoolId",
            "MinimumLoadBalancerCapacity",
            "SubnetMappings",
        }
    )

    def list(self, api: Api) -> Iterable[Live]:
        balancers = load_balancers(api)
        owned = owned_tags(api, [b["LoadBalancerArn"] for b in balancers])
        for balancer in balancers:
            tags = owned.get(balancer["LoadBalancerArn"])
            if tags is not None:
                props = {
                    "Name": balancer["LoadBalancerName"],
                    **present(balancer, ("Scheme", "Type", "IpAddressType", "SecurityGroups")),
                    "Subnets": [zone["SubnetId"] for zone in balancer["AvailabilityZones"]],
                    "Tags": tags,
                }
                yield Live(balancer["LoadBalancerArn"], props, _attributes(balancer))

    def create(self, api: Api, props: Props, token: str) -> Live:
        name = props.get("Name") or derived_name(api, props, KEPT)
        (balancer,) = api.client("elbv2").create_load_balancer(
            Name=name, Tags=tag_list(props.get("Tags")), **present(props, CREATED)
        )["LoadBalancers"]
        created = present(props, ("Name", *CREATED, "Tags"))
        return Live(balancer["LoadBalancerArn"], created, _attributes(balancer))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        elbv2 = api.client("elbv2")
        arn = current.physical_id
        have = current.properties
        for prop, call in (("SecurityGroups", "set_security_groups"), ("Subnets", "set_subnets")):
            if prop in desired and sorted(desired[prop]) != sorted(have.get(prop, [])):
                getattr(elbv2, call)(LoadBalancerArn=arn, **{prop: desired[prop]})
        address_type = desired.get("IpAddressType", "ipv4")
        if address_type != have.get("IpAddressType", "ipv4"):
            elbv2.set_ip_address_type(LoadBalancerArn=arn, IpAddressType=address_type)
        ATTRIBUTES.sync(elbv2, arn, desired.get("LoadBalancerAttributes"))
        sync_tags(elbv2, arn, current, desired)
        return Live(arn, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        arn = current.physical_id
        attributes = current.properties.get("LoadBalancerAttributes") or ()
        if any(a["Key"] == PROTECTION and str(a["Value"]) == "true" for a in attributes):
            raise _refused(arn)
        try:
            api.client("elbv2").delete_load_balancer(LoadBalancerArn=arn)
        except Exception as error:
            if error_code(error) == "LoadBalancerNotFound":
                return
            if error_code(error) == "OperationNotPermitted":
                raise _refused(arn) from error
            raise
        api.wait("elbv2", "load_balancers_deleted", LoadBalancerArns=[arn])

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait("elbv2", "load_balancer_available", LoadBalancerArns=[current.physical_id])
        return current


def _attributes(balancer: dict[str, Any]) -> dict[str, Any]:
    arn = balancer["LoadBalancerArn"]
    return {
        "LoadBalancerArn": arn,
        "LoadBalancerFullName": arn.split(":loadbalancer/", 1)[1],
        "LoadBalancerName": balancer["LoadBalancerName"],
        "DNSName": balancer.get("DNSName", ""),
        "CanonicalHostedZoneID": balancer.get("CanonicalHostedZoneId", ""),
        "SecurityGroups": balancer.get("SecurityGroups", []),
    }


def _refused(arn: str) -> DeletionRefused:
    return DeletionRefused(
        f"load balancer {arn}",
        f"deletion protection ({PROTECTION})",
        hint=f'declare {PROTECTION} "false" in LoadBalancerAttributes and apply, then delete it',
    )
