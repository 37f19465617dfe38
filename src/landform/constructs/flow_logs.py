"""Flow logs of all a VPC's traffic, to CloudWatch Logs or to S3."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from landform.aws import ec2, iam, logs
from landform.constructs.bucket import EncryptedBucket
from landform.model import Input, Resource, Stack, join

RETENTION_DAYS = 365


class CloudWatchFlowLogs:
    """An AWS::EC2::FlowLog `<name>` delivering to an AWS::Logs::LogGroup `<name>-group`
    (kept RETENTION_DAYS), through an AWS::IAM::Role `<name>-role` that only
    vpc-flow-logs.amazonaws.com may assume and that may only write to that group.

    The group's Arn is taken without the ":*" the Logs API appends, as its handler
    returns it; the role's grant names the group and, with ":*", its streams.
    """

    def __init__(self, stack: Stack, name: str, *, vpc: ec2.VPC) -> None:
        self.log_group = logs.LogGroup(stack, f"{name}-group", retention_in_days=RETENTION_DAYS)
        self.role = iam.Role(
            stack,
            f"{name}-role",
            assume_role_policy_document=_policy(
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ),
            policies=[
                {
                    "PolicyName": "deliver-flow-logs",
                    "PolicyDocument": _policy(
                        {
                            "Effect": "Allow",
                            "Action": [
                                "logs:CreateLogStream",
                                "logs:PutLogEvents",
                                "logs:DescribeLogStreams",
                            ],
                            "Resource": [self.log_group.arn, join(self.log_group.arn, ":*")],
                        }
                    ),
                }
            ],
        )
        self.flow_log = _flow_log(
            stack,
            name,
            vpc,
            log_destination_type="cloud-watch-logs",
            log_group_name=self.log_group.id,
            deliver_logs_permission_arn=self.role.arn,
        )


class S3FlowLogs:
    """An AWS::EC2::FlowLog `<name>` delivering to an EncryptedBucket `<name>-bucket`
    (S3-managed keys, log delivery allowed by its policy).
    """

    def __init__(self, stack: Stack, name: str, *, vpc: ec2.VPC) -> None:
        self.bucket = EncryptedBucket(stack, f"{name}-bucket", key=None, log_delivery=True)
        self.flow_log = _flow_log(
            stack,
            name,
            vpc,
            log_destination_type="s3",
            log_destination=self.bucket.arn,
            depends_on=[self.bucket.policy],
        )


def _flow_log(
    stack: Stack,
    logical_id: str,
    vpc: ec2.VPC,
    *,
    log_destination_type: str,
    log_destination: Input[str] | None = None,
    log_group_name: Input[str] | None = None,
    deliver_logs_permission_arn: Input[str] | None = None,
    depends_on: Sequence[Resource] = (),
) -> ec2.FlowLog:
    return ec2.FlowLog(
        stack,
        logical_id,
        resource_id=vpc.id,
        resource_type="VPC",
        traffic_type="ALL",
        log_destination_type=log_destination_type,
        log_destination=log_destination,
        log_group_name=log_group_name,
        deliver_logs_permission_arn=deliver_logs_permission_arn,
        depends_on=depends_on,
    )


def _policy(statement: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [statement]}
