"""Landform::EC2::NoDefaultVPC against the emulator: the default VPC deleted with its
subnets and internet gateway, refused while it holds anything else, made again outside
Landform (drift), and given back on destroy.

The emulator makes a default VPC without the internet gateway AWS gives it; the tests
attach one, as AWS has it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from landform import App
from landform.aws import ec2
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.handlers.registry import handler_for
from tests.conftest import ACCOUNT, REGION
from tests.support import actions, converge, destroy, new_app, plan

TYPE = "Landform::EC2::NoDefaultVPC"
ADDRESS = "shop/main/no-default-vpc"
WEST = "eu-west-1"
DEFAULT = [{"Name": "is-default", "Values": ["true"]}]


def baseline(region: str = REGION) -> App:
    app, stack = new_app(region=region)
    ec2.NoDefaultVPC(stack, "no-default-vpc")
    return app


def default_vpcs(aws: Any, region: str = REGION) -> list[dict[str, Any]]:
    return aws("ec2", region).describe_vpcs(Filters=DEFAULT)["Vpcs"]  # type: ignore[no-any-return]


def as_aws_makes_it(aws: Any, region: str = REGION) -> tuple[str, str]:
    """The region's default VPC with an internet gateway attached: (VPC id, gateway id)."""
    ec2_client = aws("ec2", region)
    (vpc,) = default_vpcs(aws, region)
    gateway = ec2_client.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2_client.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc["VpcId"])
    return vpc["VpcId"], gateway


def test_create_deletes_the_default_vpc_its_subnets_and_gateway(context: Context, aws: Any) -> None:
    vpc_id, gateway = as_aws_makes_it(aws)
    in_vpc = [{"Name": "vpc-id", "Values": [vpc_id]}]
    assert aws("ec2").describe_subnets(Filters=in_vpc)["Subnets"], "one per zone"
    west = default_vpcs(aws, WEST)

    assert actions(plan(baseline(), context)) == {ADDRESS: "create"}
    converge(baseline(), context)

    assert default_vpcs(aws) == []
    assert aws("ec2").describe_subnets(Filters=in_vpc)["Subnets"] == []
    gateways = aws("ec2").describe_internet_gateways()["InternetGateways"]
    assert gateway not in [g["InternetGatewayId"] for g in gateways]
    assert default_vpcs(aws, WEST) == west, "another region keeps its own"
    record = context.store.get(ADDRESS)
    assert record is not None
    assert record.physical_id == ACCOUNT
    assert record.attributes == {"AccountId": ACCOUNT}
    (listed,) = handler_for(TYPE).list(context.api(None, REGION))
    assert listed.physical_id == ACCOUNT


def test_a_default_vpc_made_again_is_drift_and_deleted_again(context: Context, aws: Any) -> None:
    converge(baseline(), context)
    aws("ec2").create_default_vpc()

    (drift,) = detect_drift(context, lambda address: True)
    assert (drift.address, drift.deleted) == (ADDRESS, True)
    planned = plan(baseline(), context)
    assert actions(planned) == {ADDRESS: "create"}
    (change,) = planned.changes
    assert "deleted outside Landform" in change.reason
    converge(baseline(), context)
    assert default_vpcs(aws) == []


def test_destroy_gives_the_region_a_default_vpc_again(context: Context, aws: Any) -> None:
    converge(baseline(), context)

    destroy(baseline(), context)

    (vpc,) = default_vpcs(aws)
    in_vpc = [{"Name": "vpc-id", "Values": [vpc["VpcId"]]}]
    subnets = aws("ec2").describe_subnets(Filters=in_vpc)["Subnets"]
    assert subnets and all(s["DefaultForAz"] for s in subnets)
    assert context.store.all() == []
    assert list(handler_for(TYPE).list(context.api(None, REGION))) == []


def test_a_region_without_a_default_vpc_is_adopted_without_a_change(
    context: Context, aws: Any, calls: Any
) -> None:
    ec2_client = aws("ec2", WEST)
    (vpc,) = default_vpcs(aws, WEST)
    for subnet in ec2_client.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}]
    )["Subnets"]:
        ec2_client.delete_subnet(SubnetId=subnet["SubnetId"])
    ec2_client.delete_vpc(VpcId=vpc["VpcId"])

    assert actions(plan(baseline(WEST), context)) == {ADDRESS: "adopt"}
    converge(baseline(WEST), context)
    assert calls.calls[("ec2", "DeleteVpc")] == 0
    record = context.store.get(ADDRESS)
    assert record is not None and (record.region, record.physical_id) == (WEST, ACCOUNT)


def instance(ec2_client: Any, subnet_id: str) -> str:
    image = ec2_client.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    (made,) = ec2_client.run_instances(
        ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", SubnetId=subnet_id
    )["Instances"]
    return str(made["NetworkInterfaces"][0]["NetworkInterfaceId"])


HOLDINGS: dict[str, Callable[[Any, str, str], str]] = {
    "network interfaces": lambda ec2_client, vpc_id, subnet_id: instance(ec2_client, subnet_id),
    "security groups": lambda ec2_client, vpc_id, subnet_id: ec2_client.create_security_group(
        GroupName="app", Description="app", VpcId=vpc_id
    )["GroupId"],
    "subnets": lambda ec2_client, vpc_id, subnet_id: ec2_client.create_subnet(
        VpcId=vpc_id, CidrBlock="172.31.200.0/24"
    )["Subnet"]["SubnetId"],
    "route tables": lambda ec2_client, vpc_id, subnet_id: ec2_client.create_route_table(
        VpcId=vpc_id
    )["RouteTable"]["RouteTableId"],
    "network ACLs": lambda ec2_client, vpc_id, subnet_id: ec2_client.create_network_acl(
        VpcId=vpc_id
    )["NetworkAcl"]["NetworkAclId"],
    "VPC endpoints": lambda ec2_client, vpc_id, subnet_id: ec2_client.create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{REGION}.s3", VpcEndpointType="Gateway"
    )["VpcEndpoint"]["VpcEndpointId"],
}
"""What a default VPC may hold besides what AWS put there: make one, return its id."""


@pytest.mark.parametrize("what", sorted(HOLDINGS))
def test_a_default_vpc_in_use_is_refused_before_anything_is_deleted(
    context: Context, aws: Any, calls: Any, what: str
) -> None:
    vpc_id, gateway = as_aws_makes_it(aws)
    ec2_client = aws("ec2")
    in_vpc = [{"Name": "vpc-id", "Values": [vpc_id]}]
    subnets = ec2_client.describe_subnets(Filters=in_vpc)["Subnets"]
    held = HOLDINGS[what](ec2_client, vpc_id, subnets[0]["SubnetId"])

    with pytest.raises(ApplyFailed) as raised:
        apply_plan(context, plan(baseline(), context))

    message = str(raised.value)
    assert f"the default VPC {vpc_id} of {REGION} is in use" in message
    assert what in message and held in message
    assert "Landform::EC2::NoDefaultVPC" in message, "the hint says how to keep it"
    assert [v["VpcId"] for v in default_vpcs(aws)] == [vpc_id]
    assert ec2_client.describe_internet_gateways(InternetGatewayIds=[gateway])["InternetGateways"][
        0
    ]["Attachments"], "still attached"
    assert calls.calls[("ec2", "DeleteSubnet")] == calls.calls[("ec2", "DeleteVpc")] == 0
    assert calls.calls[("ec2", "DetachInternetGateway")] == 0
    assert context.store.get(ADDRESS) is None
