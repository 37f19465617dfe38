"""Subnets, gateways, addresses and routing against the emulator."""

from __future__ import annotations

from typing import Any

from landform import App
from landform.aws import ec2
from landform.cloud.calls import CallCounter
from landform.engine.apply import apply_plan
from landform.engine.context import Context
from landform.handlers.base import tag_map
from tests.support import actions, converge, destroy, new_app, plan

OWNED = [{"Name": "tag-key", "Values": ["landform:address"]}]


def owned(aws: Any, operation: str, key: str) -> list[dict[str, Any]]:
    """What a describe call returns of the resources that carry Landform's tag."""
    return getattr(aws("ec2"), operation)(Filters=OWNED)[key]  # type: ignore[no-any-return]


def record(context: Context, name: str) -> Any:
    found = context.store.get(f"shop/main/{name}")
    assert found is not None, name
    return found


def network(
    target: str = "igw", destination: str = "0.0.0.0/0", table: str = "public", **tags: str
) -> App:
    """A VPC with a subnet, an internet and a NAT gateway, two route tables and a route."""
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnet = ec2.Subnet(stack, "subnet", vpc_id=vpc.id, cidr_block="10.0.1.0/24")
    igw = ec2.InternetGateway(stack, "igw")
    attachment = ec2.VPCGatewayAttachment(
        stack, "attachment", vpc_id=vpc.id, internet_gateway_id=igw.id
    )
    eip = ec2.EIP(stack, "eip", domain="vpc")
    nat = ec2.NatGateway(stack, "nat", subnet_id=subnet.id, allocation_id=eip.allocation_id)
    tables = {
        "public": ec2.RouteTable(stack, "public", vpc_id=vpc.id, tags=tags),
        "private": ec2.RouteTable(stack, "private", vpc_id=vpc.id),
    }
    targets = {"igw": {"gateway_id": igw.id}, "nat": {"nat_gateway_id": nat.id}}
    ec2.Route(
        stack,
        "route",
        route_table_id=tables["public"].id,
        destination_cidr_block=destination,
        depends_on=[attachment],
        **targets[target],
    )
    ec2.SubnetRouteTableAssociation(
        stack, "association", subnet_id=subnet.id, route_table_id=tables[table].id
    )
    return app


def test_subnet_create_update_replace_delete(context: Context, aws: Any) -> None:
    def declare(cidr: str = "10.0.1.0/24", public: bool | None = True, **tags: str) -> App:
        app, stack = new_app()
        vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
        ec2.Subnet(
            stack,
            "subnet",
            vpc_id=vpc.id,
            cidr_block=cidr,
            availability_zone="us-east-1a",
            map_public_ip_on_launch=public,
            tags=tags,
        )
        return app

    converge(declare(), context)
    (subnet,) = owned(aws, "describe_subnets", "Subnets")
    vpc_id = record(context, "vpc").physical_id
    assert (subnet["VpcId"], subnet["CidrBlock"], subnet["AvailabilityZone"]) == (
        vpc_id,
        "10.0.1.0/24",
        "us-east-1a",
    )
    assert subnet["MapPublicIpOnLaunch"] is True
    stored = record(context, "subnet")
    assert stored.physical_id == subnet["SubnetId"]
    assert stored.attributes["AvailabilityZone"] == "us-east-1a"
    assert stored.attributes["VpcId"] == vpc_id

    app = declare(public=None, Tier="web")
    assert actions(plan(app, context)) == {"shop/main/subnet": "update"}
    converge(app, context)
    (updated,) = owned(aws, "describe_subnets", "Subnets")
    assert updated["SubnetId"] == subnet["SubnetId"]
    assert updated["MapPublicIpOnLaunch"] is False
    assert tag_map(updated["Tags"])["Tier"] == "web"

    app = declare(cidr="10.0.2.0/24", public=None)
    assert actions(plan(app, context)) == {"shop/main/subnet": "replace"}
    converge(app, context)
    assert [s["CidrBlock"] for s in owned(aws, "describe_subnets", "Subnets")] == ["10.0.2.0/24"]

    destroy(app, context)
    assert owned(aws, "describe_subnets", "Subnets") == []
    assert context.store.all() == []


