"""Landform::EC2::DefaultSecurityGroup: the rules of a VPC's default security group.

AWS makes a default security group with every VPC (all traffic in from the group itself,
all traffic out) and never lets it be deleted. This type adopts the group: it carries the
ownership tag, and its rules are made exactly the declared ones, shaped and synced as
AWS::EC2::SecurityGroup's inline rules are. Deleting it gives the group AWS's default
rules back and removes the ownership tag, as the AWS CDK's restrictDefaultSecurityGroup
does; the group itself stays with its VPC.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Handler, Live, Props, address_of, ignoring, tag_map
from landform.handlers.ec2.common import OWNED, sync_tags
from landform.handlers.ec2.security import _DIRECTIONS, _EGRESS, _INGRESS, _group_live
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

DEFAULT_NAME = "default"
"""The name AWS gives every VPC's default security group (and no other group)."""

ALL_TRAFFIC = "-1"


@register
class DefaultSecurityGroup(Handler):
    """A VPC's default security group with exactly the declared rules; its physical id
    is the group's id. Listed from the call that lists AWS::EC2::SecurityGroup."""

    TYPE = "Landform::EC2::DefaultSecurityGroup"

    def list(self, api: Api) -> Iterable[Live]:
        for group in api.pages(
            "ec2", "describe_security_groups", "SecurityGroups", Filters=api.owned(OWNED)
        ):
            if group["GroupName"] == DEFAULT_NAME and "VpcId" in group:
                yield _default_live(group)

    def create(self, api: Api, props: Props, token: str) -> Live:
        """Adopt the VPC's default group (refused while another address owns it), then
        tag it and set its rules."""
        ec2 = api.client("ec2")
        groups = ec2.describe_security_groups(
            Filters=[
                {"Name": "vpc-id", "Values": [props["VpcId"]]},
                {"Name": "group-name", "Values": [DEFAULT_NAME]},
            ]
        )["SecurityGroups"]
        if not groups:
            raise LandformError(
                f"VPC {props['VpcId']} has no default security group",
                hint="declare VpcId as the id of an existing VPC (such as a VPC's .id)",
            )
        group = groups[0]
        owner = tag_map(group.get("Tags")).get(ADDRESS_TAG)
        if owner and owner != address_of(props):
            raise LandformError(
                f"the default security group {group['GroupId']} of {props['VpcId']} is "
                f"managed by {owner} already",
                hint="declare one Landform::EC2::DefaultSecurityGroup per VPC",
            )
        return self.update(api, _default_live(group), props)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        for direction in _DIRECTIONS:
            have = current.properties.get(direction.prop, [])
            direction.sync(ec2, current.physical_id, have, desired.get(direction.prop, []))
        sync_tags(ec2, current.physical_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        """Give the group AWS's default rules back and untag it (gone with its VPC: done)."""
        ec2 = api.client("ec2")
        group_id = current.physical_id
        with ignoring("InvalidGroup.NotFound", "InvalidVpcID.NotFound"):
            defaults = aws_default_rules(ec2, group_id, current.properties["VpcId"])
            for direction in _DIRECTIONS:
                have = current.properties.get(direction.prop, [])
                direction.sync(ec2, group_id, have, defaults[direction.prop])
            ec2.delete_tags(Resources=[group_id], Tags=[{"Key": ADDRESS_TAG}])


def aws_default_rules(ec2: Any, group_id: str, vpc_id: str) -> dict[str, list[Props]]:
    """The rules AWS gives a VPC's default group, by property: all traffic in from the
    group itself; all traffic out to 0.0.0.0/0, and to ::/0 where the VPC has IPv6."""
    (vpc,) = ec2.describe_vpcs(VpcIds=[vpc_id])["Vpcs"]
    ipv6 = any(
        block.get("Ipv6CidrBlockState", {}).get("State") == "associated"
        for block in vpc.get("Ipv6CidrBlockAssociationSet", ())
    )
    egress = [{"IpProtocol": ALL_TRAFFIC, "CidrIp": "0.0.0.0/0"}]
    if ipv6:
        egress.append({"IpProtocol": ALL_TRAFFIC, "CidrIpv6": "::/0"})
    return {
        _INGRESS.prop: [{"IpProtocol": ALL_TRAFFIC, "SourceSecurityGroupId": group_id}],
        _EGRESS.prop: egress,
    }


def _default_live(group: dict[str, Any]) -> Live:
    listed = _group_live(group)
    keys = ("VpcId", "Tags", *(d.prop for d in _DIRECTIONS))
    return Live(
        listed.physical_id, {k: listed.properties[k] for k in keys}, {"GroupId": group["GroupId"]}
    )
