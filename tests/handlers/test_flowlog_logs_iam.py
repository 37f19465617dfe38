"""Log groups, IAM roles and VPC flow logs against the emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest

from landform import App
from landform.aws import ec2, iam, logs
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import tag_map
from tests.support import actions, converge, destroy, new_app, plan

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def allow(action: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}],
    }


def log_groups(aws: Any) -> dict[str, dict[str, Any]]:
    return {g["logGroupName"]: g for g in aws("logs").describe_log_groups()["logGroups"]}


def test_log_group_create_update_replace_delete(context: Context, aws: Any) -> None:
    def declare(name: str | None = None, retention: int | None = 7, **tags: str) -> App:
        app, stack = new_app()
        logs.LogGroup(stack, "logs", log_group_name=name, retention_in_days=retention, tags=tags)
        return app

    converge(declare(Team="network"), context)
    (group,) = log_groups(aws).values()
    assert (group["logGroupName"], group["retentionInDays"]) == ("/landform/shop/main/logs", 7)
    arn = group["logGroupArn"]
    tags = aws("logs").list_tags_for_resource(resourceArn=arn)["tags"]
    assert (tags["Team"], tags["landform:address"]) == ("network", "shop/main/logs")
    record = context.store.get("shop/main/logs")
    assert record is not None
    assert (record.physical_id, record.attributes) == (group["logGroupName"], {"Arn": arn})

    app = declare(retention=30, Team="platform")
    assert actions(plan(app, context)) == {"shop/main/logs": "update"}
    converge(app, context)
    (group,) = log_groups(aws).values()
    assert group["retentionInDays"] == 30
    assert aws("logs").list_tags_for_resource(resourceArn=arn)["tags"]["Team"] == "platform"

    app = declare(retention=None, Team="platform")
    converge(app, context)
    assert "retentionInDays" not in log_groups(aws)["/landform/shop/main/logs"]

    app = declare(name="/shop/flows")
    assert actions(plan(app, context)) == {"shop/main/logs": "replace"}
    converge(app, context)
    assert list(log_groups(aws)) == ["/shop/flows"]

    destroy(app, context)
    assert log_groups(aws) == {}
    assert context.store.all() == []


def test_log_group_of_someone_else_is_not_adopted(context: Context, aws: Any) -> None:
    aws("logs").create_log_group(logGroupName="/landform/shop/main/logs")
    app, stack = new_app()
    logs.LogGroup(stack, "logs")
    with pytest.raises(LandformError, match="not made by Landform"):
        plan(app, context)


def role_app(
    policy: str = "logs",
    managed: list[str] | None = None,
    description: str = "delivers flow logs",
    path: str | None = None,
    **tags: str,
) -> App:
    app, stack = new_app()
    iam.Role(
        stack,
        "role",
        assume_role_policy_document=TRUST,
        description=description,
        max_session_duration=7200,
        path=path,
        policies=[{"PolicyName": policy, "PolicyDocument": allow(f"{policy}:*")}],
        managed_policy_arns=managed,
        tags=tags,
    )
    return app


def roles(aws: Any) -> list[dict[str, Any]]:
    return [r for r in aws("iam").list_roles()["Roles"] if r["RoleName"].startswith("shop-main-")]


def test_role_create_update_replace_delete(context: Context, aws: Any) -> None:
    client = aws("iam")
    managed = [
        client.create_policy(PolicyName=name, PolicyDocument=json.dumps(allow("ec2:Describe*")))[
            "Policy"
        ]["Arn"]
        for name in ("describe", "describe-too")
    ]
    converge(role_app(managed=managed[:1], Team="network"), context)
    (role,) = roles(aws)
    name = role["RoleName"]
    assert len(name) <= 64
    assert role["AssumeRolePolicyDocument"] == TRUST
    assert (role["Description"], role["MaxSessionDuration"]) == ("delivers flow logs", 7200)
    assert client.list_role_policies(RoleName=name)["PolicyNames"] == ["logs"]
    attached = client.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == managed[:1]
    assert tag_map(client.list_role_tags(RoleName=name)["Tags"])["Team"] == "network"
    record = context.store.get("shop/main/role")
    assert record is not None
    assert record.attributes == {"Arn": role["Arn"], "RoleId": role["RoleId"]}

    app = role_app("s3", managed[1:], "delivers logs", Team="platform")
    assert actions(plan(app, context)) == {"shop/main/role": "update"}
    converge(app, context)
    role = client.get_role(RoleName=name)["Role"]
    assert role["Description"] == "delivers logs"
    assert tag_map(role["Tags"])["Team"] == "platform"
    assert client.list_role_policies(RoleName=name)["PolicyNames"] == ["s3"]
    document = client.get_role_policy(RoleName=name, PolicyName="s3")["PolicyDocument"]
    assert document == allow("s3:*")
    attached = client.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == managed[1:]

    app = role_app("s3", managed[1:], "delivers logs", path="/network/", Team="platform")
    assert actions(plan(app, context)) == {"shop/main/role": "replace"}
    converge(app, context)
    (replaced,) = roles(aws)
    assert (replaced["Path"], replaced["RoleName"] != name) == ("/network/", True)

    destroy(app, context)
    assert roles(aws) == []
    assert context.store.all() == []


def flow_app(group: str = "logs", **tags: str) -> App:
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    role = iam.Role(stack, "role", assume_role_policy_document=TRUST)
    groups = {name: logs.LogGroup(stack, name) for name in ("logs", "more-logs")}
    ec2.FlowLog(
        stack,
        "flow",
        resource_id=vpc.id,
        resource_type="VPC",
        traffic_type="ALL",
        log_destination_type="cloud-watch-logs",
        log_group_name=groups[group].id,
        deliver_logs_permission_arn=role.arn,
        tags=tags,
    )
    return app


def flow_logs(aws: Any) -> list[dict[str, Any]]:
    owned = [{"Name": "tag-key", "Values": ["landform:address"]}]
    return aws("ec2").describe_flow_logs(Filter=owned)["FlowLogs"]  # type: ignore[no-any-return]


def test_flow_log_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(flow_app(), context)
    (flow,) = flow_logs(aws)
    vpc = context.store.get("shop/main/vpc")
    role = context.store.get("shop/main/role")
    assert vpc is not None and role is not None
    assert (flow["ResourceId"], flow["TrafficType"], flow["LogGroupName"]) == (
        vpc.physical_id,
        "ALL",
        "/landform/shop/main/logs",
    )
    assert flow["DeliverLogsPermissionArn"] == role.attributes["Arn"]

    app = flow_app(Tier="network")
    assert actions(plan(app, context)) == {"shop/main/flow": "update"}
    converge(app, context)
    (flow,) = flow_logs(aws)
    assert tag_map(flow["Tags"])["Tier"] == "network"

    app = flow_app("more-logs", Tier="network")
    assert actions(plan(app, context)) == {"shop/main/flow": "replace"}
    converge(app, context)
    (replaced,) = flow_logs(aws)
    assert replaced["FlowLogId"] != flow["FlowLogId"]
    assert replaced["LogGroupName"] == "/landform/shop/main/more-logs"

    destroy(app, context)
    assert flow_logs(aws) == []
    assert context.store.all() == []