def test_internet_gateway_attachment_moves_and_follows_its_vpc(context: Context, aws: Any) -> None:
    def declare(cidr: str = "10.0.0.0/16", gateway: str = "igw", **tags: str) -> App:
        app, stack = new_app()
        vpc = ec2.VPC(stack, "vpc", cidr_block=cidr)
        gateways = {
            "igw": ec2.InternetGateway(stack, "igw", tags=tags),
            "spare": ec2.InternetGateway(stack, "spare"),
        }
        ec2.VPCGatewayAttachment(
            stack, "attachment", vpc_id=vpc.id, internet_gateway_id=gateways[gateway].id
        )
        return app

    def attached() -> dict[str, list[str]]:
        return {
            g["InternetGatewayId"]: [a["VpcId"] for a in g.get("Attachments", [])]
            for g in owned(aws, "describe_internet_gateways", "InternetGateways")
        }

    converge(declare(), context)
    igw, spare, vpc = (record(context, n).physical_id for n in ("igw", "spare", "vpc"))
    assert attached() == {igw: [vpc], spare: []}
    assert record(context, "attachment").physical_id == f"{igw}|{vpc}"
    assert record(context, "igw").attributes == {"InternetGatewayId": igw}

    app = declare(gateway="spare", Tier="edge")
    assert actions(plan(app, context)) == {
        "shop/main/igw": "update",
        "shop/main/attachment": "update",
    }
    converge(app, context)
    assert attached() == {igw: [], spare: [vpc]}
    assert record(context, "attachment").physical_id == f"{spare}|{vpc}"
    (tagged,) = [
        g
        for g in owned(aws, "describe_internet_gateways", "InternetGateways")
        if g["InternetGatewayId"] == igw
    ]
    assert tag_map(tagged["Tags"])["Tier"] == "edge"

    app = declare(cidr="10.1.0.0/16", gateway="spare", Tier="edge")
    assert actions(plan(app, context)) == {
        "shop/main/vpc": "replace",
        "shop/main/attachment": "replace",
    }
    converge(app, context)
    (new_vpc,) = [v["VpcId"] for v in owned(aws, "describe_vpcs", "Vpcs")]
    assert attached() == {igw: [], spare: [new_vpc]}

    destroy(app, context)
    assert owned(aws, "describe_internet_gateways", "InternetGateways") == []
    assert owned(aws, "describe_vpcs", "Vpcs") == []
    assert context.store.all() == []


def test_eip_and_nat_gateway(context: Context, aws: Any) -> None:
    def declare(address: str = "198.51.100.10", nat_eip: str = "eip", **tags: str) -> App:
        app, stack = new_app()
        vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
        subnet = ec2.Subnet(stack, "subnet", vpc_id=vpc.id, cidr_block="10.0.1.0/24")
        eips = {
            "eip": ec2.EIP(stack, "eip", domain="vpc", address=address, tags=tags),
            "spare": ec2.EIP(stack, "spare", domain="vpc"),
        }
        ec2.NatGateway(
            stack,
            "nat",
            subnet_id=subnet.id,
            allocation_id=eips[nat_eip].allocation_id,
            connectivity_type="public",
            tags=tags,
        )
        return app

    def nat_gateways() -> list[dict[str, Any]]:
        found = owned(aws, "describe_nat_gateways", "NatGateways")
        return [n for n in found if n["State"] not in ("deleting", "deleted")]

    converge(declare(), context)
    eip = record(context, "eip")
    assert eip.physical_id == "198.51.100.10"
    assert eip.attributes["PublicIp"] == "198.51.100.10"
    (nat,) = nat_gateways()
    assert nat["State"] == "available"
    assert nat["NatGatewayAddresses"][0]["AllocationId"] == eip.attributes["AllocationId"]
    assert record(context, "nat").physical_id == nat["NatGatewayId"]
    assert record(context, "nat").attributes["NatGatewayId"] == nat["NatGatewayId"]

    app = declare(Tier="egress")
    assert actions(plan(app, context)) == {"shop/main/eip": "update", "shop/main/nat": "update"}
    converge(app, context)
    (tagged,) = nat_gateways()
    assert tagged["NatGatewayId"] == nat["NatGatewayId"]
    assert tag_map(tagged["Tags"])["Tier"] == "egress"
    addresses = owned(aws, "describe_addresses", "Addresses")
    assert {a["PublicIp"]: tag_map(a["Tags"]).get("Tier") for a in addresses}[
        "198.51.100.10"
    ] == "egress"

    app = declare(nat_eip="spare", Tier="egress")
    assert actions(plan(app, context)) == {"shop/main/nat": "replace"}
    converge(app, context)
    (replaced,) = nat_gateways()
    spare = record(context, "spare").attributes["AllocationId"]
    assert replaced["NatGatewayAddresses"][0]["AllocationId"] == spare

    app = declare(address="198.51.100.11", nat_eip="spare", Tier="egress")
    assert actions(plan(app, context)) == {"shop/main/eip": "replace"}
    converge(app, context)
    addresses = owned(aws, "describe_addresses", "Addresses")
    spare_ip = record(context, "spare").physical_id
    assert sorted(a["PublicIp"] for a in addresses) == sorted(["198.51.100.11", spare_ip])

    destroy(app, context)
    assert owned(aws, "describe_addresses", "Addresses") == []
    assert nat_gateways() == []
    assert context.store.all() == []


