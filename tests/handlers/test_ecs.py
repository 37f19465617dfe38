"""AWS::ECS::Cluster, AWS::ECS::TaskDefinition and AWS::ECS::Service against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App, Stack, ValidationError
from landform.aws import ec2, ecs
from landform.aws import elasticloadbalancingv2 as elbv2
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.handlers.registry import handler_for
from tests.conftest import REGION, TAGS
from tests.support import actions, converge, destroy, new_app, plan

CLUSTER = "shop/main/cluster"
TASK = "shop/main/task"
SERVICE = "shop/main/service"
LOGS = {"awslogs-group": "/shop/web", "awslogs-region": REGION, "awslogs-stream-prefix": "web"}


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def tags_of(item: dict[str, Any]) -> dict[str, str]:
    return {t["key"]: t["value"] for t in item.get("tags", [])}


def cluster_of(aws: Any, name: str) -> dict[str, Any]:
    include = ["TAGS", "SETTINGS", "CONFIGURATIONS"]
    (found,) = aws("ecs").describe_clusters(clusters=[name], include=include)["clusters"]
    return dict(found)


def task_of(aws: Any, arn: str) -> dict[str, Any]:
    found = aws("ecs").describe_task_definition(taskDefinition=arn, include=["TAGS"])
    return {**found["taskDefinition"], "tags": found.get("tags", [])}


def service_of(aws: Any, cluster: str, arn: str) -> dict[str, Any]:
    found = aws("ecs").describe_services(cluster=cluster, services=[arn], include=["TAGS"])
    (service,) = found["services"]
    return dict(service)


def fargate_task(
    stack: Stack, image: str = "nginx:1.27", memory: str = "512", **tags: str
) -> ecs.TaskDefinition:
    return ecs.TaskDefinition(
        stack,
        "task",
        tags=tags,
        requires_compatibilities=["FARGATE"],
        network_mode="awsvpc",
        cpu="256",
        memory=memory,
        container_definitions=[
            {
                "Name": "web",
                "Image": image,
                "Essential": True,
                "PortMappings": [{"ContainerPort": 8080, "Protocol": "tcp"}],
                "Environment": [{"Name": "STAGE", "Value": "test"}],
                "LogConfiguration": {"LogDriver": "awslogs", "Options": LOGS},
            }
        ],
    )


# clusters ---------------------------------------------------------------------------


def test_cluster_create_update_replace_delete(context: Context, aws: Any) -> None:
    def declare(name: str | None = None, **settings: Any) -> App:
        app, stack = new_app()
        ecs.Cluster(stack, "cluster", cluster_name=name, **settings)
        return app

    insights = [{"Name": "containerInsights", "Value": "enabled"}]
    converge(declare(cluster_settings=insights, tags={"Team": "web"}), context)
    name = physical_id(context, CLUSTER)
    assert name.startswith("shop-main-cluster-")
    cluster = cluster_of(aws, name)
    assert cluster["status"] == "ACTIVE"
    assert cluster["settings"] == [{"name": "containerInsights", "value": "enabled"}]
    assert tags_of(cluster)["Team"] == "web"
    assert tags_of(cluster)["landform:address"] == CLUSTER
    record = context.store.get(CLUSTER)
    assert record is not None and record.attributes == {"Arn": cluster["clusterArn"]}

    logging = {"ExecuteCommandConfiguration": {"Logging": "NONE"}}
    strategy = [{"CapacityProvider": "FARGATE_SPOT", "Weight": 3, "Base": 1}]
    app = declare(
        configuration=logging,
        capacity_providers=["FARGATE", "FARGATE_SPOT"],
        default_capacity_provider_strategy=strategy,
        tags={"Team": "platform"},
    )
    assert actions(plan(app, context)) == {CLUSTER: "update"}
    converge(app, context)
    cluster = cluster_of(aws, name)
    assert cluster["settings"] == [{"name": "containerInsights", "value": "disabled"}]
    assert cluster["configuration"] == {"executeCommandConfiguration": {"logging": "NONE"}}
    assert cluster["capacityProviders"] == ["FARGATE", "FARGATE_SPOT"]
    assert cluster["defaultCapacityProviderStrategy"] == [
        {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 1}
    ]
    assert tags_of(cluster)["Team"] == "platform"

    app = declare(name="shop-web", tags={"Team": "platform"})
    assert actions(plan(app, context)) == {CLUSTER: "replace"}
    converge(app, context)
    assert cluster_of(aws, "shop-web")["status"] == "ACTIVE"
    assert cluster_of(aws, name)["status"] == "INACTIVE"

    destroy(app, context)
    assert cluster_of(aws, "shop-web")["status"] == "INACTIVE"
    assert context.store.all() == []


# task definitions ---------------------------------------------------------------------


def test_task_definition_create_update_replace_delete(context: Context, aws: Any) -> None:
    def declare(memory: str = "512", **tags: str) -> App:
        app, stack = new_app()
        fargate_task(stack, memory=memory, **tags)
        return app

    converge(declare(Team="web"), context)
    first = physical_id(context, TASK)
    task = task_of(aws, first)
    assert task["family"].startswith("shop-main-task-")
    assert first.endswith(f"task-definition/{task['family']}:1")
    assert (task["requiresCompatibilities"], task["networkMode"]) == (["FARGATE"], "awsvpc")
    assert (task["cpu"], task["memory"]) == ("256", "512")
    (container,) = task["containerDefinitions"]
    assert container["logConfiguration"] == {"logDriver": "awslogs", "options": LOGS}
    assert container["portMappings"] == [{"containerPort": 8080, "protocol": "tcp"}]
    assert container["environment"] == [{"name": "STAGE", "value": "test"}]
    assert tags_of(task) == {**TAGS, "Team": "web", "landform:address": TASK}

    app = declare(Team="platform")
    assert actions(plan(app, context)) == {TASK: "update"}
    converge(app, context)
    assert physical_id(context, TASK) == first
    assert tags_of(task_of(aws, first))["Team"] == "platform"

    app = declare(memory="1024", Team="platform")
    assert actions(plan(app, context)) == {TASK: "replace"}
    converge(app, context)
    second = physical_id(context, TASK)
    assert second == first[: -len(":1")] + ":2", "a new revision of the same family"
    assert task_of(aws, second)["memory"] == "1024"
    assert task_of(aws, first)["status"] == "INACTIVE"

    destroy(app, context)
    assert task_of(aws, second)["status"] == "INACTIVE"
    assert aws("ecs").list_task_definitions(status="ACTIVE")["taskDefinitionArns"] == []
    assert context.store.all() == []


def test_ec2_task_definition_with_volumes_is_read_back_in_cloudformation_shape(
    context: Context, aws: Any
) -> None:
    """Keys the API spells differently (EFSVolumeConfiguration, FilesystemId, IAM) go out
    and come back right: a task definition whose state is lost is adopted, not replaced."""
    volume = {
        "Name": "data",
        "EFSVolumeConfiguration": {
            "FilesystemId": "fs-12345678",
            "RootDirectory": "/srv",
            "TransitEncryption": "ENABLED",
            "AuthorizationConfig": {"IAM": "ENABLED"},
        },
    }
    app, stack = new_app()
    ecs.TaskDefinition(
        stack,
        "task",
        family="worker",
        requires_compatibilities=["EC2"],
        network_mode="bridge",
        volumes=[volume],
        container_definitions=[
            {
                "Name": "worker",
                "Image": "busybox",
                "Memory": 256,
                "Command": ["sleep", "3600"],
                "DockerLabels": {"com.example.Team": "data"},
                "MountPoints": [{"SourceVolume": "data", "ContainerPath": "/data"}],
            }
        ],
    )
    converge(app, context)
    arn = physical_id(context, TASK)
    task = task_of(aws, arn)
    assert (task["family"], task["networkMode"]) == ("worker", "bridge")
    assert task["volumes"] == [
        {
            "name": "data",
            "efsVolumeConfiguration": {
                "fileSystemId": "fs-12345678",
                "rootDirectory": "/srv",
                "transitEncryption": "ENABLED",
                "authorizationConfig": {"iam": "ENABLED"},
            },
        }
    ]
    (container,) = task["containerDefinitions"]
    assert container["dockerLabels"] == {"com.example.Team": "data"}

    context.store.remove(TASK)
    assert actions(plan(app, context)) == {TASK: "adopt"}
    converge(app, context)
    assert physical_id(context, TASK) == arn


# services -----------------------------------------------------------------------------


RUNNING = 2
"""Tasks of the services under test (the emulator reports them running, as AWS
once the service is stable)."""


def service_stack(
    *,
    desired: int,
    image: str = "nginx:1.27",
    groups: tuple[str, ...] = ("one",),
    name: str | None = None,
    **settings: Any,
) -> App:
    """A Fargate service behind a target group, in a private subnet."""
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack, f"subnet-{z}", vpc_id=vpc.id, cidr_block=c, availability_zone=f"{REGION}{z}"
        )
        for z, c in (("a", "10.0.1.0/24"), ("b", "10.0.2.0/24"))
    ]
    security = {
        group: ec2.SecurityGroup(stack, f"sg-{group}", group_description=group, vpc_id=vpc.id)
        for group in ("one", "two")
    }
    balancer = elbv2.LoadBalancer(
        stack, "lb", subnets=[s.id for s in subnets], security_groups=[security["one"].group_id]
    )
    target = elbv2.TargetGroup(
        stack, "tg", target_type="ip", protocol="HTTP", port=8080, vpc_id=vpc.id
    )
    listener = elbv2.Listener(
        stack,
        "listener",
        load_balancer_arn=balancer.id,
        port=80,
        protocol="HTTP",
        default_actions=[{"Type": "forward", "TargetGroupArn": target.id}],
    )
    ecs.Service(
        stack,
        "service",
        service_name=name,
        cluster=ecs.Cluster(stack, "cluster").id,
        task_definition=fargate_task(stack, image=image).id,
        desired_count=desired,
        launch_type="FARGATE",
        network_configuration={
            "AwsvpcConfiguration": {
                "Subnets": [subnets[0].id],
                "SecurityGroups": [security[g].group_id for g in groups],
                "AssignPublicIp": "DISABLED",
            }
        },
        load_balancers=[
            {"ContainerName": "web", "ContainerPort": 8080, "TargetGroupArn": target.id}
        ],
        depends_on=[listener],
        **settings,
    )
    return app


def test_service_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(service_stack(desired=RUNNING), context)
    cluster = physical_id(context, CLUSTER)
    arn = physical_id(context, SERVICE)
    service = service_of(aws, cluster, arn)
    assert service["serviceName"].startswith("shop-main-service-")
    assert (service["status"], service["launchType"]) == ("ACTIVE", "FARGATE")
    assert (service["desiredCount"], service["runningCount"]) == (RUNNING, RUNNING)
    assert service["taskDefinition"] == physical_id(context, TASK)
    network = service["networkConfiguration"]["awsvpcConfiguration"]
    assert network["subnets"] == [physical_id(context, "shop/main/subnet-a")]
    assert network["securityGroups"] == [physical_id(context, "shop/main/sg-one")]
    assert network["assignPublicIp"] == "DISABLED"
    assert service["loadBalancers"] == [
        {
            "targetGroupArn": physical_id(context, "shop/main/tg"),
            "containerName": "web",
            "containerPort": 8080,
        }
    ]
    assert tags_of(service)["landform:address"] == SERVICE
    record = context.store.get(SERVICE)
    assert record is not None
    assert record.attributes == {"ServiceArn": arn, "Name": service["serviceName"]}

    first_task = physical_id(context, TASK)
    app = service_stack(desired=3, image="nginx:1.28", groups=("one", "two"))
    assert actions(plan(app, context)) == {TASK: "replace", SERVICE: "update"}
    converge(app, context)
    assert physical_id(context, SERVICE) == arn
    service = service_of(aws, cluster, arn)
    assert service["desiredCount"] == 3
    assert service["taskDefinition"] == physical_id(context, TASK) != first_task
    groups = service["networkConfiguration"]["awsvpcConfiguration"]["securityGroups"]
    assert groups == [physical_id(context, f"shop/main/sg-{g}") for g in ("one", "two")]
    assert task_of(aws, first_task)["status"] == "INACTIVE", "deregistered once unused"

    app = service_stack(desired=RUNNING, image="nginx:1.28", name="web")
    assert actions(plan(app, context)) == {SERVICE: "replace"}
    converge(app, context)
    new = physical_id(context, SERVICE)
    assert new.endswith("/web")
    assert service_of(aws, cluster, new)["status"] == "ACTIVE"
    old = service_of(aws, cluster, arn)
    assert (old["status"], old["desiredCount"]) == ("INACTIVE", 0), "scaled to 0, deleted"

    destroy(app, context)
    service = service_of(aws, cluster, new)
    assert (service["status"], service["desiredCount"]) == ("INACTIVE", 0)
    assert cluster_of(aws, cluster)["status"] == "INACTIVE"
    assert aws("elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert context.store.all() == []


def test_service_settings_change_in_place_and_reset(context: Context, aws: Any) -> None:
    converge(service_stack(desired=0), context)
    cluster, arn = physical_id(context, CLUSTER), physical_id(context, SERVICE)

    app = service_stack(
        desired=0,
        health_check_grace_period_seconds=30,
        enable_execute_command=True,
        propagate_tags="SERVICE",
        deployment_configuration={
            "MaximumPercent": 150,
            "MinimumHealthyPercent": 50,
            "DeploymentCircuitBreaker": {"Enable": True, "Rollback": True},
        },
    )
    assert actions(plan(app, context)) == {SERVICE: "update"}
    converge(app, context)
    service = service_of(aws, cluster, arn)
    assert service["healthCheckGracePeriodSeconds"] == 30
    assert (service["enableExecuteCommand"], service["propagateTags"]) == (True, "SERVICE")
    assert service["deploymentConfiguration"] == {
        "maximumPercent": 150,
        "minimumHealthyPercent": 50,
        "deploymentCircuitBreaker": {"enable": True, "rollback": True},
    }

    app = service_stack(desired=0)
    assert actions(plan(app, context)) == {SERVICE: "update"}
    converge(app, context)
    service = service_of(aws, cluster, arn)
    assert service["healthCheckGracePeriodSeconds"] == 0
    assert (service["enableExecuteCommand"], service["propagateTags"]) == (False, "NONE")


def test_service_update_calls_only_what_differs(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    """A change of tags alone makes no update_service call (resending the network or
    the load balancers would start a needless deployment): what AWS reports is compared
    with what is declared, its extra keys and list order aside."""
    converge(service_stack(desired=0), context)
    app = service_stack(desired=0, tags={"Team": "web"})
    assert actions(plan(app, context)) == {SERVICE: "update"}
    calls.calls.clear()
    converge(app, context)
    assert calls.mutating == {"ecs:TagResource": 1}


def test_unsupported_service_properties_are_refused(context: Context) -> None:
    app = service_stack(desired=0, role="arn:aws:iam::123456789012:role/ecs")
    with pytest.raises(ValidationError, match="does not manage Role of AWS::ECS::Service"):
        plan(app, context)


def test_service_list_reads_each_cluster_once(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    converge(service_stack(desired=0), context)
    aws("ecs").create_cluster(clusterName="other")
    context.fresh_reads()
    calls.calls.clear()
    api = context.api(None, REGION)  # type: ignore[arg-type]
    listed = list(handler_for("AWS::ECS::Service").list(api))
    assert [live.physical_id for live in listed] == [physical_id(context, SERVICE)]
    assert list(handler_for("AWS::ECS::Cluster").list(api))
    assert calls.calls[("ecs", "ListClusters")] == 1
    assert calls.calls[("ecs", "DescribeClusters")] == 1
    assert calls.calls[("ecs", "ListServices")] == 2
    assert calls.calls[("ecs", "DescribeServices")] == 1


def test_cluster_and_service_made_by_a_crashed_run_are_adopted(context: Context) -> None:
    """What list reads back is what was declared: found by their tags, they are adopted
    as they are, not updated or replaced."""
    app = service_stack(desired=0, propagate_tags="SERVICE")
    converge(app, context)
    service = physical_id(context, SERVICE)
    context.store.remove(SERVICE)
    context.store.remove(CLUSTER)
    assert actions(plan(app, context)) == {CLUSTER: "adopt", SERVICE: "adopt"}
    converge(app, context)
    assert physical_id(context, SERVICE) == service
