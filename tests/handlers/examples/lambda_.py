"""Contract examples of the Lambda types: a function whose code is this file, its role."""

from __future__ import annotations

from pathlib import Path

from landform import lambda_code
from landform.aws import iam, lambda_
from landform.model import Resource, Stack

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def function(stack: Stack) -> lambda_.Function:
    role = iam.Role(stack, "role", assume_role_policy_document=TRUST)
    return lambda_.Function(
        stack,
        "function",
        code=lambda_code(Path(__file__)),
        handler="lambda_.handler",
        runtime="python3.12",
        role=role.arn,
    )


def permission(stack: Stack) -> Resource:
    return lambda_.Permission(
        stack,
        "permission",
        function_name=function(stack).id,
        action="lambda:InvokeFunction",
        principal="s3.amazonaws.com",
    )


EXAMPLES = {"AWS::Lambda::Function": function, "AWS::Lambda::Permission": permission}