def test_eip_follows_its_instance(context: Context, aws: Any) -> None:
    images = aws("ec2").describe_images(
        Owners=["amazon"], Filters=[{"Name": "name", "Values": ["al2023-ami-2023*"]}]
    )["Images"]
    image = images[0]["ImageId"]
    instance = aws("ec2").run_instances(ImageId=image, MinCount=1, MaxCount=1)["Instances"][0]

    def declare(instance_id: str | None) -> App:
        app, stack = new_app()
        ec2.EIP(stack, "eip", domain="vpc", instance_id=instance_id)
        return app

    converge(declare(instance["InstanceId"]), context)
    (address,) = owned(aws, "describe_addresses", "Addresses")
    assert address["InstanceId"] == instance["InstanceId"]

    app = declare(None)
    assert actions(plan(app, context)) == {"shop/main/eip": "update"}
    converge(app, context)
    (address,) = owned(aws, "describe_addresses", "Addresses")
    assert not address.get("InstanceId")

    destroy(app, context)
    assert owned(aws, "describe_addresses", "Addresses") == []


def test_route_and_association_update_replace_delete(context: Context, aws: Any) -> None:
    def routes(table_id: str) -> dict[str, dict[str, str]]:
        (table,) = aws("ec2").describe_route_tables(RouteTableIds=[table_id])["RouteTables"]
        return {
            r["DestinationCidrBlock"]: {k: r[k] for k in ("GatewayId", "NatGatewayId") if k in r}
            for r in table["Routes"]
            if r["Origin"] == "CreateRoute"
        }

    def associations() -> list[tuple[str, str]]:
        tables = owned(aws, "describe_route_tables", "RouteTables")
        return [(a["SubnetId"], a["RouteTableId"]) for t in tables for a in t["Associations"]]

    converge(network(), context)
    public, private, igw, nat, subnet = (
        record(context, n).physical_id for n in ("public", "private", "igw", "nat", "subnet")
    )
    assert routes(public) == {"0.0.0.0/0": {"GatewayId": igw}}
    route = record(context, "route")
    assert route.physical_id == f"{public}|0.0.0.0/0"
    assert route.attributes == {"CidrBlock": "0.0.0.0/0"}
    assert associations() == [(subnet, public)]
    assert record(context, "association").attributes["Id"].startswith("rtbassoc-")

    app = network(target="nat", Tier="public")
    assert actions(plan(app, context)) == {
        "shop/main/public": "update",
        "shop/main/route": "update",
    }
    converge(app, context)
    assert routes(public) == {"0.0.0.0/0": {"NatGatewayId": nat}}
    (table,) = aws("ec2").describe_route_tables(RouteTableIds=[public])["RouteTables"]
    assert tag_map(table["Tags"])["Tier"] == "public"

    app = network(target="nat", destination="192.168.0.0/16", Tier="public")
    assert actions(plan(app, context)) == {"shop/main/route": "replace"}
    converge(app, context)
    assert routes(public) == {"192.168.0.0/16": {"NatGatewayId": nat}}

    app = network(target="nat", destination="192.168.0.0/16", table="private", Tier="public")
    assert actions(plan(app, context)) == {"shop/main/association": "replace"}
    converge(app, context)
    assert associations() == [(subnet, private)]

    destroy(app, context)
    assert owned(aws, "describe_route_tables", "RouteTables") == []
    assert context.store.all() == []


def test_route_table_replaced_with_its_vpc(context: Context, aws: Any) -> None:
    def declare(vpc: str) -> App:
        app, stack = new_app()
        vpcs = {
            "blue": ec2.VPC(stack, "blue", cidr_block="10.0.0.0/16"),
            "green": ec2.VPC(stack, "green", cidr_block="10.1.0.0/16"),
        }
        ec2.RouteTable(stack, "table", vpc_id=vpcs[vpc].id)
        return app

    converge(declare("blue"), context)
    (table,) = owned(aws, "describe_route_tables", "RouteTables")
    assert record(context, "table").attributes == {"RouteTableId": table["RouteTableId"]}

    app = declare("green")
    assert actions(plan(app, context)) == {"shop/main/table": "replace"}
    converge(app, context)
    (table,) = owned(aws, "describe_route_tables", "RouteTables")
    assert table["VpcId"] == record(context, "green").physical_id

    destroy(app, context)
    assert owned(aws, "describe_route_tables", "RouteTables") == []


def test_unchanged_network_plans_with_reads_only_and_adopts_untaggable_leftovers(
    context: Context, calls: CallCounter
) -> None:
    app = network()
    converge(app, context)
    calls.calls.clear()
    assert actions(plan(app, context)) == {}
    assert calls.mutating == {}
    assert all(operation.startswith("Describe") for _, operation in calls.calls)

    untaggable = ("attachment", "route", "association")
    expected = {record(context, name).physical_id for name in untaggable}
    for name in untaggable:  # as if a run had crashed before recording them
        context.store.remove(f"shop/main/{name}")
    again = plan(app, context)
    assert actions(again) == {f"shop/main/{name}": "adopt" for name in untaggable}
    calls.calls.clear()
    apply_plan(context, again)
    assert calls.mutating == {}
    assert {record(context, name).physical_id for name in untaggable} == expected
