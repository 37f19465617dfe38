"""boto3 waiters, including ones botocore lacks (transit gateways), with timeouts."""

from __future__ import annotations

import math
from typing import Any

from landform.errors import LandformError

_DELAY = 5


def _until_available(operation: str, items: str) -> dict[str, Any]:
    states = f"{items}[].State"
    return {
        "operation": operation,
        "acceptors": [
            {"expected": "available", "matcher": "pathAll", "state": "success", "argument": states},
            {"expected": "failed", "matcher": "pathAny", "state": "failure", "argument": states},
        ],
    }


def _until_deleted(operation: str, items: str, not_found: str) -> dict[str, Any]:
    """Done when every item listed is "deleted" (or none is listed, or the id is unknown)."""
    return {
        "operation": operation,
        "acceptors": [
            {
                "expected": 0,
                "matcher": "path",
                "state": "success",
                "argument": f"length({items}[?State != 'deleted'])",
            },
            {"expected": not_found, "matcher": "error", "state": "success"},
        ],
    }


_EXTRA: dict[str, dict[str, Any]] = {
    "TransitGatewayAvailable": _until_available("DescribeTransitGateways", "TransitGateways"),
    "TransitGatewayDeleted": _until_deleted(
        "DescribeTransitGateways", "TransitGateways", "InvalidTransitGatewayID.NotFound"
    ),
    "TransitGatewayAttachmentAvailable": _until_available(
        "DescribeTransitGatewayVpcAttachments", "TransitGatewayVpcAttachments"
    ),
    "TransitGatewayAttachmentDeleted": _until_deleted(
        "DescribeTransitGatewayVpcAttachments",
        "TransitGatewayVpcAttachments",
        "InvalidTransitGatewayAttachmentID.NotFound",
    ),
}
"""Waiters botocore lacks, in botocore's waiter model format."""


def wait(client: Any, name: str, timeout: float, **params: Any) -> None:
    """Wait with boto3 waiter `name` (snake_case, e.g. nat_gateway_available)."""
    from botocore.exceptions import WaiterError

    attempts = max(1, math.ceil(timeout / _DELAY))
    config = {"Delay": _DELAY, "MaxAttempts": attempts}
    try:
        _waiter(client, name).wait(WaiterConfig=config, **params)
    except WaiterError as error:
        raise LandformError(
            f"gave up waiting for {name.replace('_', ' ')} after {timeout:.0f} s: {error}",
            hint="check the resource in the AWS console; re-run apply to continue",
        ) from error


def _waiter(client: Any, name: str) -> Any:
    if name in client.waiter_names:
        return client.get_waiter(name)
    from botocore.waiter import WaiterModel, create_waiter_with_client

    camel = "".join(part.capitalize() for part in name.split("_"))
    model = WaiterModel(
        {"version": 2, "waiters": {camel: {"delay": _DELAY, "maxAttempts": 1, **_EXTRA[camel]}}}
    )
    return create_waiter_with_client(camel, model, client)
