"""AWS::EC2::NetworkAcl, AWS::EC2::NetworkAclEntry, AWS::EC2::SubnetNetworkAclAssociation.

All three are read from one paginated describe_network_acls call, not filtered on the
ownership tag: entries and associations cannot carry tags, and they may belong to a
VPC's default ACL, which carries none. The network ACLs themselves are kept by tag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Handler, Live, Props, ignoring, present
from landform.handlers.ec2.common import sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register

_ENTRY = ("RuleNumber", "RuleAction", "CidrBlock", "Ipv6CidrBlock", "PortRange")
"""What an entry's API shape and CloudFormation name alike."""


def _acls(api: Api) -> list[dict[str, Any]]:
    """Every network ACL of the region: one call, shared by the three types."""
    return api.pages("ec2", "describe_network_acls", "NetworkAcls")


@register
class NetworkAcl(Handler):
    """A network ACL."""

    TYPE = "AWS::EC2::NetworkAcl"

    def list(self, api: Api) -> Iterable[Live]:
        for acl in _acls(api):
            if api.keeps(acl.get("Tags")):
                props = {"VpcId": acl["VpcId"], "Tags": tags_of(acl)}
                yield Live(acl["NetworkAclId"], props, {"Id": acl["NetworkAclId"]})

    def create(self, api: Api, props: Props, token: str) -> Live:
        acl = api.client("ec2").create_network_acl(
            VpcId=props["VpcId"],
            ClientToken=token,
            TagSpecifications=tag_specifications("network-acl", props),
        )["NetworkAcl"]
        acl_id = acl["NetworkAclId"]
        return Live(acl_id, present(props, ("VpcId", "Tags")), {"Id": acl_id})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        sync_tags(api.client("ec2"), current.physical_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidNetworkAclID.NotFound"):
            api.client("ec2").delete_network_acl(NetworkAclId=current.physical_id)


@register
class NetworkAclEntry(Handler):
    """One rule of a network ACL; its id is "acl-id|ingress|100" or "acl-id|egress|100"."""

    TYPE = "AWS::EC2::NetworkAclEntry"

    def list(self, api: Api) -> Iterable[Live]:
        for acl in _acls(api):
            for entry in acl.get("Entries", ()):
                props = {
                    "NetworkAclId": acl["NetworkAclId"],
                    **present(entry, (*_ENTRY, "Egress")),
                    "Protocol": int(entry["Protocol"]),
                }
                if "IcmpTypeCode" in entry:
                    props["Icmp"] = entry["IcmpTypeCode"]
                entry_id = _entry_id(props)
                yield Live(entry_id, props, {"Id": entry_id})

    def create(self, api: Api, props: Props, token: str) -> Live:
        api.client("ec2").create_network_acl_entry(**_entry_params(props))
        entry_id = _entry_id(props)
        return Live(entry_id, dict(props), {"Id": entry_id})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        api.client("ec2").replace_network_acl_entry(**_entry_params(desired))
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        props = current.properties
        with ignoring("InvalidNetworkAclEntry.NotFound", "InvalidNetworkAclID.NotFound"):
            api.client("ec2").delete_network_acl_entry(
                NetworkAclId=props["NetworkAclId"],
                RuleNumber=props["RuleNumber"],
                Egress=props.get("Egress", False),
            )

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (props["NetworkAclId"], props["RuleNumber"], props.get("Egress", False))


def _entry_id(props: Mapping[str, Any]) -> str:
    direction = "egress" if props.get("Egress", False) else "ingress"
    return f"{props['NetworkAclId']}|{direction}|{props['RuleNumber']}"


def _entry_params(props: Props) -> dict[str, Any]:
    """create/replace_network_acl_entry's arguments for an entry's properties."""
    params = present(props, ("NetworkAclId", *_ENTRY))
    params.update(Protocol=str(props["Protocol"]), Egress=props.get("Egress", False))
    if "Icmp" in props:
        params["IcmpTypeCode"] = props["Icmp"]
    return params


@register
class SubnetNetworkAclAssociation(Handler):
    """A subnet's association with a network ACL other than its VPC's default one.

    Every subnet is associated with exactly one ACL: creating this resource moves the
    subnet's association onto the declared ACL, deleting it moves the subnet back to the
    VPC's default ACL. An association with the default ACL is the absence of this resource.
    """

    TYPE = "AWS::EC2::SubnetNetworkAclAssociation"

    def list(self, api: Api) -> Iterable[Live]:
        for acl in _acls(api):
            if acl["IsDefault"]:
                continue
            for association in acl.get("Associations", ()):
                association_id = association["NetworkAclAssociationId"]
                props = {"SubnetId": association["SubnetId"], "NetworkAclId": acl["NetworkAclId"]}
                yield Live(association_id, props, {"AssociationId": association_id})

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec2 = api.client("ec2")
        association_id = ec2.replace_network_acl_association(
            AssociationId=_association_of(ec2, props["SubnetId"]),
            NetworkAclId=props["NetworkAclId"],
        )["NewAssociationId"]
        return Live(association_id, dict(props), {"AssociationId": association_id})

    def delete(self, api: Api, current: Live) -> None:
        ec2 = api.client("ec2")
        association_id = current.physical_id
        acls = ec2.describe_network_acls(
            Filters=[{"Name": "association.association-id", "Values": [association_id]}]
        )["NetworkAcls"]
        if not acls:
            return  # replaced or moved since: this association no longer exists
        (default,) = ec2.describe_network_acls(
            Filters=[
                {"Name": "vpc-id", "Values": [acls[0]["VpcId"]]},
                {"Name": "default", "Values": ["true"]},
            ]
        )["NetworkAcls"]
        with ignoring("InvalidAssociationID.NotFound"):
            ec2.replace_network_acl_association(
                AssociationId=association_id, NetworkAclId=default["NetworkAclId"]
            )

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (props["SubnetId"],)


def _association_of(ec2: Any, subnet_id: str) -> str:
    """The id of the subnet's current association (every subnet has one)."""
    acls = ec2.describe_network_acls(
        Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}]
    )["NetworkAcls"]
    for association in (a for acl in acls for a in acl["Associations"]):
        if association["SubnetId"] == subnet_id:
            return str(association["NetworkAclAssociationId"])
    raise LandformError(f"subnet {subnet_id} has no network ACL association: does it exist?")
