"""AWS::EC2::Subnet"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    ignoring,
    present,
    refuse_changes,
)
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register

CREATE = (
    "VpcId",
    "CidrBlock",
    "AvailabilityZone",
    "AvailabilityZoneId",
    "Ipv6CidrBlock",
    "Ipv6Native",
    "OutpostArn",
    "Ipv4IpamPoolId",
    "Ipv4NetmaskLength",
    "Ipv6IpamPoolId",
    "Ipv6NetmaskLength",
)
"""What create_subnet takes, under the same names as CloudFormation's."""

FLAGS = ("MapPublicIpOnLaunch", "AssignIpv6AddressOnCreation", "EnableDns64")
"""The subnet's switches."""

SETTINGS = {
    **{flag: flag for flag in FLAGS},
    "HostnameType": "PrivateDnsHostnameTypeOnLaunch",
    "EnableResourceNameDnsARecord": "EnableResourceNameDnsARecordOnLaunch",
    "EnableResourceNameDnsAAAARecord": "EnableResourceNameDnsAAAARecordOnLaunch",
}
"""Each switch and PrivateDnsNameOptionsOnLaunch key -> its modify_subnet_attribute name."""

READ = (
    *FLAGS,
    "VpcId",
    "CidrBlock",
    "AvailabilityZone",
    "AvailabilityZoneId",
    "Ipv6Native",
    "OutpostArn",
    "EnableLniAtDeviceIndex",
    "PrivateDnsNameOptionsOnLaunch",
)
"""What describe_subnets returns under CloudFormation's names (Ipv6CidrBlock aside)."""


@register
class Subnet(Handler):
    """A subnet; its switches and DNS options are set after creation, one call each."""

    TYPE = "AWS::EC2::Subnet"

    def list(self, api: Api) -> Iterable[Live]:
        for subnet in api.pages("ec2", "describe_subnets", "Subnets", Filters=api.owned(OWNED)):
            props = {**present(subnet, READ), "Tags": tags_of(subnet)}
            blocks = _ipv6_blocks(subnet)
            if blocks:
                props["Ipv6CidrBlock"] = blocks[0]
            yield Live(subnet["SubnetId"], props, _attributes(subnet))

    def create(self, api: Api, props: Props, token: str) -> Live:
        subnet = api.client("ec2").create_subnet(
            **present(props, CREATE), TagSpecifications=tag_specifications("subnet", props)
        )["Subnet"]
        return Live(subnet["SubnetId"], present(props, (*CREATE, "Tags")), _attributes(subnet))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        refuse_changes(self.TYPE, current, desired, ("Ipv6CidrBlock",))
        ec2 = api.client("ec2")
        subnet_id = current.physical_id
        for attribute in _modifications(current, desired):
            ec2.modify_subnet_attribute(SubnetId=subnet_id, **attribute)
        sync_tags(ec2, subnet_id, current, desired)
        return Live(subnet_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidSubnetID.NotFound"):
            api.client("ec2").delete_subnet(SubnetId=current.physical_id)


def _modifications(current: Live, desired: Props) -> Iterator[dict[str, Any]]:
    """modify_subnet_attribute arguments, one setting each, to turn `current` into `desired`.

    A setting no longer declared goes back to what AWS gives a new subnet: off, except
    that an IPv6-only subnet assigns IPv6 addresses and names hosts by resource.
    """
    ipv6_only = bool(desired.get("Ipv6Native"))
    defaults = {
        **dict.fromkeys(SETTINGS, False),
        "AssignIpv6AddressOnCreation": ipv6_only,
        "HostnameType": "resource-name" if ipv6_only else "ip-name",
    }
    have, want = ({**defaults, **_settings(p)} for p in (current.properties, desired))
    for name, argument in SETTINGS.items():
        if want[name] != have[name]:
            yield {argument: want[name] if name == "HostnameType" else {"Value": want[name]}}
    if changed(current, desired, "EnableLniAtDeviceIndex"):
        index = desired.get("EnableLniAtDeviceIndex")
        yield (
            {"DisableLniAtDeviceIndex": {"Value": True}}
            if index is None
            else {"EnableLniAtDeviceIndex": index}
        )


def _settings(props: Props) -> Props:
    """A subnet's switches and DNS options, as one flat dict."""
    return {**present(props, FLAGS), **props.get("PrivateDnsNameOptionsOnLaunch", {})}


def _ipv6_blocks(subnet: dict[str, Any]) -> list[str]:
    return [
        block["Ipv6CidrBlock"]
        for block in subnet.get("Ipv6CidrBlockAssociationSet", [])
        if block.get("Ipv6CidrBlockState", {}).get("State") in ("associating", "associated")
    ]


def _attributes(subnet: dict[str, Any]) -> dict[str, Any]:
    """GetAtt values, from a create_subnet or describe_subnets item."""
    names = ("SubnetId", "VpcId", "CidrBlock", "AvailabilityZone", "AvailabilityZoneId")
    return {**present(subnet, names), "Ipv6CidrBlocks": _ipv6_blocks(subnet)}
