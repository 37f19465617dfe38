"""Contract examples: inline and managed policies and instance profiles, on a role."""

from __future__ import annotations

from landform.aws import iam
from landform.model import Resource, Stack

TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
READ_LOGS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "logs:Get*", "Resource": "*"}],
}


def _role(stack: Stack) -> iam.Role:
    return iam.Role(stack, "role", assume_role_policy_document=TRUST)


def policy(stack: Stack) -> Resource:
    return iam.Policy(
        stack, "policy", policy_name="read-logs", policy_document=READ_LOGS, roles=[_role(stack).id]
    )


def managed_policy(stack: Stack) -> Resource:
    return iam.ManagedPolicy(stack, "managed", policy_document=READ_LOGS, roles=[_role(stack).id])


def instance_profile(stack: Stack) -> Resource:
    return iam.InstanceProfile(stack, "profile", roles=[_role(stack).id])


EXAMPLES = {
    "AWS::IAM::Policy": policy,
    "AWS::IAM::ManagedPolicy": managed_policy,
    "AWS::IAM::InstanceProfile": instance_profile,
}
