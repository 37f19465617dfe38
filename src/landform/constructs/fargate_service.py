"""FargateService: a container image run by ECS on Fargate behind an Application Load
Balancer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.aws import ec2, ecs, iam, logs
from landform.aws import elasticloadbalancingv2 as elbv2
from landform.constructs.arguments import argument_error
from landform.constructs.layout import ANYWHERE
from landform.constructs.network import Network
from landform.model import Join, Resource, Stack, join

LOG_RETENTION_DAYS = 30
LISTENER_PORT = 80

FARGATE_MEMORY: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4097, 1024)),
    1024: tuple(range(2048, 8193, 1024)),
    2048: tuple(range(4096, 16385, 1024)),
    4096: tuple(range(8192, 30721, 1024)),
    8192: tuple(range(16384, 61441, 4096)),
    16384: tuple(range(32768, 122881, 8192)),
}
"""The task sizes Fargate runs: CPU units -> the memory (MiB) each allows."""

TASKS_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
EXECUTION_POLICY = "policy/service-role/AmazonECSTaskExecutionRolePolicy"
"""The AWS managed policy that lets ECS pull images and write the task's logs."""


class FargateService:
    """A container `image` serving HTTP on `container_port`, `desired_count` copies of it
    in `network`'s private subnets, reached through an internet-facing Application Load
    Balancer in its public subnets.

    Creates, with logical ids `<name>-<part>`:
    - an ECS cluster (`cluster`) and a log group (`logs`, kept LOG_RETENTION_DAYS);
    - an execution role (`execution-role`) that ECS assumes to pull the image and write
      logs (AWS's AmazonECSTaskExecutionRolePolicy), and a task role (`task-role`) for
      the application, with no permissions: attach policies to `task_role`;
    - a task definition (`task`): Fargate, awsvpc, `cpu` units and `memory` MiB, one
      container named `name` with `environment`, logging to the log group;
    - the load balancer's security group (`lb-sg`: port 80 from anywhere, out only to
      `container_port` in the VPC) and the tasks' (`sg`: `container_port` from the load
      balancer's group only, everything out);
    - the load balancer (`lb`, invalid headers dropped), a target group (`tg`: ip
      targets, health checked on `health_check_path`) and an HTTP listener on port 80
      forwarding to it (`listener`);
    - the service (`service`): Fargate, no public IP, registered in the target group,
      created once the listener and the private subnets' routes out exist.

    The private subnets need a way out (NAT) for Fargate to pull a public image.
    Attributes: `cluster`, `log_group`, `execution_role`, `task_role`,
    `task_definition`, `load_balancer_security_group`, `security_group`,
    `load_balancer`, `target_group`, `listener`, `service`, and `url`.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        network: Network,
        image: str,
        container_port: int = 80,
        cpu: int = 256,
        memory: int = 512,
        desired_count: int = 2,
        environment: Mapping[str, str] | None = None,
        health_check_path: str = "/",
    ) -> None:
        _check(stack, name, container_port, cpu, memory, desired_count, health_check_path)
        region = str(stack.region)
        self.cluster = ecs.Cluster(stack, f"{name}-cluster")
        self.log_group = logs.LogGroup(stack, f"{name}-logs", retention_in_days=LOG_RETENTION_DAYS)
        self.execution_role = iam.Role(
            stack,
            f"{name}-execution-role",
            assume_role_policy_document=TASKS_TRUST,
            managed_policy_arns=[f"arn:{_partition(region)}:iam::aws:{EXECUTION_POLICY}"],
        )
        self.task_role = iam.Role(
            stack, f"{name}-task-role", assume_role_policy_document=TASKS_TRUST
        )
        self.task_definition = ecs.TaskDefinition(
            stack,
            f"{name}-task",
            requires_compatibilities=["FARGATE"],
            network_mode="awsvpc",
            cpu=str(cpu),
            memory=str(memory),
            execution_role_arn=self.execution_role.arn,
            task_role_arn=self.task_role.arn,
            container_definitions=[
                _container(name, image, container_port, environment, self.log_group, region)
            ],
        )

        vpc = network.vpc
        self.load_balancer_security_group = ec2.SecurityGroup(
            stack,
            f"{name}-lb-sg",
            group_description=f"{name} load balancer: HTTP from anywhere",
            vpc_id=vpc.id,
            security_group_ingress=[
                _tcp(LISTENER_PORT, "HTTP from anywhere", CidrIp=ANYWHERE),
            ],
            security_group_egress=[
                _tcp(container_port, "To the tasks", CidrIp=vpc.attr("CidrBlock")),
            ],
        )
        self.security_group = ec2.SecurityGroup(
            stack,
            f"{name}-sg",
            group_description=f"{name} tasks: {container_port} from the load balancer",
            vpc_id=vpc.id,
            security_group_ingress=[
                _tcp(
                    container_port,
                    "From the load balancer",
                    SourceSecurityGroupId=self.load_balancer_security_group.group_id,
                )
            ],
            security_group_egress=[
                {"IpProtocol": "-1", "CidrIp": ANYWHERE, "Description": "All outbound"}
            ],
        )

        self.load_balancer = elbv2.LoadBalancer(
            stack,
            f"{name}-lb",
            type="application",
            scheme="internet-facing",
            subnets=[subnet.id for subnet in network.public_subnets],
            security_groups=[self.load_balancer_security_group.group_id],
            load_balancer_attributes=[
                {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}
            ],
            depends_on=[network.gateway_attachment],
        )
        self.target_group = elbv2.TargetGroup(
            stack,
            f"{name}-tg",
            target_type="ip",
            protocol="HTTP",
            port=container_port,
            vpc_id=vpc.id,
            health_check_path=health_check_path,
        )
        self.listener = elbv2.Listener(
            stack,
            f"{name}-listener",
            load_balancer_arn=self.load_balancer.id,
            port=LISTENER_PORT,
            protocol="HTTP",
            default_actions=[{"Type": "forward", "TargetGroupArn": self.target_group.id}],
        )

        routes_out: list[Resource] = [
            routes.default_route for routes in network.private_routes if routes.default_route
        ]
        self.service = ecs.Service(
            stack,
            f"{name}-service",
            cluster=self.cluster.id,
            task_definition=self.task_definition.id,
            launch_type="FARGATE",
            desired_count=desired_count,
            network_configuration={
                "AwsvpcConfiguration": {
                    "Subnets": [subnet.id for subnet in network.private_subnets],
                    "SecurityGroups": [self.security_group.group_id],
                    "AssignPublicIp": "DISABLED",
                }
            },
            load_balancers=[
                {
                    "ContainerName": name,
                    "ContainerPort": container_port,
                    "TargetGroupArn": self.target_group.id,
                }
            ],
            depends_on=[self.listener, *routes_out],
        )

    @property
    def url(self) -> Join:
        """The service's address: http:// and the load balancer's DNS name."""
        return join("http://", self.load_balancer.dns_name)


def _container(
    name: str,
    image: str,
    port: int,
    environment: Mapping[str, str] | None,
    log_group: logs.LogGroup,
    region: str,
) -> dict[str, Any]:
    """The task's one container, logging to `log_group` with the awslogs driver."""
    container: dict[str, Any] = {
        "Name": name,
        "Image": image,
        "Essential": True,
        "PortMappings": [{"ContainerPort": port, "Protocol": "tcp"}],
        "LogConfiguration": {
            "LogDriver": "awslogs",
            "Options": {
                "awslogs-group": log_group.id,
                "awslogs-region": region,
                "awslogs-stream-prefix": name,
            },
        },
    }
    if environment:
        container["Environment"] = [
            {"Name": key, "Value": value} for key, value in sorted(environment.items())
        ]
    return container


