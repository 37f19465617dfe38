"""AWS::EC2::TransitGateway and AWS::EC2::TransitGatewayAttachment (a VPC attachment)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, changed, ignoring, present
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register

_GONE = frozenset({"deleting", "deleted"})
"""States in which AWS still lists a gateway or attachment that is going away."""

_SWITCHES = {
    "AutoAcceptSharedAttachments": "disable",
    "DefaultRouteTableAssociation": "enable",
    "DefaultRouteTablePropagation": "enable",
    "VpnEcmpSupport": "enable",
    "DnsSupport": "enable",
    "SecurityGroupReferencingSupport": "disable",
}
"""Options modify_transit_gateway can switch, and AWS's default for each."""

_CREATE_OPTIONS = (*_SWITCHES, "AmazonSideAsn", "MulticastSupport", "TransitGatewayCidrBlocks")
_ROUTE_TABLES = ("AssociationDefaultRouteTableId", "PropagationDefaultRouteTableId")


@register
class TransitGateway(Handler):
    """A transit gateway; its options are CloudFormation properties of the same names.

    EncryptionSupport (write-only in CloudFormation's schema, so compared with state) is
    not taken by create_transit_gateway: the update that follows creation sets it.
    """

    TYPE = "AWS::EC2::TransitGateway"

    def list(self, api: Api) -> Iterable[Live]:
        for gateway in api.pages(
            "ec2", "describe_transit_gateways", "TransitGateways", Filters=api.owned(OWNED)
        ):
            if gateway["State"] in _GONE:
                continue
            options = gateway.get("Options", {})
            props = {
                **present(gateway, ("Description",)),
                **present(options, (*_CREATE_OPTIONS, *_ROUTE_TABLES)),
                "Tags": tags_of(gateway),
            }
            yield Live(gateway["TransitGatewayId"], props, _attributes(gateway))

    def create(self, api: Api, props: Props, token: str) -> Live:
        gateway = api.client("ec2").create_transit_gateway(
            **present(props, ("Description",)),
            Options=present(props, _CREATE_OPTIONS),
            TagSpecifications=tag_specifications("transit-gateway", props),
        )["TransitGateway"]
        created = present(props, ("Description", *_CREATE_OPTIONS, "Tags"))
        return Live(gateway["TransitGatewayId"], created, _attributes(gateway))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        gateway_id = current.physical_id
        have = current.properties
        wanted = {k: v for k, v in _SWITCHES.items() if k in have}
        wanted.update(present(desired, (*_SWITCHES, *_ROUTE_TABLES, "EncryptionSupport")))
        options: Props = {k: v for k, v in wanted.items() if have.get(k) != v}
        old_blocks = set(have.get("TransitGatewayCidrBlocks", ()))
        new_blocks = set(desired.get("TransitGatewayCidrBlocks", ()))
        if new_blocks - old_blocks:
            options["AddTransitGatewayCidrBlocks"] = sorted(new_blocks - old_blocks)
        if old_blocks - new_blocks:
            options["RemoveTransitGatewayCidrBlocks"] = sorted(old_blocks - new_blocks)
        params = {"Options": options} if options else {}
        if changed(current, desired, "Description"):
            params["Description"] = desired.get("Description", "")
        if params:
            ec2.modify_transit_gateway(TransitGatewayId=gateway_id, **params)
        sync_tags(ec2, gateway_id, current, desired)
        return Live(gateway_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidTransitGatewayID.NotFound"):
            api.client("ec2").delete_transit_gateway(TransitGatewayId=current.physical_id)
        api.wait("ec2", "transit_gateway_deleted", TransitGatewayIds=[current.physical_id])

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait("ec2", "transit_gateway_available", TransitGatewayIds=[current.physical_id])
        return current


def _attributes(gateway: dict[str, Any]) -> dict[str, Any]:
    options = gateway.get("Options", {})
    attributes = {
        "Id": gateway["TransitGatewayId"],
        "TransitGatewayArn": gateway["TransitGatewayArn"],
    }
    if "EncryptionSupport" in options:
        attributes["EncryptionSupportState"] = options["EncryptionSupport"]
    return attributes


_ATTACHMENT_SWITCHES = {
    "DnsSupport": "enable",
    "Ipv6Support": "disable",
    "ApplianceModeSupport": "disable",
}
"""Attachment options with AWS's default for each (SecurityGroupReferencingSupport's
default depends on the gateway's, so it is set only when declared)."""

_ATTACHMENT = ("TransitGatewayId", "VpcId", "SubnetIds", "Options")


@register
class TransitGatewayAttachment(Handler):
    """A VPC attachment; its subnets and options change in place."""

    TYPE = "AWS::EC2::TransitGatewayAttachment"

    def list(self, api: Api) -> Iterable[Live]:
        for attachment in api.pages(
            "ec2",
            "describe_transit_gateway_vpc_attachments",
            "TransitGatewayVpcAttachments",
            Filters=api.owned(OWNED),
        ):
            if attachment["State"] not in _GONE:
                attachment_id = attachment["TransitGatewayAttachmentId"]
                props = {**present(attachment, _ATTACHMENT), "Tags": tags_of(attachment)}
                yield Live(attachment_id, props, {"Id": attachment_id})

    def create(self, api: Api, props: Props, token: str) -> Live:
        attachment = api.client("ec2").create_transit_gateway_vpc_attachment(
            **present(props, _ATTACHMENT),
            TagSpecifications=tag_specifications("transit-gateway-attachment", props),
        )["TransitGatewayVpcAttachment"]
        attachment_id = attachment["TransitGatewayAttachmentId"]
        return Live(attachment_id, present(props, (*_ATTACHMENT, "Tags")), {"Id": attachment_id})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        attachment_id = current.physical_id
        old_subnets = set(current.properties.get("SubnetIds", ()))
        new_subnets = set(desired["SubnetIds"])
        params: Props = {}
        if new_subnets - old_subnets:
            params["AddSubnetIds"] = sorted(new_subnets - old_subnets)
        if old_subnets - new_subnets:
            params["RemoveSubnetIds"] = sorted(old_subnets - new_subnets)
        options = {**_ATTACHMENT_SWITCHES, **desired.get("Options", {})}
        have = current.properties.get("Options", {})
        if any(have.get(k) != v for k, v in options.items()):
            params["Options"] = options
        if params:
            ec2.modify_transit_gateway_vpc_attachment(
                TransitGatewayAttachmentId=attachment_id, **params
            )
        sync_tags(ec2, attachment_id, current, desired)
        return Live(attachment_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        ids = [current.physical_id]
        with ignoring("InvalidTransitGatewayAttachmentID.NotFound"):
            api.client("ec2").delete_transit_gateway_vpc_attachment(
                TransitGatewayAttachmentId=current.physical_id
            )
        # the gateway cannot be deleted while one of its attachments is still deleting
        api.wait("ec2", "transit_gateway_attachment_deleted", TransitGatewayAttachmentIds=ids)

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait(
            "ec2",
            "transit_gateway_attachment_available",
            TransitGatewayAttachmentIds=[current.physical_id],
        )
        return current
