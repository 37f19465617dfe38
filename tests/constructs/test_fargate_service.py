"""FargateService: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from landform import Stack, ValidationError, join
from landform.constructs import Network
from landform.constructs.fargate_service import FargateService
from landform.engine.context import Context
from tests.support import converge, destroy

HERE = Path(__file__).name
EXECUTION_POLICY = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ecs-tasks.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def web(stack: Stack, **arguments: Any) -> tuple[Network, FargateService]:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="single", flow_logs=False)
    service = FargateService(stack, "web", network=net, **{"image": "nginx:1.27", **arguments})
    return net, service


# model ------------------------------------------------------------------------------


def test_resources_and_logical_ids(stack: Stack) -> None:
    _, service = web(stack)
    declared = {
        r.logical_id: r.type_name.split("::", 1)[1]
        for r in stack.resources.values()
        if r.logical_id.startswith("web-")
    }
    assert declared == {
        "web-cluster": "ECS::Cluster",
        "web-logs": "Logs::LogGroup",
        "web-execution-role": "IAM::Role",
        "web-task-role": "IAM::Role",
        "web-task": "ECS::TaskDefinition",
        "web-lb-sg": "EC2::SecurityGroup",
        "web-sg": "EC2::SecurityGroup",
        "web-lb": "ElasticLoadBalancingV2::LoadBalancer",
        "web-tg": "ElasticLoadBalancingV2::TargetGroup",
        "web-listener": "ElasticLoadBalancingV2::Listener",
        "web-service": "ECS::Service",
    }
    assert service.cluster.logical_id == "web-cluster"
    assert service.security_group.logical_id == "web-sg"
    assert service.url == join("http://", service.load_balancer.dns_name)


def test_task_definition_runs_the_image_on_fargate(stack: Stack) -> None:
    _, service = web(
        stack, container_port=8080, cpu=512, memory=2048, environment={"STAGE": "prod", "A": "1"}
    )
    task = service.task_definition.properties
    assert task["RequiresCompatibilities"] == ["FARGATE"]
    assert (task["NetworkMode"], task["Cpu"], task["Memory"]) == ("awsvpc", "512", "2048")
    assert task["ExecutionRoleArn"] == service.execution_role.arn
    assert task["TaskRoleArn"] == service.task_role.arn
    (container,) = task["ContainerDefinitions"]
    assert (container["Name"], container["Image"], container["Essential"]) == (
        "web",
        "nginx:1.27",
        True,
    )
    assert container["PortMappings"] == [{"ContainerPort": 8080, "Protocol": "tcp"}]
    assert container["Environment"] == [
        {"Name": "A", "Value": "1"},
        {"Name": "STAGE", "Value": "prod"},
    ]
    assert container["LogConfiguration"] == {
        "LogDriver": "awslogs",
        "Options": {
            "awslogs-group": service.log_group.id,
            "awslogs-region": "us-east-1",
            "awslogs-stream-prefix": "web",
        },
    }
    assert service.log_group.properties["RetentionInDays"] > 0


def test_roles(stack: Stack) -> None:
    _, service = web(stack)
    execution = service.execution_role.properties
    assert execution["AssumeRolePolicyDocument"] == TRUST
    assert execution["ManagedPolicyArns"] == [EXECUTION_POLICY]
    assert service.task_role.properties == {"AssumeRolePolicyDocument": TRUST}


def test_only_the_load_balancer_reaches_the_tasks(stack: Stack) -> None:
    net, service = web(stack, container_port=8080)
    balancer_group = service.load_balancer_security_group.properties
    assert balancer_group["VpcId"] == net.vpc.id
    (ingress,) = balancer_group["SecurityGroupIngress"]
    assert (ingress["IpProtocol"], ingress["FromPort"], ingress["ToPort"]) == ("tcp", 80, 80)
    assert ingress["CidrIp"] == "0.0.0.0/0"
    (egress,) = balancer_group["SecurityGroupEgress"]
    assert (egress["FromPort"], egress["ToPort"]) == (8080, 8080)
    assert egress["CidrIp"] == net.vpc.attr("CidrBlock")

    (ingress,) = service.security_group.properties["SecurityGroupIngress"]
    assert (ingress["IpProtocol"], ingress["FromPort"], ingress["ToPort"]) == ("tcp", 8080, 8080)
    assert ingress["SourceSecurityGroupId"] == service.load_balancer_security_group.group_id
    assert "CidrIp" not in ingress


def test_load_balancer_is_public_and_the_service_private(stack: Stack) -> None:
    net, service = web(stack, container_port=8080, desired_count=3, health_check_path="/health")
    balancer = service.load_balancer.properties
    assert (balancer["Type"], balancer["Scheme"]) == ("application", "internet-facing")
    assert balancer["Subnets"] == [s.id for s in net.public_subnets]
    assert balancer["SecurityGroups"] == [service.load_balancer_security_group.group_id]
    assert net.gateway_attachment in service.load_balancer.dependencies()

    group = service.target_group.properties
    assert (group["TargetType"], group["Protocol"], group["Port"]) == ("ip", "HTTP", 8080)
    assert (group["VpcId"], group["HealthCheckPath"]) == (net.vpc.id, "/health")
    listener = service.listener.properties
    assert (listener["Port"], listener["Protocol"]) == (80, "HTTP")
    assert listener["LoadBalancerArn"] == service.load_balancer.id
    assert listener["DefaultActions"] == [
        {"Type": "forward", "TargetGroupArn": service.target_group.id}
    ]

    ecs_service = service.service.properties
    assert (ecs_service["LaunchType"], ecs_service["DesiredCount"]) == ("FARGATE", 3)
    assert ecs_service["Cluster"] == service.cluster.id
    assert ecs_service["TaskDefinition"] == service.task_definition.id
    assert ecs_service["NetworkConfiguration"] == {
        "AwsvpcConfiguration": {
            "Subnets": [s.id for s in net.private_subnets],
            "SecurityGroups": [service.security_group.group_id],
            "AssignPublicIp": "DISABLED",
        }
    }
    assert ecs_service["LoadBalancers"] == [
        {"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": service.target_group.id}
    ]
    needs = service.service.dependencies()
    assert service.listener in needs, "ECS needs the target group behind a load balancer"
    assert all(r.default_route in needs for r in net.private_routes)


def test_partition_of_the_execution_policy() -> None:
    from landform import App

    stack = App("shop").stack("main", region="cn-north-1")
    _, service = web(stack)
    (arn,) = service.execution_role.properties["ManagedPolicyArns"]
    assert arn.startswith("arn:aws-cn:iam::aws:policy/")


@pytest.mark.parametrize(("arguments", "message", "hint"), [
    ({"cpu": 300}, "cpu=300 is not a Fargate task size", "256, 512, 1024"),
    ({"cpu": 1024, "memory": 512}, "memory=512 does not fit cpu=1024", "2048, 3072"),
    ({"container_port": 0}, "container_port=0 is out of range", "1 to 65535"),
    ({"desired_count": -1}, "desired_count=-1 is negative", "0 or more"),
    ({"health_check_path": "health"}, "'health' is not a path", 'start it with "/"'),
])  # fmt: skip
def test_bad_arguments(stack: Stack, arguments: dict[str, Any], message: str, hint: str) -> None:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=2, flow_logs=False)
    before = set(stack.resources)
    with pytest.raises(ValidationError) as raised:
        FargateService(stack, "web", network=net, image="nginx", **arguments)
    error = raised.value
    assert message in error.message
    assert error.hint is not None and hint in error.hint
    assert error.where is not None and HERE in str(error.where.source)
    assert set(stack.resources) == before, "a rejected FargateService declares nothing"


# emulator ---------------------------------------------------------------------------


def owned(address: str) -> list[dict[str, Any]]:
    return [{"Name": "tag:landform:address", "Values": [f"shop/main/{address}"]}]


def test_fargate_service_on_the_emulator(
    stack: Stack, context: Context, aws: Any, managed_policies: None
) -> None:
    web(stack, container_port=8080, environment={"STAGE": "test"}, health_check_path="/health")
    converge(stack.app, context)

    def physical(logical_id: str) -> str:
        record = context.store.get(f"shop/main/{logical_id}")
        assert record is not None
        return record.physical_id

    ecs = aws("ecs")
    cluster = physical("web-cluster")
    (service,) = ecs.describe_services(cluster=cluster, services=[physical("web-service")])[
        "services"
    ]
    assert (service["status"], service["launchType"]) == ("ACTIVE", "FARGATE")
    assert (service["desiredCount"], service["runningCount"]) == (2, 2)
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    assert network["subnets"] == [physical("net-private-a"), physical("net-private-b")]
    assert network["securityGroups"] == [physical("web-sg")]
    assert network["assignPublicIp"] == "DISABLED"
    (target,) = service["loadBalancers"]
    assert target == {
        "targetGroupArn": physical("web-tg"),
        "containerName": "web",
        "containerPort": 8080,
    }

    task = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
    assert (task["cpu"], task["memory"], task["networkMode"]) == ("256", "512", "awsvpc")
    iam = aws("iam")
    execution = iam.get_role(RoleName=physical("web-execution-role"))["Role"]
    assert task["executionRoleArn"] == execution["Arn"]
    attached = iam.list_attached_role_policies(RoleName=physical("web-execution-role"))
    assert [p["PolicyArn"] for p in attached["AttachedPolicies"]] == [EXECUTION_POLICY]
    task_role = physical("web-task-role")
    assert task["taskRoleArn"] == iam.get_role(RoleName=task_role)["Role"]["Arn"]
    assert iam.list_attached_role_policies(RoleName=task_role)["AttachedPolicies"] == []
    assert iam.list_role_policies(RoleName=task_role)["PolicyNames"] == []
    (container,) = task["containerDefinitions"]
    assert container["environment"] == [{"name": "STAGE", "value": "test"}]
    log_group = physical("web-logs")
    assert container["logConfiguration"]["options"]["awslogs-group"] == log_group
    (group,) = aws("logs").describe_log_groups(logGroupNamePrefix=log_group)["logGroups"]
    assert group["retentionInDays"] == 30

    elbv2 = aws("elbv2")
    (balancer,) = elbv2.describe_load_balancers(LoadBalancerArns=[physical("web-lb")])[
        "LoadBalancers"
    ]
    assert balancer["Scheme"] == "internet-facing"
    zones = [z["SubnetId"] for z in balancer["AvailabilityZones"]]
    assert zones == [physical("net-public-a"), physical("net-public-b")]
    (listener,) = elbv2.describe_listeners(LoadBalancerArn=physical("web-lb"))["Listeners"]
    assert (listener["Port"], listener["Protocol"]) == (80, "HTTP")
    assert listener["DefaultActions"][0]["TargetGroupArn"] == physical("web-tg")
    (target_group,) = elbv2.describe_target_groups(TargetGroupArns=[physical("web-tg")])[
        "TargetGroups"
    ]
    assert (target_group["TargetType"], target_group["HealthCheckPath"]) == ("ip", "/health")

    ec2 = aws("ec2")
    (tasks_group,) = ec2.describe_security_groups(Filters=owned("web-sg"))["SecurityGroups"]
    (rule,) = tasks_group["IpPermissions"]
    assert (rule["FromPort"], rule["ToPort"], rule["IpRanges"]) == (8080, 8080, [])
    assert [p["GroupId"] for p in rule["UserIdGroupPairs"]] == [physical("web-lb-sg")]

    destroy(stack.app, context)
    assert context.store.all() == []
    (service,) = ecs.describe_services(cluster=cluster, services=[service["serviceArn"]])[
        "services"
    ]
    assert service["status"] == "INACTIVE"
    assert elbv2.describe_load_balancers()["LoadBalancers"] == []
    assert elbv2.describe_target_groups()["TargetGroups"] == []
    assert ecs.list_task_definitions(status="ACTIVE")["taskDefinitionArns"] == []
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == []
    assert Counter(g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]) == {
        "default": 1
    }
