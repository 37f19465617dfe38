"""Network: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

import ipaddress
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from landform import App, Resource, Stack, ValidationError, join
from landform.aws import ec2
from landform.constructs import Network
from landform.engine.context import Context
from landform.rules.model import model_subjects
from landform.rules.runner import evaluate
from tests.support import converge, destroy

HERE = Path(__file__).name


def of_type(stack: Stack, type_name: str) -> list[Resource]:
    return [r for r in stack.resources.values() if r.type_name == type_name]


def counts(stack: Stack) -> Counter[str]:
    return Counter(r.type_name.split("::", 1)[1] for r in stack.resources.values())


# model ------------------------------------------------------------------------------


@pytest.mark.parametrize("azs", [1, 2, 3])
@pytest.mark.parametrize(("nat", "nats", "private_tables"), [
    ("per-az", "azs", "azs"),
    ("single", 1, 1),
    ("none", 0, 1),
])  # fmt: skip
def test_resource_counts(
    stack: Stack, azs: int, nat: Any, nats: int | str, private_tables: int | str
) -> None:
    Network(stack, "main", cidr="10.0.0.0/16", azs=azs, nat=nat)
    nat_count = azs if nats == "azs" else int(nats)
    private_count = azs if private_tables == "azs" else int(private_tables)
    assert counts(stack) == Counter(
        {
            "EC2::VPC": 1,
            "EC2::Subnet": 2 * azs,
            "EC2::InternetGateway": 1,
            "EC2::VPCGatewayAttachment": 1,
            "EC2::EIP": nat_count,
            "EC2::NatGateway": nat_count,
            "EC2::RouteTable": 1 + private_count,
            "EC2::Route": 1 + (private_count if nat_count else 0),
            "EC2::SubnetRouteTableAssociation": 2 * azs,
            "EC2::NetworkAcl": 2,
            "EC2::NetworkAclEntry": 12,
            "EC2::DefaultSecurityGroup": 1,
            "EC2::SubnetNetworkAclAssociation": 2 * azs,
            "Logs::LogGroup": 1,
            "IAM::Role": 1,
            "EC2::FlowLog": 1,
        }
    )
    assert all(logical_id.startswith("main-") for logical_id in stack.resources)


def test_vpc_has_dns_on(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16")
    assert net.vpc.logical_id == "main-vpc"
    assert net.vpc.properties == {
        "CidrBlock": "10.0.0.0/16",
        "EnableDnsSupport": True,
        "EnableDnsHostnames": True,
    }


def test_storefront_layout(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=3)
    layout = {
        s.logical_id: (s.properties["AvailabilityZone"], s.properties["CidrBlock"])
        for s in [*net.public_subnets, *net.private_subnets]
    }
    assert layout == {
        "main-public-a": ("us-east-1a", "10.0.0.0/24"),
        "main-private-a": ("us-east-1a", "10.0.1.0/24"),
        "main-public-b": ("us-east-1b", "10.0.2.0/24"),
        "main-private-b": ("us-east-1b", "10.0.3.0/24"),
        "main-public-c": ("us-east-1c", "10.0.4.0/24"),
        "main-private-c": ("us-east-1c", "10.0.5.0/24"),
    }
    assert all(s.properties["VpcId"] == net.vpc.id for s in of_type(stack, "AWS::EC2::Subnet"))


@pytest.mark.parametrize(("cidr", "azs", "subnet_prefix", "expected_prefix"), [
    ("10.0.0.0/16", 6, None, 24),
    ("10.0.0.0/16", 3, 20, 20),
    ("10.0.0.0/22", 3, None, 25),
    ("172.16.0.0/24", 3, None, 27),
    ("192.168.0.0/25", 3, None, 28),
])  # fmt: skip
def test_subnets_fit_inside_the_vpc_without_overlap(
    stack: Stack, cidr: str, azs: int, subnet_prefix: int | None, expected_prefix: int
) -> None:
    net = Network(stack, "main", cidr=cidr, azs=azs, subnet_prefix=subnet_prefix)
    vpc = ipaddress.IPv4Network(cidr)
    blocks = [
        ipaddress.IPv4Network(s.properties["CidrBlock"])
        for s in [*net.public_subnets, *net.private_subnets]
    ]
    assert len(blocks) == 2 * azs
    assert {b.prefixlen for b in blocks} == {expected_prefix}
    assert all(b.subnet_of(vpc) for b in blocks)
    assert not any(a.overlaps(b) for i, a in enumerate(blocks) for b in blocks[i + 1 :])


def test_adding_a_zone_keeps_existing_subnets(stack: Stack) -> None:
    two = Network(stack, "two", cidr="10.0.0.0/16", azs=2)
    three = Network(stack, "three", cidr="10.0.0.0/16", azs=3)
    for before, after in [
        (two.public_subnets, three.public_subnets),
        (two.private_subnets, three.private_subnets),
    ]:
        assert [s.properties["CidrBlock"] for s in before] == [
            s.properties["CidrBlock"] for s in after[:2]
        ]


def test_zone_names_follow_the_stack_region() -> None:
    stack = App("shop").stack("main", region="eu-west-3")
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=2)
    assert [s.properties["AvailabilityZone"] for s in net.private_subnets] == [
        "eu-west-3a",
        "eu-west-3b",
    ]


def test_public_route_goes_to_the_internet_gateway_after_attachment(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=2)
    route = net.public_routes.default_route
    assert route is not None
    assert route.logical_id == "main-public-rt-default"
    assert route.properties == {
        "RouteTableId": net.public_routes.table.id,
        "DestinationCidrBlock": "0.0.0.0/0",
        "GatewayId": net.internet_gateway.id,
    }
    assert net.gateway_attachment in route.dependencies()
    assert net.gateway_attachment.properties == {
        "VpcId": net.vpc.id,
        "InternetGatewayId": net.internet_gateway.id,
    }
    associated = {a.properties["SubnetId"] for a in net.public_routes.associations}
    assert associated == {s.id for s in net.public_subnets}
    assert {a.properties["RouteTableId"] for a in net.public_routes.associations} == {
        net.public_routes.table.id
    }


def test_per_az_nat_routes_each_zone_through_its_own_gateway(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=3, nat="per-az")
    assert [g.logical_id for g in net.nat_gateways] == ["main-nat-a", "main-nat-b", "main-nat-c"]
    for public, private, gateway, address, routes in zip(
        net.public_subnets,
        net.private_subnets,
        net.nat_gateways,
        net.nat_ips,
        net.private_routes,
        strict=True,
    ):
        assert gateway.properties == {
            "AllocationId": address.allocation_id,
            "SubnetId": public.id,
        }
        assert address.properties == {"Domain": "vpc"}
        assert net.gateway_attachment in address.dependencies()
        assert routes.default_route is not None
        assert routes.default_route.properties["NatGatewayId"] == gateway.id
        assert "GatewayId" not in routes.default_route.properties
        assert [a.properties["SubnetId"] for a in routes.associations] == [private.id]


def test_single_nat_serves_every_private_subnet(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=3, nat="single")
    (gateway,) = net.nat_gateways
    assert gateway.properties["SubnetId"] == net.public_subnets[0].id
    (routes,) = net.private_routes
    assert routes.table.logical_id == "main-private-rt"
    assert routes.default_route is not None
    assert routes.default_route.properties["NatGatewayId"] == gateway.id
    assert [a.properties["SubnetId"] for a in routes.associations] == [
        s.id for s in net.private_subnets
    ]


def test_without_nat_private_subnets_have_no_default_route(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=2, nat="none")
    assert net.nat_gateways == [] and net.nat_ips == []
    (routes,) = net.private_routes
    assert routes.default_route is None
    assert len(routes.associations) == 2
    assert [r.logical_id for r in of_type(stack, "AWS::EC2::Route")] == ["main-public-rt-default"]


def acl_rules(stack: Stack, acl: ec2.NetworkAcl) -> set[tuple[bool, int, str, Any]]:
    return {
        (
            e.properties["Egress"],
            e.properties["Protocol"],
            e.properties["CidrBlock"],
            tuple(e.properties.get("PortRange", {}).values()) or None,
        )
        for e in of_type(stack, "AWS::EC2::NetworkAclEntry")
        if e.properties["NetworkAclId"] == acl.id and e.properties["RuleAction"] == "allow"
    }


def test_network_acls(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.8.0.0/16", azs=2)
    acls = net.network_acls
    assert acl_rules(stack, acls.public) == {
        (False, 6, "0.0.0.0/0", (443, 443)),
        (False, 6, "0.0.0.0/0", (80, 80)),
        (False, 6, "0.0.0.0/0", (1024, 3388)),
        (False, 6, "0.0.0.0/0", (3390, 65535)),
        (False, -1, "10.8.0.0/16", None),
        (True, -1, "0.0.0.0/0", None),
    }
    assert acl_rules(stack, acls.private) == {
        (False, -1, "10.8.0.0/16", None),
        (False, 6, "0.0.0.0/0", (1024, 3388)),
        (False, 6, "0.0.0.0/0", (3390, 65535)),
        (True, -1, "0.0.0.0/0", None),
    }
    associations = {
        a.properties["SubnetId"]: a.properties["NetworkAclId"]
        for a in of_type(stack, "AWS::EC2::SubnetNetworkAclAssociation")
    }
    assert associations == {
        **{s.id: acls.public.id for s in net.public_subnets},
        **{s.id: acls.private.id for s in net.private_subnets},
    }
    numbers = Counter(
        (e.properties["NetworkAclId"], e.properties["Egress"], e.properties["RuleNumber"])
        for e in of_type(stack, "AWS::EC2::NetworkAclEntry")
    )
    assert max(numbers.values()) == 1, "rule numbers must be unique per ACL and direction"


def ports_allowed_in_from_anywhere(stack: Stack, acl_id: Any) -> set[int]:
    """Every TCP port an ACL's allow entries let in from 0.0.0.0/0."""
    return {
        port
        for e in of_type(stack, "AWS::EC2::NetworkAclEntry")
        if e.properties["NetworkAclId"] == acl_id
        and e.properties["RuleAction"] == "allow"
        and not e.properties["Egress"]
        and e.properties["CidrBlock"] == "0.0.0.0/0"
        for port in range(e.properties["PortRange"]["From"], e.properties["PortRange"]["To"] + 1)
    }


