"""AWS::EC2::VPC"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    companion_tags,
    ignoring,
    tag_list,
    tag_map,
)
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG


@register
class VPC(Handler):
    """A VPC. DNS settings cannot be listed in one call, so they are compared with state.

    AWS makes a main route table and a default network ACL with every VPC; they carry
    the VPC's tags less the ownership tag (`companion_tags`), so the tag policy holds on
    them and the RouteTable and NetworkAcl handlers never take them for their own. It
    costs create two calls more (describe_route_tables, create_tags; the ACL's id is
    read for DefaultNetworkAcl anyway), and an update that changes the tags two or three
    (describe_route_tables, delete_tags for removed keys, create_tags); none without
    tags. Their tags are not compared for drift: one changed outside Landform stays
    until the VPC's tags next change, when all are set again. A main route table that
    is Landform's own (its association replaced) keeps its own tags.
    """

    TYPE = "AWS::EC2::VPC"
    UNREADABLE = frozenset({"EnableDnsSupport", "EnableDnsHostnames"})

    def list(self, api: Api) -> Iterable[Live]:
        for vpc in api.pages("ec2", "describe_vpcs", "Vpcs", Filters=api.owned(OWNED)):
            props = {
                "CidrBlock": vpc["CidrBlock"],
                "InstanceTenancy": vpc.get("InstanceTenancy", "default"),
                "Tags": tags_of(vpc),
            }
            yield Live(vpc["VpcId"], props, {"VpcId": vpc["VpcId"], "CidrBlock": vpc["CidrBlock"]})

    def describe(self, api: Api, listed: Live) -> Live:
        ec2 = api.client("ec2")
        properties = dict(listed.properties)
        for name in self.UNREADABLE:
            attribute = name[0].lower() + name[1:]
            answer = ec2.describe_vpc_attribute(VpcId=listed.physical_id, Attribute=attribute)
            properties[name] = answer[name]["Value"]
        attributes = {**listed.attributes, **self._defaults(api, listed.physical_id)}
        return Live(listed.physical_id, properties, attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec2 = api.client("ec2")
        params: dict[str, Any] = {
            "CidrBlock": props["CidrBlock"],
            "TagSpecifications": tag_specifications("vpc", props),
        }
        if "InstanceTenancy" in props:
            params["InstanceTenancy"] = props["InstanceTenancy"]
        vpc = ec2.create_vpc(**params)["Vpc"]
        vpc_id = vpc["VpcId"]
        created: Props = {
            k: props[k] for k in ("CidrBlock", "InstanceTenancy", "Tags") if k in props
        }
        attributes = {"VpcId": vpc_id, "CidrBlock": vpc["CidrBlock"], **self._defaults(api, vpc_id)}
        _tag_companions(api, vpc_id, attributes["DefaultNetworkAcl"], None, props.get("Tags"))
        return Live(vpc_id, created, attributes)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        vpc_id = current.physical_id
        for name in ("EnableDnsSupport", "EnableDnsHostnames"):
            if name in desired and changed(current, desired, name):
                ec2.modify_vpc_attribute(VpcId=vpc_id, **{name: {"Value": desired[name]}})
        if changed(current, desired, "InstanceTenancy") and "InstanceTenancy" in desired:
            ec2.modify_vpc_tenancy(VpcId=vpc_id, InstanceTenancy=desired["InstanceTenancy"])
        sync_tags(ec2, vpc_id, current, desired)
        acl_id = current.attributes.get("DefaultNetworkAcl", "")
        _tag_companions(api, vpc_id, acl_id, current.properties.get("Tags"), desired.get("Tags"))
        return Live(vpc_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidVpcID.NotFound"):
            api.client("ec2").delete_vpc(VpcId=current.physical_id)

    @staticmethod
    def _defaults(api: Api, vpc_id: str) -> dict[str, str]:
        """The VPC's default security group and network ACL (GetAtt attributes)."""
        ec2 = api.client("ec2")
        vpc_filter = [{"Name": "vpc-id", "Values": [vpc_id]}]
        groups = ec2.describe_security_groups(
            Filters=[*vpc_filter, {"Name": "group-name", "Values": ["default"]}]
        )["SecurityGroups"]
        acls = ec2.describe_network_acls(
            Filters=[*vpc_filter, {"Name": "default", "Values": ["true"]}]
        )["NetworkAcls"]
        return {
            "DefaultSecurityGroup": groups[0]["GroupId"] if groups else "",
            "DefaultNetworkAcl": acls[0]["NetworkAclId"] if acls else "",
        }


def _tag_companions(api: Api, vpc_id: str, acl_id: str, have: Any, want: Any) -> None:
    """Give the VPC's main route table and default network ACL (`acl_id`) the VPC's
    tags `want`, where they were `have`, without the ownership tag."""
    change = companion_tags(have, want)
    if change is None:
        return
    stale, tags = change
    ec2 = api.client("ec2")
    main = [
        {"Name": "vpc-id", "Values": [vpc_id]},
        {"Name": "association.main", "Values": ["true"]},
    ]
    tables = ec2.describe_route_tables(Filters=main)["RouteTables"]
    companions = [t["RouteTableId"] for t in tables if ADDRESS_TAG not in tag_map(t.get("Tags"))]
    companions += [acl_id] if acl_id else []
    if not companions:
        return
    if stale:
        ec2.delete_tags(Resources=companions, Tags=[{"Key": key} for key in stale])
    if tags:
        ec2.create_tags(Resources=companions, Tags=tag_list(tags))
