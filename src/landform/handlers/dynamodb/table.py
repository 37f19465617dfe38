"""AWS::DynamoDB::Table"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    DeletionRefused,
    Handler,
    Live,
    Props,
    address_of,
    error_code,
    ignoring,
    physical_name,
    present,
    read_each,
    tag_delta,
    tag_list,
)
from landform.handlers.dynamodb.active import wait_active, wait_backups
from landform.handlers.dynamodb.changes import table_changes
from landform.handlers.dynamodb.read import read_table
from landform.handlers.dynamodb.shape import INDEX_KEYS, attributes, create_params, unmet
from landform.handlers.registry import register

CREATED = (
    "TableName",
    "KeySchema",
    "AttributeDefinitions",
    "BillingMode",
    "ProvisionedThroughput",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "SSESpecification",
    "StreamSpecification",
    "DeletionProtectionEnabled",
    "Tags",
)
"""What create_table sets; the rest is set by `update` once the table is ACTIVE."""

SUPPORTED = frozenset({*CREATED, "PointInTimeRecoverySpecification", "TimeToLiveSpecification"})

RECOVERY = "PointInTimeRecoverySpecification"
NO_RECOVERY = {"PointInTimeRecoveryEnabled": False}
TTL = "TimeToLiveSpecification"
NO_TTL = {"Enabled": False}
"""DynamoDB's defaults: no point-in-time recovery, no time to live."""


@register
class Table(Handler):
    """A DynamoDB table, named TableName or else after its address.

    In place: billing mode and provisioned throughput (of the table and its global
    secondary indexes), adding and removing global secondary indexes (one per call,
    waiting for each to be built or gone; a changed key schema or projection recreates
    the index), encryption (SSESpecification with a KMS key: declare the key's ARN, which
    is what DynamoDB reports), stream, point-in-time recovery, time to live, deletion
    protection and tags. The key schema and local secondary indexes replace the table.
    `delete` refuses a table with deletion protection on.

    DynamoDB cannot list by tag: `list` costs list_tables, then per table of the region
    list_tags_of_resource (and describe_table first when the account is not known), and
    per owned table describe_table, describe_continuous_backups and describe_time_to_live,
    made by READERS threads. The emulator neither changes encryption in place nor turns a
    stream off and on again: those paths are tested with botocore's Stubber.
    """

    TYPE = "AWS::DynamoDB::Table"
    NAME = "TableName"
    IMMUTABLE = frozenset({"KeySchema", "LocalSecondaryIndexes"})

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        """Besides unmanaged properties, what an index or stream may carry beyond them."""
        names = set(props) - SUPPORTED
        for index in _maps(props.get("GlobalSecondaryIndexes")):
            names |= {f"GlobalSecondaryIndexes.{key}" for key in set(index) - set(INDEX_KEYS)}
        for stream in _maps([props.get("StreamSpecification")]):
            names |= {f"StreamSpecification.{key}" for key in set(stream) - {"StreamViewType"}}
        return sorted(names)

    def list(self, api: Api) -> Iterable[Live]:
        ddb = api.client("dynamodb")
        names = api.pages("dynamodb", "list_tables", "TableNames")
        found = read_each(lambda name: read_table(api, ddb, name), names)
        return [live for live in found if live is not None]

    def create(self, api: Api, props: Props, token: str) -> Live:
        ddb = api.client("dynamodb")
        name = props.get("TableName") or _derived_name(api, props)
        try:
            table = ddb.create_table(TableName=name, **create_params(props))["TableDescription"]
            found = attributes(table)
        except ClientError as error:
            if error_code(error) != "ResourceInUseException":
                raise
            found = _made_before(api, ddb, name, props).attributes
        return Live(name, present(props, CREATED), found)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ddb = api.client("dynamodb")
        name = current.physical_id
        have = current.properties
        wait_active(api, name)
        found = dict(current.attributes)
        for call in table_changes(have, desired):
            found = attributes(ddb.update_table(TableName=name, **call)["TableDescription"])
            wait_active(api, name)
        recovery = desired.get(RECOVERY, NO_RECOVERY)
        if unmet(have.get(RECOVERY, NO_RECOVERY), recovery):
            wait_backups(api, name)
            ddb.update_continuous_backups(TableName=name, PointInTimeRecoverySpecification=recovery)
        _update_ttl(ddb, name, have.get(TTL, NO_TTL), desired.get(TTL, NO_TTL))
        stale, fresh = tag_delta(have.get("Tags"), desired.get("Tags"))
        if stale:
            ddb.untag_resource(ResourceArn=found["Arn"], TagKeys=stale)
        if fresh:
            ddb.tag_resource(ResourceArn=found["Arn"], Tags=tag_list(fresh))
        return Live(name, desired, found)

    def delete(self, api: Api, current: Live) -> None:
        name = current.physical_id
        if current.properties.get("DeletionProtectionEnabled"):
            raise DeletionRefused(
                f"DynamoDB table {name}",
                "deletion protection",
                hint="declare deletion_protection_enabled=False and apply, then delete it",
            )
        with ignoring("ResourceNotFoundException"):
            api.client("dynamodb").delete_table(TableName=name)

    def wait_ready(self, api: Api, current: Live) -> Live:
        wait_active(api, current.physical_id)
        return current


def _maps(values: Any) -> list[Mapping[str, Any]]:
    """The mappings among `values` (a declared value may still be a reference)."""
    return [v for v in values if isinstance(v, Mapping)] if isinstance(values, list) else []


def _derived_name(api: Api, props: Props) -> str:
    """A name from the address; its hash also covers the key schema and local indexes, so
    that a replacement, which exists beside the old table for a while, gets its own."""
    kept = json.dumps(present(props, sorted(Table.IMMUTABLE)), sort_keys=True)
    return physical_name(address_of(props), api.account, f"{api.region}\n{kept}")


def _made_before(api: Api, ddb: Any, name: str, props: Props) -> Live:
    """The table of this name, if DynamoDB made it for this declaration though its answer
    was lost; not the old copy of a replacement, which needs a name of its own."""
    listed = read_table(api, ddb, name)
    if listed is None or listed.address != address_of(props):
        raise LandformError(
            f"DynamoDB table {name} exists and was not made by Landform for this declaration",
            hint="declare another TableName, or delete or rename the existing table",
        )
    moved = [k for k in sorted(Table.IMMUTABLE) if listed.properties.get(k) != props.get(k)]
    if moved:
        raise LandformError(
            f"DynamoDB table {name} exists with another {', '.join(moved)}: replacing it "
            "needs a name of its own",
            hint="declare a new TableName, or leave it out for Landform to derive one",
        )
    return listed


def _update_ttl(ddb: Any, name: str, have: Mapping[str, Any], want: Mapping[str, Any]) -> None:
    """Time to live: a new attribute name means turning TTL off, then on with it."""
    if not unmet(have, want):
        return
    if have.get("Enabled") and (
        not want.get("Enabled") or have.get("AttributeName") != want.get("AttributeName")
    ):
        off = {"Enabled": False, "AttributeName": have["AttributeName"]}
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=off)
    if want.get("Enabled"):
        on = {"Enabled": True, "AttributeName": want["AttributeName"]}
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=on)
