"""boto3's waiters, and the ones botocore lacks, with timeouts and clear errors.

Every wait of every handler goes through `wait`: botocore's waiter when the client has
one by that name, else a model from `_EXTRA` (transit gateways, EFS, DynamoDB indexes
and backups, EKS updates, DocumentDB clusters and instances, Organizations accounts).
"""

from __future__ import annotations

import math
from typing import Any

from landform.errors import LandformError

DELAY = 5
"""Seconds between polls, unless a wait asks for another."""


def _all_in(operation: str, states: str, ready: str, failed: tuple[str, ...]) -> dict[str, Any]:
    """Done when every state at `states` is `ready`; failed when one is in `failed`."""
    return {
        "operation": operation,
        "acceptors": [
            {"expected": ready, "matcher": "pathAll", "state": "success", "argument": states},
            *(
                {"expected": bad, "matcher": "pathAny", "state": "failure", "argument": states}
                for bad in failed
            ),
        ],
    }


def _gone(operation: str, items: str, state: str, not_found: str | None = None) -> dict[str, Any]:
    """Done when no item listed is other than "deleted" (or the id is unknown)."""
    acceptors: list[dict[str, Any]] = [
        {
            "expected": 0,
            "matcher": "path",
            "state": "success",
            "argument": f"length({items}[?{state} != 'deleted'])",
        }
    ]
    if not_found:
        acceptors.append({"expected": not_found, "matcher": "error", "state": "success"})
    return {"operation": operation, "acceptors": acceptors}


def _true(operation: str, argument: str, failure: str | None = None) -> dict[str, Any]:
    acceptors = [{"state": "success", "matcher": "path", "argument": argument, "expected": True}]
    if failure:
        acceptors.append(
            {"state": "failure", "matcher": "path", "argument": failure, "expected": True}
        )
    return {"operation": operation, "acceptors": acceptors}


_DOCDB_FAILED = (
    "failed",
    "incompatible-network",
    "incompatible-parameters",
    "inaccessible-encryption-credentials",
)

_EXTRA: dict[str, dict[str, Any]] = {
    "TransitGatewayAvailable": _all_in(
        "DescribeTransitGateways", "TransitGateways[].State", "available", ("failed",)
    ),
    "TransitGatewayDeleted": _gone(
        "DescribeTransitGateways", "TransitGateways", "State", "InvalidTransitGatewayID.NotFound"
    ),
    "TransitGatewayAttachmentAvailable": _all_in(
        "DescribeTransitGatewayVpcAttachments",
        "TransitGatewayVpcAttachments[].State",
        "available",
        ("failed",),
    ),
    "TransitGatewayAttachmentDeleted": _gone(
        "DescribeTransitGatewayVpcAttachments",
        "TransitGatewayVpcAttachments",
        "State",
        "InvalidTransitGatewayAttachmentID.NotFound",
    ),
    "FileSystemAvailable": _all_in(
        "DescribeFileSystems", "FileSystems[].LifeCycleState", "available", ("error",)
    ),
    "MountTargetAvailable": _all_in(
        "DescribeMountTargets", "MountTargets[].LifeCycleState", "available", ("error",)
    ),
    "MountTargetDeleted": _gone(
        "DescribeMountTargets", "MountTargets", "LifeCycleState", "MountTargetNotFound"
    ),
    "AccessPointAvailable": _all_in(
        "DescribeAccessPoints", "AccessPoints[].LifeCycleState", "available", ("error",)
    ),
    "TableActive": _true(
        "DescribeTable",
        "Table.TableStatus == 'ACTIVE' && "
        "length(Table.GlobalSecondaryIndexes[?IndexStatus != 'ACTIVE'] || `[]`) == `0`",
        failure="Table.TableStatus == 'DELETING'",
    ),
    "BackupsAvailable": _true(
        "DescribeContinuousBackups",
        "ContinuousBackupsDescription.ContinuousBackupsStatus == 'ENABLED'",
    ),
    "UpdateDone": {
        "operation": "DescribeUpdate",
        "acceptors": [
            {"matcher": "path", "argument": "update.status", "expected": e, "state": state}
            for e, state in (
                ("Successful", "success"),
                ("Failed", "failure"),
                ("Cancelled", "failure"),
            )
        ],
    },
    "DocdbClusterAvailable": _all_in(
        "DescribeDBClusters", "DBClusters[].Status", "available", _DOCDB_FAILED
    ),
    "DocdbInstanceAvailable": _all_in(
        "DescribeDBInstances", "DBInstances[].DBInstanceStatus", "available", _DOCDB_FAILED
    ),
    "DocdbClusterDeleted": _true("DescribeDBClusters", "length(DBClusters) == `0`"),
    "DocdbInstanceDeleted": _true("DescribeDBInstances", "length(DBInstances) == `0`"),
    "AccountCreated": _true(
        "DescribeCreateAccountStatus",
        "CreateAccountStatus.State == 'SUCCEEDED'",
        failure="CreateAccountStatus.State == 'FAILED'",
    ),
    "ResourceShareAssociated": {  # external principals stay ASSOCIATING until they accept
        "operation": "GetResourceShareAssociations",
        "acceptors": [
            {
                "matcher": "pathAny",
                "argument": "resourceShareAssociations[].status",
                "expected": "FAILED",
                "state": "failure",
            },
            {
                "matcher": "path",
                "argument": "length(resourceShareAssociations[?status == 'ASSOCIATING' && "
                "!external]) == `0`",
                "expected": True,
                "state": "success",
            },
        ],
    },
}
"""Waiters botocore lacks, in botocore's waiter model format, by CamelCase name."""


def wait(client: Any, waiter: str, timeout: float, delay: float = DELAY, /, **params: Any) -> None:
    """Wait with waiter `waiter` (snake_case, e.g. nat_gateway_available), polling every
    `delay` seconds, for up to `timeout` seconds; LandformError naming what it waited for
    (and on which resource) when it gives up or the resource fails."""
    from botocore.exceptions import WaiterError

    config = {"Delay": delay, "MaxAttempts": max(1, math.ceil(timeout / delay))}
    try:
        _waiter(client, waiter).wait(WaiterConfig=config, **params)
    except WaiterError as error:
        raise LandformError(
            f"gave up waiting for {waiter.replace('_', ' ')} ({_about(params)}) after at most "
            f"{timeout:.0f} s: {error}",
            hint="check the resource in the AWS console; re-run apply to continue",
        ) from error


def _about(params: dict[str, Any]) -> str:
    """The waited-for resource, from the waiter's parameters: `VolumeIds=vol-1`."""
    parts = []
    for name, value in params.items():
        if name == "Filters":
            parts += [f"{f['Name']}={','.join(map(str, f['Values']))}" for f in value]
        else:
            shown = ",".join(map(str, value)) if isinstance(value, list) else value
            parts.append(f"{name}={shown}")
    return ", ".join(parts)


def _waiter(client: Any, name: str) -> Any:
    if name in client.waiter_names:
        return client.get_waiter(name)
    from botocore.waiter import WaiterModel, create_waiter_with_client

    camel = "".join(part.capitalize() for part in name.split("_"))
    model = WaiterModel(
        {"version": 2, "waiters": {camel: {"delay": DELAY, "maxAttempts": 1, **_EXTRA[camel]}}}
    )
    return create_waiter_with_client(camel, model, client)
