"""Landform::EC2::NoDefaultVPC: a region of an account kept without a default VPC.

AWS makes a default VPC in every region of a new account, with a public subnet in each
availability zone behind an internet gateway; AWS Control Tower deletes it from the
accounts it makes. This resource is that absence: `list` yields it while the region has no
default VPC, so a default VPC made again outside Landform plans as a create (and drift
reports the resource deleted). Create deletes the default VPC; delete gives the region one
again (create-default-vpc). The physical id is the account id, as for AWS's other
per-region account settings (AWS::EC2::VPCBlockPublicAccessOptions).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from landform.errors import LandformError
from landform.handlers.account_settings import AccountSetting, setting
from landform.handlers.base import Api, Live, Props, ignoring
from landform.handlers.registry import register

DEFAULT_VPCS = [{"Name": "is-default", "Values": ["true"]}]


@dataclass(frozen=True)
class _Contents:
    """One kind of thing a VPC can hold, read with one describe call filtered on the VPC;
    `made_by_aws` tells what AWS put in every default VPC (deleted with it)."""

    what: str
    operation: str
    key: str
    id_key: str
    vpc_filter: str = "vpc-id"
    made_by_aws: Callable[[Mapping[str, Any]], bool] = lambda item: False

    def others(self, ec2: Any, vpc_id: str) -> list[str]:
        """The ids of what the VPC holds of this kind beyond what AWS put there."""
        items = getattr(ec2, self.operation)(
            Filters=[{"Name": self.vpc_filter, "Values": [vpc_id]}]
        )[self.key]
        return [str(item[self.id_key]) for item in items if not self.made_by_aws(item)]


CONTENTS = (
    _Contents(
        "network interfaces (instances, load balancers, NAT gateways, functions, endpoints)",
        "describe_network_interfaces",
        "NetworkInterfaces",
        "NetworkInterfaceId",
    ),
    _Contents(
        "security groups",
        "describe_security_groups",
        "SecurityGroups",
        "GroupId",
        made_by_aws=lambda group: group["GroupName"] == "default",
    ),
    _Contents(
        "subnets",
        "describe_subnets",
        "Subnets",
        "SubnetId",
        made_by_aws=lambda subnet: bool(subnet.get("DefaultForAz")),
    ),
    _Contents(
        "route tables",
        "describe_route_tables",
        "RouteTables",
        "RouteTableId",
        made_by_aws=lambda table: any(a.get("Main") for a in table.get("Associations", ())),
    ),
    _Contents(
        "network ACLs",
        "describe_network_acls",
        "NetworkAcls",
        "NetworkAclId",
        made_by_aws=lambda acl: bool(acl.get("IsDefault")),
    ),
    _Contents("VPC endpoints", "describe_vpc_endpoints", "VpcEndpoints", "VpcEndpointId"),
    _Contents(
        "VPN gateways",
        "describe_vpn_gateways",
        "VpnGateways",
        "VpnGatewayId",
        vpc_filter="attachment.vpc-id",
    ),
)
"""What keeps a default VPC from being deleted, besides its default subnets and its
internet gateway (which the delete removes)."""


@register
class NoDefaultVPC(AccountSetting):
    """A region without a default VPC. Deleting the default VPC removes its internet
    gateway and default subnets first; it is refused, before anything is deleted, while
    the VPC holds anything else (see CONTENTS). Audit reads no absence where a default
    VPC is (the VPC itself is read, and judged, as any VPC)."""

    TYPE = "Landform::EC2::NoDefaultVPC"

    def read(self, api: Api) -> Live | None:
        if api.pages("ec2", "describe_vpcs", "Vpcs", Filters=DEFAULT_VPCS):
            return None
        return setting(api, {})

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec2 = api.client("ec2")
        vpcs = ec2.describe_vpcs(Filters=DEFAULT_VPCS)["Vpcs"]
        for vpc in vpcs:
            _refuse_if_in_use(ec2, vpc["VpcId"], api.region)
        for vpc in vpcs:
            _delete_default_vpc(ec2, vpc["VpcId"])
        return setting(api, {})

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("DefaultVpcAlreadyExists"):
            api.client("ec2").create_default_vpc()


def _refuse_if_in_use(ec2: Any, vpc_id: str, region: str) -> None:
    held = {contents.what: contents.others(ec2, vpc_id) for contents in CONTENTS}
    found = {what: ids for what, ids in held.items() if ids}
    if found:
        listing = "; ".join(f"{what}: {', '.join(sorted(ids))}" for what, ids in found.items())
        raise LandformError(
            f"the default VPC {vpc_id} of {region} is in use, so it was not deleted ({listing})",
            hint="move or delete what it holds first, or keep the default VPC by removing "
            "the Landform::EC2::NoDefaultVPC declaration of this account and region",
        )


def _delete_default_vpc(ec2: Any, vpc_id: str) -> None:
    """Delete the VPC after its internet gateways and default subnets."""
    attached = [{"Name": "attachment.vpc-id", "Values": [vpc_id]}]
    for gateway in ec2.describe_internet_gateways(Filters=attached)["InternetGateways"]:
        gateway_id = gateway["InternetGatewayId"]
        ec2.detach_internet_gateway(InternetGatewayId=gateway_id, VpcId=vpc_id)
        ec2.delete_internet_gateway(InternetGatewayId=gateway_id)
    in_vpc = [{"Name": "vpc-id", "Values": [vpc_id]}]
    for subnet in ec2.describe_subnets(Filters=in_vpc)["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    ec2.delete_vpc(VpcId=vpc_id)
