"""Waiting until a table can take the next change.

DynamoDB takes one index change at a time and refuses changes to a table that is still
CREATING or UPDATING; an index being built keeps its own status while the table is ACTIVE
already, which boto3's table_exists waiter does not look at. A new table's continuous
backups also become available a while after the table (point-in-time recovery needs them).
"""

from __future__ import annotations

import math
from typing import Any

from botocore.exceptions import WaiterError
from botocore.waiter import WaiterModel, create_waiter_with_client

from landform.errors import LandformError
from landform.handlers.base import Api

DELAY = 5
WAIT = 3600.0
"""Seconds to wait: building an index over a large table takes long."""


def _waiter(operation: str, argument: str, failure: str | None = None) -> dict[str, Any]:
    acceptors = [{"state": "success", "matcher": "path", "argument": argument, "expected": True}]
    if failure:
        acceptors.append(
            {"state": "failure", "matcher": "path", "argument": failure, "expected": True}
        )
    return {"operation": operation, "delay": DELAY, "maxAttempts": 1, "acceptors": acceptors}


_MODEL = WaiterModel(
    {
        "version": 2,
        "waiters": {
            "TableActive": _waiter(
                "DescribeTable",
                "Table.TableStatus == 'ACTIVE' && "
                "length(Table.GlobalSecondaryIndexes[?IndexStatus != 'ACTIVE'] || `[]`) == `0`",
                failure="Table.TableStatus == 'DELETING'",
            ),
            "BackupsAvailable": _waiter(
                "DescribeContinuousBackups",
                "ContinuousBackupsDescription.ContinuousBackupsStatus == 'ENABLED'",
            ),
        },
    }
)


def wait_active(api: Api, table: str, timeout: float = WAIT) -> None:
    """Block until the table and every global secondary index of it are ACTIVE."""
    _wait(api, "TableActive", f"table {table} and its indexes to be active", timeout, table)


def wait_backups(api: Api, table: str, timeout: float = WAIT) -> None:
    """Block until the table's continuous backups are available."""
    _wait(api, "BackupsAvailable", f"the backups of table {table}", timeout, table)


def _wait(api: Api, name: str, what: str, timeout: float, table: str) -> None:
    waiter = create_waiter_with_client(name, _MODEL, api.client("dynamodb"))
    attempts = max(1, math.ceil(timeout / DELAY))
    try:
        waiter.wait(TableName=table, WaiterConfig={"Delay": DELAY, "MaxAttempts": attempts})
    except WaiterError as error:
        raise LandformError(
            f"gave up waiting for {what} after {timeout:.0f} s: {error}",
            hint="check the table in the AWS console; re-run apply to continue",
        ) from error
