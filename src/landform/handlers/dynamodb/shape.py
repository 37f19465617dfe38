"""AWS::DynamoDB::Table properties: read from DynamoDB's answers, and written as its API
takes them. CloudFormation and the API share most names; encryption and streams differ."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import Props, present, tag_list

PROVISIONED = "PROVISIONED"
"""The billing mode of a table that declares none."""

INDEX_KEYS = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")
"""The keys of a secondary index Landform manages."""

THROUGHPUT_KEYS = ("ReadCapacityUnits", "WriteCapacityUnits")

NO_SSE = {"SSEEnabled": False}
"""Encryption with an AWS owned key: DynamoDB's default."""

_SSE_ON = ("ENABLED", "ENABLING", "UPDATING")
_TTL_ON = ("ENABLED", "ENABLING")


def properties(
    table: Mapping[str, Any],
    backups: Mapping[str, Any],
    ttl: Mapping[str, Any],
    tags: list[dict[str, str]],
) -> Props:
    """A table in CloudFormation shape, from describe_table, describe_continuous_backups
    and describe_time_to_live."""
    mode = table.get("BillingModeSummary", {}).get("BillingMode", PROVISIONED)
    props: Props = {
        "TableName": table["TableName"],
        "KeySchema": table["KeySchema"],
        "AttributeDefinitions": table["AttributeDefinitions"],
        "BillingMode": mode,
        "DeletionProtectionEnabled": table.get("DeletionProtectionEnabled", False),
        "SSESpecification": _sse(table.get("SSEDescription", {})),
        "PointInTimeRecoverySpecification": _recovery(backups),
        "TimeToLiveSpecification": {
            "Enabled": ttl.get("TimeToLiveStatus") in _TTL_ON,
            **present(ttl, ("AttributeName",)),
        },
        "Tags": tags,
    }
    if mode == PROVISIONED:
        props["ProvisionedThroughput"] = present(table["ProvisionedThroughput"], THROUGHPUT_KEYS)
    for kind, throughput in (("Global", mode == PROVISIONED), ("Local", False)):
        indexes = [_index(i, throughput) for i in table.get(f"{kind}SecondaryIndexes") or ()]
        if indexes:
            props[f"{kind}SecondaryIndexes"] = indexes
    stream = table.get("StreamSpecification", {})
    if stream.get("StreamEnabled"):
        props["StreamSpecification"] = {"StreamViewType": stream["StreamViewType"]}
    return props


def attributes(table: Mapping[str, Any]) -> dict[str, str]:
    """Arn, and StreamArn while the table has a stream."""
    found = {"Arn": table["TableArn"]}
    if table.get("StreamSpecification", {}).get("StreamEnabled") and "LatestStreamArn" in table:
        found["StreamArn"] = table["LatestStreamArn"]
    return found


def create_params(props: Props) -> dict[str, Any]:
    """create_table's parameters, but the table's name."""
    params: dict[str, Any] = present(
        props,
        (
            "KeySchema",
            "AttributeDefinitions",
            "BillingMode",
            "ProvisionedThroughput",
            "DeletionProtectionEnabled",
        ),
    )
    for name in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        if name in props:
            params[name] = [present(index, INDEX_KEYS) for index in props[name]]
    if "SSESpecification" in props:
        params["SSESpecification"] = sse_param(props["SSESpecification"])
    if "StreamSpecification" in props:
        params["StreamSpecification"] = stream_param(props["StreamSpecification"])
    tags = tag_list(props.get("Tags"))
    if tags:
        params["Tags"] = tags
    return params


def sse_param(spec: Mapping[str, Any]) -> dict[str, Any]:
    """SSESpecification as the API takes it."""
    params: dict[str, Any] = {"Enabled": bool(spec.get("SSEEnabled", False))}
    if params["Enabled"]:
        params.update(present(spec, ("SSEType", "KMSMasterKeyId")))
    return params


def stream_param(spec: Mapping[str, Any] | None) -> dict[str, Any]:
    """StreamSpecification as the API takes it (None: no stream)."""
    if not spec:
        return {"StreamEnabled": False}
    return {"StreamEnabled": True, "StreamViewType": spec["StreamViewType"]}


def unmet(have: Any, want: Any) -> bool:
    """Whether what exists differs from what is declared, in what the declaration names."""
    if isinstance(want, Mapping):
        return not isinstance(have, Mapping) or any(unmet(have.get(k), v) for k, v in want.items())
    return bool(have != want)


def _sse(found: Mapping[str, Any]) -> Props:
    if found.get("Status") not in _SSE_ON:
        return dict(NO_SSE)
    sse: Props = {"SSEEnabled": True, "SSEType": found.get("SSEType", "KMS")}
    if "KMSMasterKeyArn" in found:
        sse["KMSMasterKeyId"] = found["KMSMasterKeyArn"]
    return sse


def _recovery(backups: Mapping[str, Any]) -> Props:
    found = backups.get("PointInTimeRecoveryDescription", {})
    enabled = found.get("PointInTimeRecoveryStatus") == "ENABLED"
    recovery: Props = {"PointInTimeRecoveryEnabled": enabled}
    if enabled and "RecoveryPeriodInDays" in found:
        recovery["RecoveryPeriodInDays"] = found["RecoveryPeriodInDays"]
    return recovery


def _index(index: Mapping[str, Any], throughput: bool) -> Props:
    found = present(index, ("IndexName", "KeySchema", "Projection"))
    if throughput:
        found["ProvisionedThroughput"] = present(index["ProvisionedThroughput"], THROUGHPUT_KEYS)
    return found
