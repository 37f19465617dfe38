"""WebSecurityGroup: the resource it declares (no AWS), then on the emulator."""

from __future__ import annotations

from typing import Any

from landform import Stack
from landform.aws import ec2
from landform.constructs import WebSecurityGroup
from landform.engine.context import Context
from tests.support import converge, destroy

# model ------------------------------------------------------------------------------


def test_https_and_http_in_everything_out(stack: Stack) -> None:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    web = WebSecurityGroup(stack, "web", vpc=vpc)
    assert web.group.type_name == "AWS::EC2::SecurityGroup"
    assert web.group.logical_id == "web"
    assert web.group.properties["VpcId"] == vpc.id
    assert web.group.properties["GroupDescription"]
    ingress = web.group.properties["SecurityGroupIngress"]
    assert [(r["IpProtocol"], r["FromPort"], r["ToPort"], r["CidrIp"]) for r in ingress] == [
        ("tcp", 443, 443, "0.0.0.0/0"),
        ("tcp", 80, 80, "0.0.0.0/0"),
    ]
    (egress,) = web.group.properties["SecurityGroupEgress"]
    assert (egress["IpProtocol"], egress["CidrIp"]) == ("-1", "0.0.0.0/0")
    assert "FromPort" not in egress
    assert web.id == web.group.group_id
    assert web.group.dependencies() == [vpc]


def test_description(stack: Stack) -> None:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    web = WebSecurityGroup(stack, "web", vpc=vpc, description="Storefront load balancer")
    assert web.group.properties["GroupDescription"] == "Storefront load balancer"


# emulator ---------------------------------------------------------------------------


def test_web_security_group_on_the_emulator(stack: Stack, context: Context, aws: Any) -> None:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    WebSecurityGroup(stack, "web", vpc=vpc)
    converge(stack.app, context)
    (group,) = aws("ec2").describe_security_groups(
        Filters=[{"Name": "tag:landform:address", "Values": ["shop/main/web"]}]
    )["SecurityGroups"]
    inbound = {
        (p["IpProtocol"], p["FromPort"], p["ToPort"], r["CidrIp"])
        for p in group["IpPermissions"]
        for r in p["IpRanges"]
    }
    assert inbound == {("tcp", 443, 443, "0.0.0.0/0"), ("tcp", 80, 80, "0.0.0.0/0")}
    outbound = {
        (p["IpProtocol"], r["CidrIp"]) for p in group["IpPermissionsEgress"] for r in p["IpRanges"]
    }
    assert outbound == {("-1", "0.0.0.0/0")}

    destroy(stack.app, context)
    remaining = aws("ec2").describe_security_groups(
        Filters=[{"Name": "group-id", "Values": [group["GroupId"]]}]
    )["SecurityGroups"]
    assert remaining == []
    assert context.store.all() == []