def _tcp(port: int, description: str, **peer: Any) -> dict[str, Any]:
    """An inline security group rule for one TCP port, to or from `peer`."""
    rule = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "Description": description}
    return {**rule, **peer}


def _partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def _check(
    stack: Stack,
    name: str,
    container_port: int,
    cpu: int,
    memory: int,
    desired_count: int,
    health_check_path: str,
) -> None:
    """Refuse arguments AWS would refuse at apply time, naming the declaration's line."""
    if cpu not in FARGATE_MEMORY:
        sizes = ", ".join(map(str, FARGATE_MEMORY))
        raise argument_error(
            stack, name, f"cpu={cpu} is not a Fargate task size", hint=f"use cpu= one of: {sizes}"
        )
    allowed = FARGATE_MEMORY[cpu]
    if memory not in allowed:
        raise argument_error(
            stack,
            name,
            f"memory={memory} does not fit cpu={cpu}",
            hint=f"with cpu={cpu}, use memory= one of: {', '.join(map(str, allowed))}",
        )
    if not 1 <= container_port <= 65535:
        raise argument_error(
            stack, name, f"container_port={container_port} is out of range", hint="use 1 to 65535"
        )
    if desired_count < 0:
        raise argument_error(
            stack, name, f"desired_count={desired_count} is negative", hint="use 0 or more"
        )
    if not health_check_path.startswith("/"):
        raise argument_error(
            stack,
            name,
            f"health_check_path={health_check_path!r} is not a path",
            hint='start it with "/", e.g. "/health"',
        )
