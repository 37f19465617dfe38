"""Contract examples for RAM: a transit gateway shared with another account."""

from __future__ import annotations

from landform.aws import ec2, ram
from landform.model import Stack


def resource_share(stack: Stack) -> ram.ResourceShare:
    gateway = ec2.TransitGateway(stack, "tgw")
    return ram.ResourceShare(
        stack,
        "network",
        name="network",
        resource_arns=[gateway.transit_gateway_arn],
        principals=["111122223333"],
    )


EXAMPLES = {"AWS::RAM::ResourceShare": resource_share}
