"""Contract examples for ELBv2: an Application Load Balancer, a target group, a listener."""

from __future__ import annotations

from landform.aws import ec2
from landform.aws import elasticloadbalancingv2 as elbv2
from landform.model import Stack
from tests.handlers.contract import Declare


def vpc(stack: Stack) -> ec2.VPC:
    return ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")


def balancer_in(stack: Stack, network: ec2.VPC) -> elbv2.LoadBalancer:
    """An internet-facing ALB in two zones of `network`."""
    subnets = [
        ec2.Subnet(
            stack,
            f"subnet-{zone}",
            vpc_id=network.id,
            cidr_block=cidr,
            availability_zone=f"us-east-1{zone}",
        )
        for zone, cidr in (("a", "10.0.1.0/24"), ("b", "10.0.2.0/24"))
    ]
    group = ec2.SecurityGroup(stack, "sg", group_description="web", vpc_id=network.id)
    return elbv2.LoadBalancer(
        stack, "lb", subnets=[s.id for s in subnets], security_groups=[group.group_id]
    )


def group_in(stack: Stack, network: ec2.VPC) -> elbv2.TargetGroup:
    return elbv2.TargetGroup(
        stack, "tg", target_type="ip", protocol="HTTP", port=80, vpc_id=network.id
    )


def load_balancer(stack: Stack) -> elbv2.LoadBalancer:
    return balancer_in(stack, vpc(stack))


def target_group(stack: Stack) -> elbv2.TargetGroup:
    return group_in(stack, vpc(stack))


def listener(stack: Stack) -> elbv2.Listener:
    network = vpc(stack)
    return elbv2.Listener(
        stack,
        "listener",
        load_balancer_arn=balancer_in(stack, network).id,
        port=80,
        protocol="HTTP",
        default_actions=[{"Type": "forward", "TargetGroupArn": group_in(stack, network).id}],
    )


EXAMPLES: dict[str, Declare] = {
    "AWS::ElasticLoadBalancingV2::LoadBalancer": load_balancer,
    "AWS::ElasticLoadBalancingV2::TargetGroup": target_group,
    "AWS::ElasticLoadBalancingV2::Listener": listener,
}
