"""Contract examples for Landform's EC2 types of what AWS makes by default: a VPC's
default security group, and a region's default VPC."""

from __future__ import annotations

from landform.aws import ec2
from landform.model import Stack
from tests.handlers.contract import Declare


def default_security_group(stack: Stack) -> ec2.DefaultSecurityGroup:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    return ec2.DefaultSecurityGroup(
        stack, "default-sg", vpc_id=vpc.id, security_group_ingress=[], security_group_egress=[]
    )


EXAMPLES: dict[str, Declare] = {
    "Landform::EC2::DefaultSecurityGroup": default_security_group,
    "Landform::EC2::NoDefaultVPC": lambda stack: ec2.NoDefaultVPC(stack, "no-default-vpc"),
}
