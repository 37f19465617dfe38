"""AWS::DynamoDB::Table against the emulator, and with botocore's Stubber where the
emulator does not behave as DynamoDB does (encryption changes, stream view changes)."""

from __future__ import annotations

from typing import Any

import pytest

from landform import Stack
from landform.aws import dynamodb, kms
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.errors import LandformError, ValidationError
from landform.handlers.base import Live
from landform.handlers.registry import handler_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

ORDERS = "shop/main/orders"
HANDLER = handler_for("AWS::DynamoDB::Table")
KEY = [{"AttributeName": "id", "KeyType": "HASH"}]
ID = {"AttributeName": "id", "AttributeType": "S"}
STATUS = {"AttributeName": "status", "AttributeType": "S"}
CUSTOMER = {"AttributeName": "customer", "AttributeType": "S"}
BY_STATUS = {
    "IndexName": "by-status",
    "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "ALL"},
}
BY_CUSTOMER = {
    "IndexName": "by-customer",
    "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["total"]},
}
FIVE = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
TABLE_ARN = f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"


def table_name(context: Context, address: str = ORDERS) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def tags_of(aws: Any, arn: str) -> dict[str, str]:
    return {
        t["Key"]: t["Value"] for t in aws("dynamodb").list_tags_of_resource(ResourceArn=arn)["Tags"]
    }


def recovery(aws: Any, name: str) -> str:
    found = aws("dynamodb").describe_continuous_backups(TableName=name)
    return str(
        found["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"][
            "PointInTimeRecoveryStatus"
        ]
    )


def ttl(aws: Any, name: str) -> dict[str, Any]:
    return dict(aws("dynamodb").describe_time_to_live(TableName=name)["TimeToLiveDescription"])


def orders(stack: Stack, **extra: Any) -> dynamodb.Table:
    return dynamodb.Table(stack, "orders", key_schema=KEY, **extra)


