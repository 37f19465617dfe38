"""Function: a Lambda function with its own log group and a role that may only log to it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from landform.aws import iam, lambda_, logs
from landform.constructs.arguments import argument_error
from landform.constructs.network import Network
from landform.model import Input, Stack, join
from landform.model.assets import lambda_code

LOG_RETENTION_DAYS = 90

ENI_ACTIONS = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
]
"""What Lambda needs of the role to attach a function to a VPC (these actions take no
resource ARN)."""


class Function:
    """An AWS::Lambda::Function `<name>` running `code` (a file or directory, zipped by
    `landform.lambda_code`), named `<app>-<stack>-<name>` (shortened with a digest past
    64 characters), with:

    - an AWS::Logs::LogGroup `<name>-logs`, /aws/lambda/<function name>, kept
      LOG_RETENTION_DAYS;
    - an AWS::IAM::Role `<name>-role` that only lambda.amazonaws.com may assume, whose
      one inline policy allows logs:CreateLogStream and logs:PutLogEvents on that log
      group (and its streams), plus the network interface actions Lambda needs when the
      function is in `network`'s private subnets, behind `security_groups` (ids; at
      least one, as Lambda requires).

    The function depends on its log group, so nothing it logs is lost. Attributes:
    `function`, `role`, `log_group`.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        code: str | Path,
        handler: str,
        runtime: str = "python3.12",
        memory: int = 128,
        timeout: int = 10,
        environment: Mapping[str, str] | None = None,
        network: Network | None = None,
        security_groups: Sequence[Input[str]] = (),
    ) -> None:
        if (network is None) != (not security_groups):
            raise argument_error(
                stack,
                name,
                "network= and security_groups= go together",
                hint="give both to place the function in the network's private subnets, or neither",
            )
        function_name = _function_name(stack, name)
        self.log_group = logs.LogGroup(
            stack,
            f"{name}-logs",
            log_group_name=f"/aws/lambda/{function_name}",
            retention_in_days=LOG_RETENTION_DAYS,
        )
        statements = [
            {
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": [self.log_group.arn, join(self.log_group.arn, ":*")],
            }
        ]
        if network is not None:
            statements.append({"Effect": "Allow", "Action": ENI_ACTIONS, "Resource": "*"})
        self.role = iam.Role(
            stack,
            f"{name}-role",
            assume_role_policy_document=trust_policy("lambda.amazonaws.com"),
            policies=[{"PolicyName": "write-logs", "PolicyDocument": _document(*statements)}],
        )
        vpc_config = None
        if network is not None:
            vpc_config = {
                "SubnetIds": [subnet.id for subnet in network.private_subnets],
                "SecurityGroupIds": list(security_groups),
            }
        self.function = lambda_.Function(
            stack,
            name,
            function_name=function_name,
            code=lambda_code(code),
            handler=handler,
            runtime=runtime,
            memory_size=memory,
            timeout=timeout,
            role=self.role.arn,
            environment={"Variables": dict(environment)} if environment else None,
            vpc_config=vpc_config,
            depends_on=[self.log_group],
        )


def _function_name(stack: Stack, name: str) -> str:
    """`<app>-<stack>-<name>`, in the characters Lambda allows, at most 64 long."""
    full = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{stack.address}/{name}")
    if len(full) <= 64:
        return full
    digest = hashlib.sha256(full.encode()).hexdigest()[:8]
    return f"{full[:55]}-{digest}"


def trust_policy(service: str) -> dict[str, Any]:
    """A role's trust policy that lets only AWS service `service` assume it."""
    return _document(
        {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    )


def _document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}
