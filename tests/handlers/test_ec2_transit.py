"""Transit gateways and their VPC attachments against the emulator."""

from __future__ import annotations

from typing import Any

from landform import App
from landform.aws import ec2
from landform.engine.context import Context
from landform.handlers.base import tag_map
from tests.support import actions, converge, destroy, new_app, plan

OWNED = [{"Name": "tag-key", "Values": ["landform:address"]}]
LIVE = {"Name": "state", "Values": ["pending", "available", "modifying"]}


def network(aws: Any) -> tuple[str, list[str]]:
    """A VPC with two subnets, made outside Landform: (vpc id, subnet ids)."""
    client = aws("ec2")
    vpc = client.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        client.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24")["Subnet"]["SubnetId"]
        for i in (1, 2)
    ]
    return vpc, subnets


def hub(
    vpc: str, subnets: list[str], asn: int = 64512, description: str = "core", **tags: str
) -> App:
    app, stack = new_app()
    tgw = ec2.TransitGateway(
        stack,
        "tgw",
        amazon_side_asn=asn,
        description=description,
        dns_support="enable",
        tags=tags,
    )
    ec2.TransitGatewayAttachment(
        stack, "attachment", transit_gateway_id=tgw.id, vpc_id=vpc, subnet_ids=subnets, tags=tags
    )
    return app


def gateways(aws: Any) -> list[dict[str, Any]]:
    found = aws("ec2").describe_transit_gateways(Filters=[*OWNED, LIVE])["TransitGateways"]
    return found  # type: ignore[no-any-return]


def attachments(aws: Any) -> list[dict[str, Any]]:
    found = aws("ec2").describe_transit_gateway_vpc_attachments(Filters=[*OWNED, LIVE])
    return found["TransitGatewayVpcAttachments"]  # type: ignore[no-any-return]


def test_transit_gateway_and_attachment(context: Context, aws: Any) -> None:
    vpc, (first, second) = network(aws)
    converge(hub(vpc, [first]), context)
    (tgw,) = gateways(aws)
    assert (tgw["Description"], tgw["Options"]["AmazonSideAsn"]) == ("core", 64512)
    (attachment,) = attachments(aws)
    assert (attachment["TransitGatewayId"], attachment["VpcId"]) == (tgw["TransitGatewayId"], vpc)
    assert attachment["SubnetIds"] == [first]
    record = context.store.get("shop/main/tgw")
    assert record is not None
    assert record.attributes["TransitGatewayArn"] == tgw["TransitGatewayArn"]

    app = hub(vpc, [first, second], description="core network", Tier="network")
    assert actions(plan(app, context)) == {
        "shop/main/tgw": "update",
        "shop/main/attachment": "update",
    }
    converge(app, context)
    (tgw,) = gateways(aws)
    assert tgw["Description"] == "core network"
    assert tag_map(tgw["Tags"])["Tier"] == "network"
    (attachment,) = attachments(aws)
    assert sorted(attachment["SubnetIds"]) == sorted([first, second])
    assert tag_map(attachment["Tags"])["Tier"] == "network"

    app = hub(vpc, [second], asn=64513, description="core network")
    assert actions(plan(app, context)) == {
        "shop/main/tgw": "replace",
        "shop/main/attachment": "replace",
    }
    converge(app, context)
    (replaced,) = gateways(aws)
    assert replaced["TransitGatewayId"] != tgw["TransitGatewayId"]
    assert replaced["Options"]["AmazonSideAsn"] == 64513
    (attachment,) = attachments(aws)
    assert (attachment["TransitGatewayId"], attachment["SubnetIds"]) == (
        replaced["TransitGatewayId"],
        [second],
    )

    destroy(app, context)
    assert gateways(aws) == []
    assert attachments(aws) == []
    assert context.store.all() == []
