"""AWS::DocDB::DBInstance"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.docdb.common import DocumentDBHandler
from landform.handlers.rds import instance
from landform.handlers.rds.database import INSTANCE
from landform.handlers.rds.fields import fixed, pick
from landform.handlers.registry import register

FIELDS = pick(
    instance.FIELDS,
    "AutoMinorVersionUpgrade",
    "AvailabilityZone",
    "CACertificateIdentifier",
    "DBClusterIdentifier",
    "DBInstanceClass",
    "EnablePerformanceInsights",
    "PreferredMaintenanceWindow",
)


@register
class DBInstance(DocumentDBHandler):
    """A DocumentDB instance of a cluster: RDS's instance handler on the docdb client,
    with DocumentDB's properties. Its data stays with the cluster: deleting takes no
    snapshot.

    See docdb/common.py for what its lack of tags means: DBInstanceIdentifier is required.
    `list` is one paginated describe_db_instances filtered on engine docdb. The emulator
    does not serve DocumentDB: tests run this handler on botocore's Stubber with answers
    shaped as AWS's.
    """

    TYPE = "AWS::DocDB::DBInstance"
    NAME = "DBInstanceIdentifier"
    KIND = INSTANCE
    FIELDS = FIELDS
    IMMUTABLE = fixed(FIELDS)
    UNREADABLE = frozenset({"DBClusterIdentifier", "DBInstanceIdentifier"}) | (
        DocumentDBHandler.UNREADABLE
    )

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        found = {"Id": item["DBInstanceIdentifier"], "DBInstanceArn": item["DBInstanceArn"]}
        endpoint = item.get("Endpoint") or {}
        if endpoint.get("Address"):
            found["Endpoint"] = endpoint["Address"]
        if endpoint.get("Port"):
            found["Port"] = str(endpoint["Port"])
        return found
