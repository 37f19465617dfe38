"""Contract example for DynamoDB: an on-demand table."""

from __future__ import annotations

from landform.aws import dynamodb
from landform.model import Resource, Stack


def table(stack: Stack) -> Resource:
    return dynamodb.Table(
        stack,
        "orders",
        key_schema=[{"AttributeName": "id", "KeyType": "HASH"}],
        attribute_definitions=[{"AttributeName": "id", "AttributeType": "S"}],
        billing_mode="PAY_PER_REQUEST",
        point_in_time_recovery_specification={"PointInTimeRecoveryEnabled": True},
    )


EXAMPLES = {"AWS::DynamoDB::Table": table}
