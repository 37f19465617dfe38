"""AWS::EC2::InternetGateway, AWS::EC2::VPCGatewayAttachment, AWS::EC2::EIP and
AWS::EC2::NatGateway"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    error_code,
    ignoring,
    present,
    refuse_changes,
)
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register


def _internet_gateways(api: Api) -> list[dict[str, Any]]:
    """Landform's internet gateways (every one, listing everything) with their
    attachments: one call per Api."""
    return api.pages(
        "ec2", "describe_internet_gateways", "InternetGateways", Filters=api.owned(OWNED)
    )


@register
class InternetGateway(Handler):
    """An internet gateway; attaching it to a VPC is a VPCGatewayAttachment."""

    TYPE = "AWS::EC2::InternetGateway"

    def list(self, api: Api) -> Iterable[Live]:
        for gateway in _internet_gateways(api):
            yield _gateway(gateway["InternetGatewayId"], {"Tags": tags_of(gateway)})

    def create(self, api: Api, props: Props, token: str) -> Live:
        gateway = api.client("ec2").create_internet_gateway(
            TagSpecifications=tag_specifications("internet-gateway", props)
        )["InternetGateway"]
        return _gateway(gateway["InternetGatewayId"], present(props, ("Tags",)))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        sync_tags(api.client("ec2"), current.physical_id, current, desired)
        return _gateway(current.physical_id, desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidInternetGatewayID.NotFound"):
            api.client("ec2").delete_internet_gateway(InternetGatewayId=current.physical_id)


def _gateway(gateway_id: str, props: Props) -> Live:
    return Live(gateway_id, props, {"InternetGatewayId": gateway_id})


@register
class VPCGatewayAttachment(Handler):
    """An internet gateway attached to a VPC, known as "igw-…|vpc-…" (it has no id or tags).

    A gateway serves one VPC, so attaching it moves it off the VPC it served: replacing an
    attachment creates the new one before it deletes the old.
    """

    TYPE = "AWS::EC2::VPCGatewayAttachment"
    UNSUPPORTED = frozenset({"VpnGatewayId"})

    def list(self, api: Api) -> Iterable[Live]:
        for gateway in _internet_gateways(api):
            for attachment in gateway.get("Attachments", []):
                if attachment.get("State") not in ("detaching", "detached"):
                    yield _attachment(gateway["InternetGatewayId"], attachment["VpcId"])

    def create(self, api: Api, props: Props, token: str) -> Live:
        gateway_id = self._gateway_id(props)
        _attach(api.client("ec2"), gateway_id, props["VpcId"])
        return _attachment(gateway_id, props["VpcId"])

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        gateway_id = self._gateway_id(desired)
        self.delete(api, current)
        _attach(api.client("ec2"), gateway_id, desired["VpcId"])
        return _attachment(gateway_id, desired["VpcId"])

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("Gateway.NotAttached", "InvalidInternetGatewayID.NotFound"):
            api.client("ec2").detach_internet_gateway(
                InternetGatewayId=current.properties["InternetGatewayId"],
                VpcId=current.properties["VpcId"],
            )

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return (props.get("InternetGatewayId"), props.get("VpcId"))

    def _gateway_id(self, props: Props) -> str:
        return str(props["InternetGatewayId"])


def _attachment(gateway_id: str, vpc_id: str) -> Live:
    props = {"InternetGatewayId": gateway_id, "VpcId": vpc_id}
    return Live(f"{gateway_id}|{vpc_id}", props, {"AttachmentType": "IGW"})


def _attach(ec2: Any, gateway_id: str, vpc_id: str) -> None:
    """Attach the gateway to the VPC, detaching it first from any other VPC."""
    try:
        ec2.attach_internet_gateway(InternetGatewayId=gateway_id, VpcId=vpc_id)
    except Exception as error:
        if error_code(error) != "Resource.AlreadyAssociated":
            raise
        (gateway,) = ec2.describe_internet_gateways(InternetGatewayIds=[gateway_id])[
            "InternetGateways"
        ]
        attached = [a["VpcId"] for a in gateway.get("Attachments", [])]
        if vpc_id in attached:
            return
        for other in attached:
            ec2.detach_internet_gateway(InternetGatewayId=gateway_id, VpcId=other)
        ec2.attach_internet_gateway(InternetGatewayId=gateway_id, VpcId=vpc_id)


EIP_CREATE = ("NetworkBorderGroup", "PublicIpv4Pool", "Address", "IpamPoolId")
"""What allocate_address takes besides Domain, under the same names as CloudFormation's."""

EIP_READ = ("Domain", "NetworkBorderGroup", "PublicIpv4Pool", "InstanceId")
"""What describe_addresses returns under CloudFormation's names (when set)."""


