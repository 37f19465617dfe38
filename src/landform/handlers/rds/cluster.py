"""AWS::RDS::DBCluster"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import present
from landform.handlers.rds.database import CLUSTER, DatabaseHandler, secret_arn
from landform.handlers.rds.fields import (
    MASTER_PASSWORD,
    Field,
    fixed,
    group_ids,
    key,
    log_exports,
    upgrade,
    version_matches,
)
from landform.handlers.registry import register

FIELDS = (
    Field("AvailabilityZones", modify=None),
    Field("BackupRetentionPeriod", reset=1),
    Field("CopyTagsToSnapshot", reset=False),
    Field("DBClusterParameterGroupName", read=key("DBClusterParameterGroup")),
    Field("DBSubnetGroupName", modify=None, read=key("DBSubnetGroup")),
    Field("DatabaseName", modify=None),
    Field("DeletionProtection", reset=False),
    Field(
        "EnableCloudwatchLogsExports",
        read=key("EnabledCloudwatchLogsExports"),
        change=log_exports,
        reset=[],
    ),
    Field(
        "EnableIAMDatabaseAuthentication", read=key("IAMDatabaseAuthenticationEnabled"), reset=False
    ),
    Field("Engine", modify=None),
    Field("EngineMode", modify=None),
    Field("EngineVersion", change=upgrade, matches=version_matches),
    Field("Iops"),
    Field("KmsKeyId", modify=None),
    *MASTER_PASSWORD,
    Field("MasterUsername", modify=None),
    Field("NetworkType"),
    Field("Port", read=key("Port", int)),
    Field("PreferredBackupWindow"),
    Field("PreferredMaintenanceWindow"),
    Field("ServerlessV2ScalingConfiguration"),
    Field("StorageEncrypted", modify=None),
    Field("StorageType"),
    Field("VpcSecurityGroupIds", read=group_ids),
)
"""Cluster properties as the RDS API takes them; DocumentDB's cluster picks from these."""

UNREADABLE = frozenset(
    {
        "AvailabilityZones",
        "DBClusterIdentifier",
        "DBSubnetGroupName",
        "EngineVersion",
        "KmsKeyId",
        "MasterUserPassword",
    }
)
"""Compared with state: AWS adds zones of its own, reports identifiers in lower case, the
version it picked ("16.4" for "16") and the key as an ARN, and never the password."""


@register
class DBCluster(DatabaseHandler):
    """An Aurora cluster (aurora-postgresql, aurora-mysql); its DB instances are
    AWS::RDS::DBInstance resources naming it.

    `list` is one paginated describe_db_clusters over these engines (tags come with it).
    The properties in FIELDS and Tags are managed, DeleteAutomatedBackups is used when
    deleting; an undeclared identifier is derived from the address and the run
    (names.py). UNREADABLE says what is compared with state. With ManageMasterUserPassword
    no password passes through Landform; a declared MasterUserPassword is sent again with
    every in-place update. An update puts undeclared settings with a `reset` value back
    to AWS's default. Deleting (after the instances, which depend on it) keeps a final
    cluster snapshot.
    """

    TYPE = "AWS::RDS::DBCluster"
    NAME = "DBClusterIdentifier"
    KIND = CLUSTER
    ENGINES = ("aurora-mysql", "aurora-postgresql")
    FIELDS = FIELDS
    IMMUTABLE = fixed(FIELDS)
    HANDLED = frozenset({"DeleteAutomatedBackups"})
    RESOURCE_ID = "DBClusterResourceId"
    SNAPSHOTS = True
    SENSITIVE = frozenset({"MasterUserPassword"})
    UNREADABLE = UNREADABLE

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = {
            "DBClusterArn": item["DBClusterArn"],
            "DBClusterResourceId": item.get("DbClusterResourceId"),
            **present(item, ("StorageEncryptionType", "StorageThroughput")),
            **secret_arn(item),
        }
        address, reader = item.get("Endpoint"), item.get("ReaderEndpoint")
        port = str(item["Port"]) if item.get("Port") else None
        if address:
            found["Endpoint"] = {"Address": address, "Port": port}
            found.update({"Endpoint.Address": address, "Endpoint.Port": port})
        if reader:
            found.update({"ReadEndpoint": {"Address": reader}, "ReadEndpoint.Address": reader})
        return found
