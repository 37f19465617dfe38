"""AWS::DocDB::DBCluster"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import present
from landform.handlers.docdb.common import DocumentDBHandler
from landform.handlers.rds import cluster
from landform.handlers.rds.database import CLUSTER
from landform.handlers.rds.fields import Field, fixed, nested, pick
from landform.handlers.registry import register

FIELDS = (
    *pick(
        cluster.FIELDS,
        "AvailabilityZones",
        "BackupRetentionPeriod",
        "CopyTagsToSnapshot",
        "DBClusterParameterGroupName",
        "DBSubnetGroupName",
        "DeletionProtection",
        "EnableCloudwatchLogsExports",
        "EngineVersion",
        "KmsKeyId",
        "ManageMasterUserPassword",
        "MasterUserPassword",
        "MasterUsername",
        "NetworkType",
        "Port",
        "PreferredBackupWindow",
        "PreferredMaintenanceWindow",
        "ServerlessV2ScalingConfiguration",
        "StorageEncrypted",
        "StorageType",
        "VpcSecurityGroupIds",
    ),
    Field("MasterUserSecretKmsKeyId", read=nested("MasterUserSecret", "KmsKeyId")),
)


@register
class DBCluster(DocumentDBHandler):
    """A DocumentDB cluster: RDS's cluster handler on the docdb client, with DocumentDB's
    properties (ManageMasterUserPassword among them, so no password need pass through
    Landform; a declared MasterUserPassword is sent again with every in-place update).

    See docdb/common.py for what its lack of tags means: DBClusterIdentifier is required.
    `list` is one paginated describe_db_clusters filtered on engine docdb. Deleting keeps
    a final cluster snapshot. The emulator does not serve DocumentDB: tests run this
    handler on botocore's Stubber with answers shaped as AWS's.
    """

    TYPE = "AWS::DocDB::DBCluster"
    NAME = "DBClusterIdentifier"
    KIND = CLUSTER
    FIELDS = FIELDS
    IMMUTABLE = fixed(FIELDS)
    RESOURCE_ID = "ClusterResourceId"
    SNAPSHOTS = True
    SENSITIVE = frozenset({"MasterUserPassword"})
    UNREADABLE = cluster.UNREADABLE | DocumentDBHandler.UNREADABLE

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "Id": item["DBClusterIdentifier"],
            "DBClusterArn": item["DBClusterArn"],
            "ClusterResourceId": item.get("DbClusterResourceId"),
            **present(item, ("Endpoint",)),
            **({"ReadEndpoint": item["ReaderEndpoint"]} if item.get("ReaderEndpoint") else {}),
            **({"Port": str(item["Port"])} if item.get("Port") else {}),
        }
