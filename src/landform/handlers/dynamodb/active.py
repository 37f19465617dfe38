"""Waiting until a table can take the next change.

DynamoDB takes one index change at a time and refuses changes to a table that is still
CREATING or UPDATING; an index being built keeps its own status while the table is ACTIVE
already, which boto3's table_exists waiter does not look at (`table_active` does). A new
table's continuous backups also become available a while after the table (point-in-time
recovery needs them).
"""

from __future__ import annotations

from landform.handlers.base import Api

WAIT = 3600.0
"""Seconds to wait: building an index over a large table takes long."""


def wait_active(api: Api, table: str) -> None:
    """Block until the table and every global secondary index of it are ACTIVE."""
    api.wait("dynamodb", "table_active", timeout=WAIT, TableName=table)


def wait_backups(api: Api, table: str) -> None:
    """Block until the table's continuous backups are available."""
    api.wait("dynamodb", "backups_available", timeout=WAIT, TableName=table)