@register
class EIP(Handler):
    """An Elastic IP address; its Ref is the address, its allocation id an attribute."""

    TYPE = "AWS::EC2::EIP"
    UNSUPPORTED = frozenset({"TransferAddress"})

    def list(self, api: Api) -> Iterable[Live]:
        for address in api.pages(
            "ec2", "describe_addresses", "Addresses", Filters=api.owned(OWNED)
        ):
            props = {k: address[k] for k in EIP_READ if address.get(k)}
            yield _address(address, {**props, "Tags": tags_of(address)})

    def create(self, api: Api, props: Props, token: str) -> Live:
        address = api.client("ec2").allocate_address(
            Domain=props.get("Domain", "vpc"),
            TagSpecifications=tag_specifications("elastic-ip", props),
            **present(props, EIP_CREATE),
        )
        return _address(address, present(props, (*EIP_CREATE, "Domain", "Tags")))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        refuse_changes(self.TYPE, current, desired, ("Domain", "PublicIpv4Pool"))
        ec2 = api.client("ec2")
        allocation_id = current.attributes["AllocationId"]
        if changed(current, desired, "InstanceId"):
            _associate(ec2, allocation_id, desired.get("InstanceId"))
        sync_tags(ec2, allocation_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        ec2 = api.client("ec2")
        allocation_id = current.attributes["AllocationId"]
        with ignoring("InvalidAllocationID.NotFound"):
            if current.properties.get("InstanceId"):
                _associate(ec2, allocation_id, None)
            ec2.release_address(AllocationId=allocation_id)


def _address(address: dict[str, Any], props: Props) -> Live:
    attributes = {"AllocationId": address["AllocationId"], "PublicIp": address["PublicIp"]}
    return Live(address["PublicIp"], props, attributes)


def _associate(ec2: Any, allocation_id: str, instance_id: str | None) -> None:
    """Associate the address with the instance, or with nothing when `instance_id` is None."""
    if instance_id is not None:
        ec2.associate_address(
            AllocationId=allocation_id, InstanceId=instance_id, AllowReassociation=True
        )
        return
    (address,) = ec2.describe_addresses(AllocationIds=[allocation_id])["Addresses"]
    if address.get("AssociationId"):
        ec2.disassociate_address(AssociationId=address["AssociationId"])


NAT_SECONDARY = (
    "SecondaryAllocationIds",
    "SecondaryPrivateIpAddresses",
    "SecondaryPrivateIpAddressCount",
)
"""Secondary addresses: set when the NAT gateway is created (not changed in place yet)."""

NAT_CREATE = (
    "SubnetId",
    "AllocationId",
    "ConnectivityType",
    "PrivateIpAddress",
    "AvailabilityMode",
    "VpcId",
    *NAT_SECONDARY,
)
"""What create_nat_gateway takes, under the same names as CloudFormation's."""

NAT_ALIVE = {"Name": "state", "Values": ["pending", "available"]}
"""NAT gateways deleting, deleted or failed (AWS removes those) are gone for Landform."""


@register
class NatGateway(Handler):
    """A NAT gateway: usable once available, and holding its subnet and address until
    deleted, so both `wait_ready` and `delete` wait."""

    TYPE = "AWS::EC2::NatGateway"
    UNSUPPORTED = frozenset({"AvailabilityZoneAddresses"})

    def list(self, api: Api) -> Iterable[Live]:
        filters = [*api.owned(OWNED), NAT_ALIVE]
        for nat in api.pages("ec2", "describe_nat_gateways", "NatGateways", Filters=filters):
            yield _nat(nat, _nat_properties(nat))

    def create(self, api: Api, props: Props, token: str) -> Live:
        nat = api.client("ec2").create_nat_gateway(
            ClientToken=token,
            TagSpecifications=tag_specifications("natgateway", props),
            **present(props, NAT_CREATE),
        )["NatGateway"]
        return _nat(nat, present(props, (*NAT_CREATE, "Tags")))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        refuse_changes(self.TYPE, current, desired, NAT_SECONDARY)
        sync_tags(api.client("ec2"), current.physical_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("NatGatewayNotFound"):
            api.client("ec2").delete_nat_gateway(NatGatewayId=current.physical_id)
        api.wait("ec2", "nat_gateway_deleted", NatGatewayIds=[current.physical_id])

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait("ec2", "nat_gateway_available", NatGatewayIds=[current.physical_id])
        return current


def _nat(nat: dict[str, Any], props: Props) -> Live:
    """The NAT gateway as `Live`, from a create_nat_gateway or describe_nat_gateways item."""
    primary, _ = _nat_addresses(nat)
    attributes = {"NatGatewayId": nat["NatGatewayId"]}
    for address in primary:
        if "NetworkInterfaceId" in address:
            attributes["EniId"] = address["NetworkInterfaceId"]
    return Live(nat["NatGatewayId"], props, attributes)


def _nat_properties(nat: dict[str, Any]) -> Props:
    props = present(nat, ("SubnetId", "VpcId", "ConnectivityType", "AvailabilityMode"))
    primary, secondary = _nat_addresses(nat)
    for address in primary:
        props.update(present(address, ("AllocationId",)))
        if "PrivateIp" in address:
            props["PrivateIpAddress"] = address["PrivateIp"]
    private_ips = [a["PrivateIp"] for a in secondary if "PrivateIp" in a]
    props["SecondaryAllocationIds"] = [a["AllocationId"] for a in secondary if "AllocationId" in a]
    props["SecondaryPrivateIpAddresses"] = private_ips
    props["SecondaryPrivateIpAddressCount"] = len(private_ips)
    return {**props, "Tags": tags_of(nat)}


def _nat_addresses(nat: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The primary address (a list of at most one) and the secondary ones."""
    addresses = nat.get("NatGatewayAddresses", [])
    primary = [a for a in addresses if a.get("IsPrimary", True)][:1]
    return primary, [a for a in addresses if a not in primary]
