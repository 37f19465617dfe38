"""AWS::ECS::TaskDefinition"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    physical_name,
    present,
    read_each,
)
from landform.handlers.ecs import shapes
from landform.handlers.ecs.common import ecs_tags, sync_tags, tags_of
from landform.handlers.registry import register
from landform.model.schema import schema_for

TYPE = "AWS::ECS::TaskDefinition"

REGISTERED = (
    "Family",
    "ContainerDefinitions",
    "Cpu",
    "Memory",
    "NetworkMode",
    "RequiresCompatibilities",
    "TaskRoleArn",
    "ExecutionRoleArn",
    "Volumes",
    "PlacementConstraints",
    "RuntimePlatform",
    "EphemeralStorage",
    "ProxyConfiguration",
    "IpcMode",
    "PidMode",
    "InferenceAccelerators",
    "EnableFaultInjection",
)
"""What register_task_definition takes and describe_task_definition returns."""

NAME_LENGTH = 255


@register
class TaskDefinition(Handler):
    """One revision of a task definition family (FARGATE or EC2), named Family or else
    after its address. A revision never changes: every change but Tags registers a new
    revision (a replacement), and delete deregisters the old one.

    ECS cannot list by tag: `list` costs list_task_definitions (ACTIVE revisions, 100 a
    page) and one describe_task_definition per active revision of the region, made by
    READERS threads. Since a revision never changes, its properties are compared with
    state (AWS reports some normalized: "1 GB" as "1024", a role's name as its ARN).
    """

    TYPE = TYPE
    UNREADABLE = schema_for(TYPE).create_only - {"Family"}

    def list(self, api: Api) -> Iterable[Live]:
        ecs = api.client("ecs")
        arns = api.pages("ecs", "list_task_definitions", "taskDefinitionArns", status="ACTIVE")
        found = read_each(lambda arn: _read(api, ecs, arn), arns)
        return [live for live in found if live is not None]

    def create(self, api: Api, props: Props, token: str) -> Live:
        family = props.get("Family") or physical_name(
            address_of(props), api.account, api.region, NAME_LENGTH
        )
        params = shapes.request("RegisterTaskDefinition", props, REGISTERED[1:])
        registered = api.client("ecs").register_task_definition(
            family=family, tags=ecs_tags(props.get("Tags")), **params
        )["taskDefinition"]
        arn = registered["taskDefinitionArn"]
        return Live(arn, present(props, (*REGISTERED, "Tags")), {"TaskDefinitionArn": arn})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        """Only Tags change in place."""
        sync_tags(api.client("ecs"), current.physical_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        api.client("ecs").deregister_task_definition(taskDefinition=current.physical_id)


def _read(api: Api, ecs: Any, arn: str) -> Live | None:
    """The revision in CloudFormation's shape, if `api` keeps it (see `Api.keeps`)."""
    found = ecs.describe_task_definition(taskDefinition=arn, include=["TAGS"])
    tags = tags_of(found)
    if not api.keeps(tags):
        return None
    props = shapes.properties(TYPE, "TaskDefinition", found["taskDefinition"], REGISTERED)
    return Live(arn, {**props, "Tags": tags}, {"TaskDefinitionArn": arn})
