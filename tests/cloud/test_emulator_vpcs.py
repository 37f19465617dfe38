"""The emulator's VPCs corrected to behave as AWS's: deleting a VPC deletes its default
network ACL, and only the default VPC has default subnets."""

from __future__ import annotations

from typing import Any

DEFAULT = [{"Name": "is-default", "Values": ["true"]}]


def in_vpc(vpc_id: str) -> list[dict[str, Any]]:
    return [{"Name": "vpc-id", "Values": [vpc_id]}]


def test_deleting_a_vpc_deletes_its_default_network_acl(aws: Any) -> None:
    ec2 = aws("ec2")
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    (acl,) = ec2.describe_network_acls(Filters=in_vpc(vpc_id))["NetworkAcls"]
    assert acl["IsDefault"]

    ec2.delete_vpc(VpcId=vpc_id)

    assert ec2.describe_network_acls(Filters=in_vpc(vpc_id))["NetworkAcls"] == []


def test_only_the_default_vpc_has_default_subnets(aws: Any) -> None:
    ec2 = aws("ec2")
    (default,) = ec2.describe_vpcs(Filters=DEFAULT)["Vpcs"]
    for subnet in ec2.describe_subnets(Filters=in_vpc(default["VpcId"]))["Subnets"]:
        ec2.delete_subnet(SubnetId=subnet["SubnetId"])
    ec2.delete_vpc(VpcId=default["VpcId"])
    vpc_id = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc_id, CidrBlock="10.0.1.0/24", AvailabilityZone="us-east-1a")

    assert subnet["Subnet"]["DefaultForAz"] is False
    assert subnet["Subnet"]["MapPublicIpOnLaunch"] is False

    made = ec2.create_default_vpc()["Vpc"]["VpcId"]
    subnets = ec2.describe_subnets(Filters=in_vpc(made))["Subnets"]
    zones = [s["AvailabilityZone"] for s in subnets]
    assert "us-east-1a" in zones and len(zones) == len(set(zones)), "one per zone"
    assert all(s["DefaultForAz"] and s["MapPublicIpOnLaunch"] for s in subnets)
