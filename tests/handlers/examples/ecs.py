"""Contract examples for ECS: a cluster, a Fargate task definition, a service."""

from __future__ import annotations

from landform.aws import ec2, ecs
from landform.model import Stack
from tests.handlers.contract import Declare


def cluster(stack: Stack) -> ecs.Cluster:
    return ecs.Cluster(stack, "cluster")


def task_definition(stack: Stack) -> ecs.TaskDefinition:
    return ecs.TaskDefinition(
        stack,
        "task",
        requires_compatibilities=["FARGATE"],
        network_mode="awsvpc",
        cpu="256",
        memory="512",
        container_definitions=[{"Name": "web", "Image": "nginx:1.27"}],
    )


def service(stack: Stack) -> ecs.Service:
    """A Fargate service scaled to 0 (stable at once: the emulator runs no tasks)."""
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnet = ec2.Subnet(
        stack, "subnet", vpc_id=vpc.id, cidr_block="10.0.1.0/24", availability_zone="us-east-1a"
    )
    group = ec2.SecurityGroup(stack, "sg", group_description="tasks", vpc_id=vpc.id)
    return ecs.Service(
        stack,
        "service",
        cluster=cluster(stack).id,
        task_definition=task_definition(stack).id,
        launch_type="FARGATE",
        desired_count=0,
        network_configuration={
            "AwsvpcConfiguration": {"Subnets": [subnet.id], "SecurityGroups": [group.group_id]}
        },
    )


EXAMPLES: dict[str, Declare] = {
    "AWS::ECS::Cluster": cluster,
    "AWS::ECS::TaskDefinition": task_definition,
    "AWS::ECS::Service": service,
}
