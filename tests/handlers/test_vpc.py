"""AWS::EC2::VPC against the emulator."""

from __future__ import annotations

from typing import Any

from landform.aws import ec2
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.handlers.base import tag_map
from landform.handlers.ec2.nacl import NetworkAcl
from landform.handlers.ec2.routing import RouteTable
from landform.handlers.ec2.vpc import VPC
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT, REGION, TAGS
from tests.support import actions, converge, destroy, new_app, plan

VPC_ADDRESS = "shop/main/vpc"


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def test_vpc_create_update_replace_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16", enable_dns_hostnames=True)
    converge(app, context)
    (vpc,) = aws("ec2").describe_vpcs(
        Filters=[{"Name": "tag:landform:address", "Values": ["shop/main/vpc"]}]
    )["Vpcs"]
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    attribute = aws("ec2").describe_vpc_attribute(
        VpcId=vpc["VpcId"], Attribute="enableDnsHostnames"
    )
    assert attribute["EnableDnsHostnames"]["Value"] is True

    app, stack = new_app()
    ec2.VPC(
        stack, "vpc", cidr_block="10.0.0.0/16", enable_dns_hostnames=False, tags={"Tier": "core"}
    )
    assert actions(plan(app, context)) == {"shop/main/vpc": "update"}
    converge(app, context)
    tags = {
        t["Key"]: t["Value"]
        for t in aws("ec2").describe_tags(
            Filters=[{"Name": "resource-id", "Values": [vpc["VpcId"]]}]
        )["Tags"]
    }
    assert tags["Tier"] == "core"

    app, stack = new_app()
    ec2.VPC(stack, "vpc", cidr_block="10.1.0.0/16")
    assert actions(plan(app, context)) == {"shop/main/vpc": "replace"}
    converge(app, context)
    owned = aws("ec2").describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["landform:address"]}])[
        "Vpcs"
    ]
    assert [v["CidrBlock"] for v in owned] == ["10.1.0.0/16"]

    destroy(app, context)
    assert (
        aws("ec2").describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["landform:address"]}])[
            "Vpcs"
        ]
        == []
    )
    assert context.store.all() == []


def companions(aws: Any, vpc_id: str) -> dict[str, dict[str, str]]:
    """The tags of the VPC's main route table and default network ACL, by their ids."""
    vpc = [{"Name": "vpc-id", "Values": [vpc_id]}]
    tables = aws("ec2").describe_route_tables(
        Filters=[*vpc, {"Name": "association.main", "Values": ["true"]}]
    )["RouteTables"]
    acls = aws("ec2").describe_network_acls(
        Filters=[*vpc, {"Name": "default", "Values": ["true"]}]
    )["NetworkAcls"]
    found = [(t["RouteTableId"], t) for t in tables] + [(a["NetworkAclId"], a) for a in acls]
    return {made_id: tag_map(made.get("Tags")) for made_id, made in found}


def owned_ids(context: Context) -> set[str]:
    """The route tables and network ACLs Landform takes for its own, as a new run lists."""
    context.fresh_reads()
    api = context.api(ACCOUNT, REGION)
    return {live.physical_id for live in [*RouteTable().list(api), *NetworkAcl().list(api)]}


def test_the_main_route_table_and_default_acl_carry_the_vpcs_tags_but_not_its_address(
    context: Context, aws: Any
) -> None:
    app, stack = new_app()
    ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16", tags={"Tier": "core"})
    converge(app, context)
    vpc_id = physical_id(context, VPC_ADDRESS)
    made = companions(aws, vpc_id)
    assert len(made) == 2, "one main route table, one default network ACL"
    assert list(made.values()) == [{**TAGS, "Tier": "core"}] * 2, "no landform:address"
    assert owned_ids(context).isdisjoint(made), "never taken for Landform's own"

    app, stack = new_app()
    ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16", tags={"Team": "network"})
    assert actions(plan(app, context)) == {VPC_ADDRESS: "update"}
    converge(app, context)
    assert companions(aws, vpc_id) == {made_id: {**TAGS, "Team": "network"} for made_id in made}
    assert owned_ids(context).isdisjoint(made)


def test_a_main_route_table_of_landforms_own_keeps_its_tags(context: Context, aws: Any) -> None:
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    ec2.RouteTable(stack, "table", vpc_id=vpc.id)
    converge(app, context)
    vpc_id, table_id = physical_id(context, VPC_ADDRESS), physical_id(context, "shop/main/table")
    (main,) = aws("ec2").describe_route_tables(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "association.main", "Values": ["true"]},
        ]
    )["RouteTables"]
    (association,) = main["Associations"]
    aws("ec2").replace_route_table_association(
        AssociationId=association["RouteTableAssociationId"], RouteTableId=table_id
    )

    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16", tags={"Team": "network"})
    ec2.RouteTable(stack, "table", vpc_id=vpc.id)
    converge(app, context)  # the table's own tags plan no change after it
    (table,) = aws("ec2").describe_route_tables(RouteTableIds=[table_id])["RouteTables"]
    assert tag_map(table["Tags"]) == {**TAGS, ADDRESS_TAG: "shop/main/table"}
    made = companions(aws, vpc_id)
    assert table_id in made, "the main route table is Landform's own now"
    assert [tags for tags in made.values() if "Team" in tags] == [{**TAGS, "Team": "network"}]


def test_companions_cost_two_calls_on_create_and_none_without_tags(
    context: Context, calls: CallCounter
) -> None:
    api = context.api(None, REGION)
    VPC().create(api, {"CidrBlock": "10.0.0.0/16"}, "bare")
    made = {("ec2", "CreateVpc"): 1, ("ec2", "DescribeSecurityGroups"): 1}
    made[("ec2", "DescribeNetworkAcls")] = 1
    assert calls.calls == made
    calls.calls.clear()
    tier = {"CidrBlock": "10.1.0.0/16", "Tags": [{"Key": "Tier", "Value": "core"}]}
    vpc = VPC().create(api, tier, "tagged")
    assert calls.calls == {**made, ("ec2", "DescribeRouteTables"): 1, ("ec2", "CreateTags"): 1}

    calls.calls.clear()
    VPC().update(api, vpc, tier)
    assert calls.calls == {}, "tags unchanged: nothing to do"
    VPC().update(api, vpc, {**tier, "Tags": [{"Key": "Team", "Value": "network"}]})
    assert calls.calls == {  # the VPC's own tags, then its companions'
        ("ec2", "DeleteTags"): 2,
        ("ec2", "CreateTags"): 2,
        ("ec2", "DescribeRouteTables"): 1,
    }