def test_table_create_update_in_place_and_reset(context: Context, aws: Any) -> None:
    app, stack = new_app()
    key = kms.Key(stack, "key")
    orders(
        stack,
        attribute_definitions=[ID, STATUS],
        billing_mode="PAY_PER_REQUEST",
        global_secondary_indexes=[BY_STATUS],
        sse_specification={"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key.arn},
        point_in_time_recovery_specification={"PointInTimeRecoveryEnabled": True},
        time_to_live_specification={"AttributeName": "expires", "Enabled": True},
        tags={"Tier": "data"},
    )
    converge(app, context)
    name = table_name(context)
    table = aws("dynamodb").describe_table(TableName=name)["Table"]
    assert table["KeySchema"] == KEY
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert [i["IndexName"] for i in table["GlobalSecondaryIndexes"]] == ["by-status"]
    key_arn = context.store.get("shop/main/key").attributes["Arn"]  # type: ignore[union-attr]
    assert table["SSEDescription"]["KMSMasterKeyArn"] == key_arn
    assert recovery(aws, name) == "ENABLED"
    assert ttl(aws, name) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "expires"}
    tags = tags_of(aws, table["TableArn"])
    assert (tags[ADDRESS_TAG], tags["Tier"]) == (ORDERS, "data")
    assert context.store.get(ORDERS).attributes == {"Arn": table["TableArn"]}  # type: ignore[union-attr]

    # provisioned capacity, one index swapped for another, a stream, TTL on another attribute
    app, stack = new_app()
    key = kms.Key(stack, "key")
    orders(
        stack,
        attribute_definitions=[ID, CUSTOMER],
        billing_mode="PROVISIONED",
        provisioned_throughput=FIVE,
        global_secondary_indexes=[{**BY_CUSTOMER, "ProvisionedThroughput": FIVE}],
        sse_specification={"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key.arn},
        point_in_time_recovery_specification={"PointInTimeRecoveryEnabled": False},
        time_to_live_specification={"AttributeName": "ttl", "Enabled": True},
        stream_specification={"StreamViewType": "NEW_IMAGE"},
        tags={"Tier": "hot"},
    )
    assert actions(plan(app, context)) == {ORDERS: "update"}
    converge(app, context)
    assert table_name(context) == name, "updated in place"
    table = aws("dynamodb").describe_table(TableName=name)["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PROVISIONED"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    (index,) = table["GlobalSecondaryIndexes"]
    assert (index["IndexName"], index["Projection"]) == ("by-customer", BY_CUSTOMER["Projection"])
    assert table["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"}
    assert context.store.get(ORDERS).attributes["StreamArn"] == table["LatestStreamArn"]  # type: ignore[union-attr]
    assert recovery(aws, name) == "DISABLED"
    assert ttl(aws, name) == {"TimeToLiveStatus": "ENABLED", "AttributeName": "ttl"}
    assert tags_of(aws, table["TableArn"])["Tier"] == "hot"

    # settings no longer declared go back to DynamoDB's defaults
    app, stack = new_app()
    orders(
        stack,
        attribute_definitions=[ID, CUSTOMER],
        billing_mode="PAY_PER_REQUEST",
        global_secondary_indexes=[BY_CUSTOMER],
    )
    assert actions(plan(app, context)) == {ORDERS: "update", "shop/main/key": "delete"}
    converge(app, context)
    table = aws("dynamodb").describe_table(TableName=name)["Table"]
    assert table["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert "StreamSpecification" not in table
    assert ttl(aws, name)["TimeToLiveStatus"] == "DISABLED"
    assert "Tier" not in tags_of(aws, table["TableArn"])

    destroy(app, context)
    assert aws("dynamodb").list_tables()["TableNames"] == []
    assert context.store.all() == []


def test_deletion_protection_keeps_the_table_until_turned_off(context: Context, aws: Any) -> None:
    app, stack = new_app()
    orders(
        stack,
        attribute_definitions=[ID],
        billing_mode="PAY_PER_REQUEST",
        deletion_protection_enabled=True,
    )
    converge(app, context)
    name = table_name(context)
    assert aws("dynamodb").describe_table(TableName=name)["Table"]["DeletionProtectionEnabled"]

    with pytest.raises(ApplyFailed, match="deletion protection on") as failed:
        destroy(app, context)
    assert "1 refused deletion" in str(failed.value)
    assert aws("dynamodb").list_tables()["TableNames"] == [name]
    assert context.store.get(ORDERS) is not None, "a refused deletion keeps the state"

    app, stack = new_app()
    orders(stack, attribute_definitions=[ID], billing_mode="PAY_PER_REQUEST")
    assert actions(plan(app, context)) == {ORDERS: "update"}
    converge(app, context)
    destroy(app, context)
    assert aws("dynamodb").list_tables()["TableNames"] == []


def test_key_schema_change_replaces_the_table(context: Context, aws: Any) -> None:
    app, stack = new_app()
    orders(stack, attribute_definitions=[ID], billing_mode="PAY_PER_REQUEST")
    converge(app, context)
    old = table_name(context)

    app, stack = new_app()
    dynamodb.Table(
        stack,
        "orders",
        key_schema=[*KEY, {"AttributeName": "status", "KeyType": "RANGE"}],
        attribute_definitions=[ID, STATUS],
        billing_mode="PAY_PER_REQUEST",
    )
    assert actions(plan(app, context)) == {ORDERS: "replace"}
    converge(app, context)
    new = table_name(context)
    assert new != old, "a derived name covers the key schema, so the new table has its own"
    assert aws("dynamodb").list_tables()["TableNames"] == [new]
    schema = aws("dynamodb").describe_table(TableName=new)["Table"]["KeySchema"]
    assert [k["KeyType"] for k in schema] == ["HASH", "RANGE"]


def test_a_table_made_by_a_lost_create_is_adopted_not_a_replaced_one(
    context: Context, aws: Any
) -> None:
    """create_table answered "in use": the table is this declaration's if it carries its
    ownership tag and its key schema; the old copy of a replacement is not."""
    tag = [{"Key": ADDRESS_TAG, "Value": ORDERS}]
    aws("dynamodb").create_table(
        TableName="orders",
        KeySchema=KEY,
        AttributeDefinitions=[ID],
        BillingMode="PAY_PER_REQUEST",
        Tags=tag,
    )
    api = context.api(ACCOUNT, REGION)
    props = {
        "TableName": "orders",
        "KeySchema": KEY,
        "AttributeDefinitions": [ID],
        "BillingMode": "PAY_PER_REQUEST",
        "Tags": tag,
    }
    assert HANDLER.create(api, props, "token").attributes == {"Arn": TABLE_ARN}

    ranged = [*KEY, {"AttributeName": "status", "KeyType": "RANGE"}]
    with pytest.raises(LandformError, match="exists with another KeySchema"):
        HANDLER.create(
            api, {**props, "KeySchema": ranged, "AttributeDefinitions": [ID, STATUS]}, "token"
        )
    with pytest.raises(LandformError, match="not made by Landform for this declaration"):
        HANDLER.create(api, {**props, "Tags": [{"Key": ADDRESS_TAG, "Value": "x/y/z"}]}, "t")


def test_list_finds_only_owned_tables(context: Context, aws: Any) -> None:
    aws("dynamodb").create_table(
        TableName="theirs",
        KeySchema=KEY,
        AttributeDefinitions=[ID],
        BillingMode="PAY_PER_REQUEST",
    )
    app, stack = new_app()
    orders(stack, attribute_definitions=[ID], billing_mode="PAY_PER_REQUEST")
    converge(app, context)
    for account in (ACCOUNT, None):  # without the account, the ARN comes from describe_table
        found = {live.physical_id for live in HANDLER.list(context.api(account, REGION))}
        assert found == {table_name(context)}


def test_unmanaged_properties_are_refused_before_aws(context: Context) -> None:
    app, stack = new_app()
    orders(
        stack,
        attribute_definitions=[ID, STATUS],
        billing_mode="PAY_PER_REQUEST",
        global_secondary_indexes=[{**BY_STATUS, "WarmThroughput": {"ReadUnitsPerSecond": 1}}],
        table_class="STANDARD_INFREQUENT_ACCESS",
    )
    with pytest.raises(ValidationError) as refused:
        plan(app, context)
    assert "GlobalSecondaryIndexes.WarmThroughput, TableClass" in str(refused.value)


# DynamoDB's answers, where the emulator differs: it changes no encryption in place, and
# cannot turn a stream back on once it was off.

DESCRIBED = {
    "TableName": "orders",
    "TableArn": TABLE_ARN,
    "TableStatus": "ACTIVE",
    "KeySchema": KEY,
    "AttributeDefinitions": [ID],
    "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
}
ACTIVE = ("describe_table", {"Table": DESCRIBED}, {"TableName": "orders"})


def current(**props: Any) -> Live:
    base = {"TableName": "orders", "KeySchema": KEY, "AttributeDefinitions": [ID]}
    return Live("orders", {**base, "BillingMode": "PAY_PER_REQUEST", **props}, {"Arn": TABLE_ARN})


def test_encryption_changes_in_place() -> None:
    key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0f1e2d3c-aaaa-bbbb-cccc-111122223333"
    sse = {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key}
    with stubbed_api("dynamodb") as (api, stubber):
        stubber.add_response(*ACTIVE)
        stubber.add_response(
            "update_table",
            {"TableDescription": DESCRIBED},
            {
                "TableName": "orders",
                "SSESpecification": {"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
            },
        )
        stubber.add_response(*ACTIVE)
        desired = {**current().properties, "SSESpecification": sse}
        live = HANDLER.update(api, current(SSESpecification={"SSEEnabled": False}), desired)
        assert live.properties["SSESpecification"] == sse

        # undeclared: back to the AWS owned key; listed as it is now, nothing else changes
        stubber.add_response(*ACTIVE)
        stubber.add_response(
            "update_table",
            {"TableDescription": DESCRIBED},
            {"TableName": "orders", "SSESpecification": {"Enabled": False}},
        )
        stubber.add_response(*ACTIVE)
        HANDLER.update(api, current(SSESpecification=sse), current().properties)
        stubber.assert_no_pending_responses()


def test_a_new_stream_view_turns_the_stream_off_then_on() -> None:
    stream_arn = f"{TABLE_ARN}/stream/2025-01-01T00:00:00.000"
    streaming = {
        **DESCRIBED,
        "StreamSpecification": {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"},
        "LatestStreamArn": stream_arn,
    }
    with stubbed_api("dynamodb") as (api, stubber):
        stubber.add_response(*ACTIVE)
        for spec, answer in (
            ({"StreamEnabled": False}, DESCRIBED),
            ({"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}, streaming),
        ):
            stubber.add_response(
                "update_table",
                {"TableDescription": answer},
                {"TableName": "orders", "StreamSpecification": spec},
            )
            stubber.add_response(*ACTIVE)
        have = current(StreamSpecification={"StreamViewType": "NEW_IMAGE"})
        desired = {**have.properties, "StreamSpecification": {"StreamViewType": "KEYS_ONLY"}}
        live = HANDLER.update(api, have, desired)
        stubber.assert_no_pending_responses()
    assert live.attributes == {"Arn": TABLE_ARN, "StreamArn": stream_arn}
