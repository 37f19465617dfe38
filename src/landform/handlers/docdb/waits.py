"""Waits on DocumentDB clusters and instances.

botocore's DocumentDB model has no cluster waiters. These poll the describe call filtered
on the identifier, which answers an empty list once the resource is gone (where a
describe by identifier fails), so one definition serves clusters and instances.
"""

from __future__ import annotations

import math
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api
from landform.handlers.rds.database import Kind

DELAY = 5
"""Seconds between polls."""

FAILED = (
    "failed",
    "incompatible-network",
    "incompatible-parameters",
    "inaccessible-encryption-credentials",
)


def _acceptors(kind: Kind, state: str) -> list[dict[str, Any]]:
    statuses = f"{kind.items}[].{kind.status}"
    if state == "deleted":
        return [
            {
                "matcher": "path",
                "argument": f"length({kind.items})",
                "expected": 0,
                "state": "success",
            }
        ]
    return [
        {"matcher": "pathAll", "argument": statuses, "expected": "available", "state": "success"},
        *(
            {"matcher": "pathAny", "argument": statuses, "expected": status, "state": "failure"}
            for status in FAILED
        ),
    ]


def wait_for(api: Api, kind: Kind, identifier: str, state: str, timeout: float) -> None:
    """Block until the DocumentDB `kind` `identifier` is `state` ("available", "deleted")."""
    from botocore.exceptions import WaiterError
    from botocore.waiter import WaiterModel, create_waiter_with_client

    name = f"{kind.item}{state.capitalize()}"
    config = {
        "operation": f"Describe{kind.items}",
        "delay": DELAY,
        "maxAttempts": max(1, math.ceil(timeout / DELAY)),
        "acceptors": _acceptors(kind, state),
    }
    model = WaiterModel({"version": 2, "waiters": {name: config}})
    waiter = create_waiter_with_client(name, model, api.client("docdb"))
    try:
        waiter.wait(Filters=[{"Name": kind.id_filter, "Values": [identifier]}])
    except WaiterError as error:
        raise LandformError(
            f"gave up waiting for DocumentDB {kind.noun} {identifier} to be {state} "
            f"after {timeout:.0f} s: {error}",
            hint="check it in the AWS console; re-run apply to continue",
        ) from error