def test_replies_come_in_on_every_ephemeral_port_but_ssh_and_rdp(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.8.0.0/16", azs=1)
    ephemeral = set(range(1024, 65536))
    public = ports_allowed_in_from_anywhere(stack, net.network_acls.public.id)
    assert public == ephemeral - {3389} | {80, 443}
    private = ports_allowed_in_from_anywhere(stack, net.network_acls.private.id)
    assert private == ephemeral - {3389}
    assert 22 not in public | private


def test_the_vpc_default_network_acl_is_closed(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.8.0.0/16", azs=1)
    entries = {
        e.logical_id: e.properties
        for e in of_type(stack, "AWS::EC2::NetworkAclEntry")
        if e.properties["NetworkAclId"] == net.vpc.default_network_acl
    }
    assert entries == {
        f"main-default-acl-{direction}-1": {
            "NetworkAclId": net.vpc.default_network_acl,
            "Protocol": -1,
            "RuleAction": "deny",
            "RuleNumber": 1,
            "CidrBlock": "0.0.0.0/0",
            "Egress": direction == "out",
        }
        for direction in ("in", "out")
    }
    assert [e.properties for e in net.network_acls.default_entries] == list(entries.values())


def test_the_vpc_default_security_group_gets_no_rules(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.8.0.0/16", azs=1)
    group = net.default_security_group
    assert group.logical_id == "main-default-sg"
    assert group.type_name == "Landform::EC2::DefaultSecurityGroup"
    assert group.properties == {
        "VpcId": net.vpc.id,
        "SecurityGroupIngress": [],
        "SecurityGroupEgress": [],
    }
    assert not of_type(stack, "Landform::EC2::NoDefaultVPC"), "the account's business"


def network_findings(stack: Stack) -> list[tuple[str, str, str]]:
    """(rule, resource, status) of every network rule's finding in the model."""
    report = evaluate(model_subjects(stack.app))
    return [
        (f.rule.id, f.subject.name, f.status)
        for f in report.findings
        if f.rule.id.startswith("LF-NET-")
    ]


def test_no_network_rule_finds_anything_in_the_model(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.8.0.0/16", azs=2)
    assert network_findings(stack) == []
    ec2.NetworkAclEntry(
        stack,
        "whole-ephemeral-range",
        network_acl_id=net.network_acls.public.id,
        protocol=6,
        rule_action="allow",
        rule_number=200,
        cidr_block="0.0.0.0/0",
        port_range={"From": 1024, "To": 65535},
    )
    assert network_findings(stack) == [("LF-NET-005", "shop/main/whole-ephemeral-range", "fail")]


def test_flow_logs_to_cloudwatch(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=1)
    (flow_log,) = of_type(stack, "AWS::EC2::FlowLog")
    (group,) = of_type(stack, "AWS::Logs::LogGroup")
    (role,) = of_type(stack, "AWS::IAM::Role")
    assert flow_log.logical_id == "main-flow-logs"
    assert flow_log.properties == {
        "ResourceId": net.vpc.id,
        "ResourceType": "VPC",
        "TrafficType": "ALL",
        "LogDestinationType": "cloud-watch-logs",
        "LogGroupName": group.id,
        "DeliverLogsPermissionArn": role.attr("Arn"),
    }
    assert group.properties["RetentionInDays"] > 0
    (trust,) = role.properties["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    assert trust["Action"] == "sts:AssumeRole"
    (policy,) = role.properties["Policies"]
    (grant,) = policy["PolicyDocument"]["Statement"]
    assert grant["Effect"] == "Allow"
    assert sorted(grant["Action"]) == [
        "logs:CreateLogStream",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
    ]
    assert grant["Resource"] == [group.attr("Arn"), join(group.attr("Arn"), ":*")]


def test_flow_logs_to_s3(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=1, flow_log_destination="s3")
    assert of_type(stack, "AWS::Logs::LogGroup") == of_type(stack, "AWS::IAM::Role") == []
    (flow_log,) = of_type(stack, "AWS::EC2::FlowLog")
    (bucket,) = of_type(stack, "AWS::S3::Bucket")
    (policy,) = of_type(stack, "AWS::S3::BucketPolicy")
    assert flow_log.properties == {
        "ResourceId": net.vpc.id,
        "ResourceType": "VPC",
        "TrafficType": "ALL",
        "LogDestinationType": "s3",
        "LogDestination": bucket.attr("Arn"),
    }
    assert policy in flow_log.dependencies(), "the bucket must let log delivery write first"
    (rule,) = bucket.properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    principals = [s.get("Principal") for s in policy.properties["PolicyDocument"]["Statement"]]
    assert {"Service": "delivery.logs.amazonaws.com"} in principals


def test_flow_logs_can_be_turned_off(stack: Stack) -> None:
    net = Network(stack, "main", cidr="10.0.0.0/16", azs=1, flow_logs=False)
    assert net.flow_logs is None
    assert not {"EC2::FlowLog", "Logs::LogGroup", "IAM::Role", "S3::Bucket"} & set(counts(stack))


@pytest.mark.parametrize(("arguments", "message", "hint"), [
    ({"azs": 0}, "azs=0 is out of range", "1 to 6 availability zones"),
    ({"azs": 7}, "azs=7 is out of range", "1 to 6 availability zones"),
    ({"nat": "multi"}, "nat='multi' is not one of the choices", "'per-az', 'single', 'none'"),
    ({"flow_log_destination": "kinesis"}, "flow_log_destination='kinesis'", "'cloudwatch', 's3'"),
    ({"cidr": "10.0.0.1/16"}, "'10.0.0.1/16' is not an IPv4 network", "host bits zero"),
    ({"cidr": "10.0.0.0/8"}, "10.0.0.0/8 is /8", "/16"),
    ({"cidr": "10.0.0.0/27"}, "need 6 subnets", "use a /25 or larger cidr"),
    ({"cidr": "10.0.0.0/24", "subnet_prefix": 26}, "subnet_prefix=26 does not fit", "27 to 28"),
    ({"subnet_prefix": 29}, "subnet_prefix=29 does not fit", "from 19 to 28"),
])  # fmt: skip
def test_bad_arguments(stack: Stack, arguments: dict[str, Any], message: str, hint: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Network(stack, "main", **{"cidr": "10.0.0.0/16", "azs": 3, **arguments})
    error = raised.value
    assert message in error.message
    assert error.hint is not None and hint in error.hint
    assert error.where is not None and error.where.stack == "main"
    assert HERE in str(error.where.source), "the error names the line that declared it"
    assert stack.resources == {}, "a rejected Network declares nothing"


# emulator ---------------------------------------------------------------------------


def owned(items: list[dict[str, Any]], address: str) -> dict[str, Any]:
    (item,) = [i for i in items if {"Key": "landform:address", "Value": address} in i["Tags"]]
    return item


def test_single_nat_network_on_the_emulator(stack: Stack, context: Context, aws: Any) -> None:
    Network(stack, "net", cidr="10.20.0.0/16", azs=2, nat="single")
    converge(stack.app, context)
    ec2_client = aws("ec2")
    (vpc,) = ec2_client.describe_vpcs(
        Filters=[{"Name": "tag:landform:address", "Values": ["shop/main/net-vpc"]}]
    )["Vpcs"]
    vpc_id = vpc["VpcId"]
    for attribute, key in [
        ("enableDnsSupport", "EnableDnsSupport"),
        ("enableDnsHostnames", "EnableDnsHostnames"),
    ]:
        value = ec2_client.describe_vpc_attribute(VpcId=vpc_id, Attribute=attribute)[key]
        assert value["Value"] is True
    in_vpc = [{"Name": "vpc-id", "Values": [vpc_id]}]
    subnets = ec2_client.describe_subnets(Filters=in_vpc)["Subnets"]
    layout = {
        name: (s["AvailabilityZone"], s["CidrBlock"])
        for name in ["net-public-a", "net-private-a", "net-public-b", "net-private-b"]
        for s in [owned(subnets, f"shop/main/{name}")]
    }
    assert layout == {
        "net-public-a": ("us-east-1a", "10.20.0.0/24"),
        "net-private-a": ("us-east-1a", "10.20.1.0/24"),
        "net-public-b": ("us-east-1b", "10.20.2.0/24"),
        "net-private-b": ("us-east-1b", "10.20.3.0/24"),
    }
    subnet_ids = {name: owned(subnets, f"shop/main/{name}")["SubnetId"] for name in layout}

    (igw,) = ec2_client.describe_internet_gateways(
        Filters=[{"Name": "attachment.vpc-id", "Values": [vpc_id]}]
    )["InternetGateways"]
    (nat,) = ec2_client.describe_nat_gateways(Filter=in_vpc)["NatGateways"]
    assert nat["SubnetId"] == subnet_ids["net-public-a"]
    assert nat["NatGatewayAddresses"][0]["AllocationId"]

    tables = ec2_client.describe_route_tables(Filters=in_vpc)["RouteTables"]
    public = owned(tables, "shop/main/net-public-rt")
    private = owned(tables, "shop/main/net-private-rt")
    default = [r for r in public["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    assert [r.get("GatewayId") for r in default] == [igw["InternetGatewayId"]]
    default = [r for r in private["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    assert [r.get("NatGatewayId") for r in default] == [nat["NatGatewayId"]]
    assert {a["SubnetId"] for a in public["Associations"] if "SubnetId" in a} == {
        subnet_ids["net-public-a"],
        subnet_ids["net-public-b"],
    }
    assert {a["SubnetId"] for a in private["Associations"] if "SubnetId" in a} == {
        subnet_ids["net-private-a"],
        subnet_ids["net-private-b"],
    }

    acls = ec2_client.describe_network_acls(Filters=in_vpc)["NetworkAcls"]
    public_acl = owned(acls, "shop/main/net-public-acl")
    assert {a["SubnetId"] for a in public_acl["Associations"]} == {
        subnet_ids["net-public-a"],
        subnet_ids["net-public-b"],
    }
    inbound = {
        (e["RuleNumber"], e.get("PortRange", {}).get("From"))
        for e in public_acl["Entries"]
        if not e["Egress"] and e["RuleAction"] == "allow"
    }
    assert {(100, 443), (110, 80), (120, 1024), (121, 3390)} <= inbound
    (default_acl,) = [a for a in acls if a["IsDefault"]]
    assert {
        (e["Egress"], e["RuleNumber"])
        for e in default_acl["Entries"]
        if e["RuleAction"] == "deny" and e["Protocol"] == "-1" and e["CidrBlock"] == "0.0.0.0/0"
    } >= {(False, 1), (True, 1)}, "the default ACL denies everything first"
    (default_group,) = ec2_client.describe_security_groups(
        Filters=[*in_vpc, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"]
    assert default_group["IpPermissions"] == default_group["IpPermissionsEgress"] == []
    assert owned([default_group], "shop/main/net-default-sg") == default_group

    (flow_log,) = ec2_client.describe_flow_logs(
        Filters=[{"Name": "resource-id", "Values": [vpc_id]}]
    )["FlowLogs"]
    assert flow_log["TrafficType"] == "ALL"
    groups = aws("logs").describe_log_groups(logGroupNamePrefix=flow_log["LogGroupName"])
    assert [g["logGroupName"] for g in groups["logGroups"]] == [flow_log["LogGroupName"]]
    role_name = flow_log["DeliverLogsPermissionArn"].rsplit("/", 1)[1]
    role = aws("iam").get_role(RoleName=role_name)["Role"]
    (trust,) = role["AssumeRolePolicyDocument"]["Statement"]
    assert trust["Principal"] == {"Service": "vpc-flow-logs.amazonaws.com"}
    (policy_name,) = aws("iam").list_role_policies(RoleName=role_name)["PolicyNames"]
    policy = aws("iam").get_role_policy(RoleName=role_name, PolicyName=policy_name)
    (grant,) = policy["PolicyDocument"]["Statement"]
    assert grant["Resource"][0].endswith(f":log-group:{flow_log['LogGroupName']}")

    destroy(stack.app, context)
    assert ec2_client.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": [vpc_id]}])["Vpcs"] == []
    assert context.store.all() == []


def test_per_az_network_with_s3_flow_logs_on_the_emulator(
    stack: Stack, context: Context, aws: Any
) -> None:
    Network(stack, "net", cidr="10.30.0.0/20", azs=2, flow_log_destination="s3")
    converge(stack.app, context)
    ec2_client = aws("ec2")
    (vpc,) = ec2_client.describe_vpcs(
        Filters=[{"Name": "tag:landform:address", "Values": ["shop/main/net-vpc"]}]
    )["Vpcs"]
    in_vpc = [{"Name": "vpc-id", "Values": [vpc["VpcId"]]}]
    gateways = ec2_client.describe_nat_gateways(Filter=in_vpc)["NatGateways"]
    assert len(gateways) == 2
    subnets = ec2_client.describe_subnets(Filters=in_vpc)["Subnets"]
    tables = ec2_client.describe_route_tables(Filters=in_vpc)["RouteTables"]
    for letter in "ab":
        subnet_id = owned(subnets, f"shop/main/net-public-{letter}")["SubnetId"]
        (gateway,) = [g for g in gateways if g["SubnetId"] == subnet_id]
        table = owned(tables, f"shop/main/net-private-{letter}-rt")
        default = [r for r in table["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        assert [r.get("NatGatewayId") for r in default] == [gateway["NatGatewayId"]]

    (flow_log,) = ec2_client.describe_flow_logs(
        Filters=[{"Name": "resource-id", "Values": [vpc["VpcId"]]}]
    )["FlowLogs"]
    assert flow_log["LogDestinationType"] == "s3"
    bucket_name = flow_log["LogDestination"].split(":::", 1)[1]
    encryption = aws("s3").get_bucket_encryption(Bucket=bucket_name)
    rule = encryption["ServerSideEncryptionConfiguration"]["Rules"][0]
    assert rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"

    destroy(stack.app, context)
    assert ec2_client.describe_vpcs(Filters=in_vpc)["Vpcs"] == []
    assert bucket_name not in [b["Name"] for b in aws("s3").list_buckets()["Buckets"]]
    assert context.store.all() == []


def test_named_zones_place_the_subnets_there(stack: Stack) -> None:
    net = Network(stack, "west", cidr="10.9.0.0/16", zones=["b", "c"], nat="single")
    assert [z.name for z in net.zones] == [f"{stack.region}b", f"{stack.region}c"]
    assert [s.properties["AvailabilityZone"] for s in net.public_subnets] == [
        f"{stack.region}b",
        f"{stack.region}c",
    ]
    assert [s.logical_id for s in net.private_subnets] == ["west-private-b", "west-private-c"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"zones": ["b", "b"]}, "is not a list of 1 to 6 distinct zone letters"),
        ({"zones": ["us-west-1b"]}, "is not a list of 1 to 6 distinct zone letters"),
        ({"zones": []}, "is not a list of 1 to 6 distinct zone letters"),
        ({"zones": ["b", "c"], "azs": 3}, "azs=3 disagrees with the 2 zones named"),
    ],
)
def test_bad_zones_are_refused(stack: Stack, arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Network(stack, "bad", cidr="10.9.0.0/16", **arguments)
