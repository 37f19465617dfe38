"""The update_table calls that turn a table into its declaration, in the order DynamoDB
can take them: index deletions, capacity, index creations (one index per call), then
encryption, stream and deletion protection."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import Props, present
from landform.handlers.dynamodb.shape import (
    INDEX_KEYS,
    NO_SSE,
    PROVISIONED,
    sse_param,
    stream_param,
    unmet,
)

Call = dict[str, Any]
"""Parameters of one update_table call, but TableName."""


def table_changes(have: Props, desired: Props) -> list[Call]:
    """Every update_table call needed, in order; none when nothing differs."""
    want_indexes = _by_name(desired.get("GlobalSecondaryIndexes"))
    have_indexes = _by_name(have.get("GlobalSecondaryIndexes"))
    moved = {
        name
        for name in want_indexes.keys() & have_indexes.keys()
        if _layout(want_indexes[name]) != _layout(have_indexes[name])
    }
    dropped = sorted((have_indexes.keys() - want_indexes.keys()) | moved)
    added = sorted((want_indexes.keys() - have_indexes.keys()) | moved)
    kept = {n: (have_indexes[n], want_indexes[n]) for n in have_indexes.keys() - set(dropped)}
    calls: list[Call] = [
        {"GlobalSecondaryIndexUpdates": [{"Delete": {"IndexName": name}}]} for name in dropped
    ]
    capacity = _capacity(have, desired, kept)
    if capacity:
        calls.append(capacity)
    calls += [
        {
            "AttributeDefinitions": desired["AttributeDefinitions"],
            "GlobalSecondaryIndexUpdates": [{"Create": present(want_indexes[name], INDEX_KEYS)}],
        }
        for name in added
    ]
    sse = desired.get("SSESpecification", NO_SSE)
    if unmet(have.get("SSESpecification", NO_SSE), sse):
        calls.append({"SSESpecification": sse_param(sse)})
    calls += _stream(have, desired)
    protected = desired.get("DeletionProtectionEnabled", False)
    if protected != have.get("DeletionProtectionEnabled", False):
        calls.append({"DeletionProtectionEnabled": protected})
    return calls


def _by_name(indexes: Any) -> dict[str, Mapping[str, Any]]:
    return {index["IndexName"]: index for index in indexes or ()}


def _layout(index: Mapping[str, Any]) -> tuple[Any, ...]:
    """What cannot change in place: the index's keys and projection."""
    projection = index.get("Projection", {})
    return (
        [(key["AttributeName"], key["KeyType"]) for key in index["KeySchema"]],
        projection.get("ProjectionType"),
        sorted(projection.get("NonKeyAttributes", ())),
    )


def _capacity(
    have: Props, desired: Props, kept: Mapping[str, tuple[Mapping[str, Any], Mapping[str, Any]]]
) -> Call:
    """Billing mode and provisioned throughput, of the table and its kept indexes
    (switching to PROVISIONED needs the throughput of every index in the same call)."""
    mode = desired.get("BillingMode", PROVISIONED)
    switch = mode != have.get("BillingMode", PROVISIONED)
    call: Call = {"BillingMode": mode} if switch else {}
    if mode != PROVISIONED:
        return call
    throughput = desired.get("ProvisionedThroughput")
    if throughput and (switch or unmet(have.get("ProvisionedThroughput"), throughput)):
        call["ProvisionedThroughput"] = throughput
    updates = [
        {"Update": {"IndexName": name, "ProvisionedThroughput": want["ProvisionedThroughput"]}}
        for name, (got, want) in sorted(kept.items())
        if "ProvisionedThroughput" in want
        and (switch or unmet(got.get("ProvisionedThroughput"), want["ProvisionedThroughput"]))
    ]
    if updates:
        call["GlobalSecondaryIndexUpdates"] = updates
    return call


def _stream(have: Props, desired: Props) -> list[Call]:
    """A stream changes its view type by being turned off, then on again."""
    want = (desired.get("StreamSpecification") or {}).get("StreamViewType")
    got = (have.get("StreamSpecification") or {}).get("StreamViewType")
    if want == got:
        return []
    calls = [{"StreamSpecification": stream_param(None)}] if got else []
    if want:
        calls.append({"StreamSpecification": stream_param(desired["StreamSpecification"])})
    return calls
