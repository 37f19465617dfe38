"""Function: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from landform import Stack, join, lambda_code
from landform.aws import ec2
from landform.constructs.function import ENI_ACTIONS, Function
from landform.constructs.network import Network
from landform.engine.context import Context
from landform.errors import ValidationError
from tests.support import converge, destroy


@pytest.fixture
def code(tmp_path: Path) -> Path:
    root = tmp_path / "code"
    root.mkdir()
    (root / "app.py").write_text("def handler(event, context):\n    return 'ok'\n")
    return root


# model ------------------------------------------------------------------------------


def test_function_its_log_group_and_role(stack: Stack, code: Path) -> None:
    fn = Function(stack, "orders", code=code, handler="app.handler", environment={"STAGE": "dev"})
    props = fn.function.properties
    assert props["FunctionName"] == "shop-main-orders"
    assert props["Code"] == lambda_code(code)
    assert (props["Handler"], props["Runtime"]) == ("app.handler", "python3.12")
    assert (props["MemorySize"], props["Timeout"]) == (128, 10)
    assert props["Environment"] == {"Variables": {"STAGE": "dev"}}
    assert props["Role"] == fn.role.arn
    assert "VpcConfig" not in props
    assert fn.function.depends_on == [fn.log_group]
    assert fn.log_group.properties["LogGroupName"] == "/aws/lambda/shop-main-orders"
    assert fn.log_group.properties["RetentionInDays"] > 0

    trust = fn.role.properties["AssumeRolePolicyDocument"]["Statement"]
    assert trust == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ]
    (policy,) = fn.role.properties["Policies"]
    (statement,) = policy["PolicyDocument"]["Statement"]
    assert statement["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    assert statement["Resource"] == [fn.log_group.arn, join(fn.log_group.arn, ":*")]


def test_in_a_network_behind_security_groups(stack: Stack, code: Path) -> None:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)
    group = ec2.SecurityGroup(stack, "sg", group_description="fn", vpc_id=net.vpc.id)
    fn = Function(
        stack,
        "orders",
        code=code,
        handler="app.handler",
        network=net,
        security_groups=[group.group_id],
    )
    assert fn.function.properties["VpcConfig"] == {
        "SubnetIds": [s.id for s in net.private_subnets],
        "SecurityGroupIds": [group.group_id],
    }
    (policy,) = fn.role.properties["Policies"]
    _, eni = policy["PolicyDocument"]["Statement"]
    assert (eni["Action"], eni["Resource"]) == (ENI_ACTIONS, "*")


def test_network_and_security_groups_go_together(stack: Stack, code: Path) -> None:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=1, nat="none", flow_logs=False)
    with pytest.raises(ValidationError, match="go together"):
        Function(stack, "orders", code=code, handler="app.handler", network=net)
    with pytest.raises(ValidationError, match="go together"):
        Function(stack, "other", code=code, handler="app.handler", security_groups=["sg-1"])


def test_long_names_are_shortened_to_what_lambda_allows(stack: Stack, code: Path) -> None:
    fn = Function(stack, "a" * 70, code=code, handler="app.handler")
    name = fn.function.properties["FunctionName"]
    assert len(name) == 64 and name.startswith("shop-main-aaa")
    other = Function(stack, "a" * 71, code=code, handler="app.handler")
    assert other.function.properties["FunctionName"] != name


# emulator ---------------------------------------------------------------------------


def test_function_on_the_emulator(stack: Stack, context: Context, aws: Any, code: Path) -> None:
    Function(stack, "orders", code=code, handler="app.handler", memory=256, timeout=30)
    converge(stack.app, context)
    config = aws("lambda").get_function_configuration(FunctionName="shop-main-orders")
    assert (config["MemorySize"], config["Timeout"], config["Runtime"]) == (256, 30, "python3.12")
    (group,) = aws("logs").describe_log_groups(logGroupNamePrefix="/aws/lambda/")["logGroups"]
    assert group["logGroupName"] == "/aws/lambda/shop-main-orders"
    assert group["retentionInDays"] > 0
    role = config["Role"].split("/")[-1]
    (name,) = aws("iam").list_role_policies(RoleName=role)["PolicyNames"]
    document = aws("iam").get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
    document = json.loads(document) if isinstance(document, str) else document
    (statement,) = document["Statement"]
    arn = group["logGroupArn"]
    assert statement["Resource"] == [arn, f"{arn}:*"]

    destroy(stack.app, context)
    assert aws("lambda").list_functions()["Functions"] == []
    assert aws("logs").describe_log_groups(logGroupNamePrefix="/aws/lambda/")["logGroups"] == []
    assert context.store.all() == []


def test_function_in_a_network_on_the_emulator(
    stack: Stack, context: Context, aws: Any, code: Path
) -> None:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)
    group = ec2.SecurityGroup(stack, "sg", group_description="fn", vpc_id=net.vpc.id)
    Function(
        stack,
        "orders",
        code=code,
        handler="app.handler",
        network=net,
        security_groups=[group.group_id],
    )
    converge(stack.app, context)
    config = aws("lambda").get_function_configuration(FunctionName="shop-main-orders")
    private = {
        context.store.get(s.address).physical_id  # type: ignore[union-attr]
        for s in net.private_subnets
    }
    assert set(config["VpcConfig"]["SubnetIds"]) == private
    destroy(stack.app, context)
    assert context.store.all() == []
