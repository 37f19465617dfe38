"""AWS::RDS::DBInstance"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import Live, Props, present
from landform.handlers.rds.database import INSTANCE, DatabaseHandler, endpoint, secret_arn
from landform.handlers.rds.fields import (
    MASTER_PASSWORD,
    MISSING,
    Field,
    first,
    fixed,
    group_ids,
    key,
    log_exports,
    nested,
    version_matches,
)
from landform.handlers.registry import register

ENGINES = (
    "aurora-mysql",
    "aurora-postgresql",
    "mysql",
    "postgres",
    "sqlserver-ee",
    "sqlserver-ex",
    "sqlserver-se",
    "sqlserver-web",
)
"""Standalone engines, and Aurora's for the members of a cluster."""


def _port(item: Mapping[str, Any]) -> Any:
    """The port as CloudFormation types it (a string); a pending one first."""
    port = (
        item.get("Port") or (item.get("Endpoint") or {}).get("Port") or item.get("DbInstancePort")
    )
    return str(port) if port else MISSING


def _version(current: Any, new: Any, desired: Mapping[str, Any]) -> Props:
    allow = bool(desired.get("AllowMajorVersionUpgrade", False))
    return {"EngineVersion": new, "AllowMajorVersionUpgrade": allow}


FIELDS = (
    Field("AllocatedStorage", to_api=int, read=key("AllocatedStorage", str)),
    Field("AutoMinorVersionUpgrade", reset=True),
    Field("AvailabilityZone", modify=None),
    Field("BackupRetentionPeriod", reset=1),
    Field("CACertificateIdentifier"),
    Field("CopyTagsToSnapshot", reset=False),
    Field("DBClusterIdentifier", modify=None),
    Field("DBInstanceClass"),
    Field("DBName", modify=None),
    Field("DBParameterGroupName", read=first("DBParameterGroups", "DBParameterGroupName")),
    Field("DBSubnetGroupName", modify=None, read=nested("DBSubnetGroup", "DBSubnetGroupName")),
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
    Field("EnablePerformanceInsights", read=key("PerformanceInsightsEnabled"), reset=False),
    Field("Engine", modify=None),
    Field("EngineVersion", change=_version, matches=version_matches),
    Field("Iops"),
    Field("KmsKeyId", modify=None),
    Field("LicenseModel"),
    *MASTER_PASSWORD,
    Field("MasterUsername", modify=None),
    Field("MaxAllocatedStorage"),
    Field("MonitoringInterval", reset=0),
    Field("MonitoringRoleArn"),
    Field("MultiAZ", reset=False),
    Field("NetworkType"),
    Field("OptionGroupName", read=first("OptionGroupMemberships", "OptionGroupName")),
    Field("PerformanceInsightsKMSKeyId"),
    Field("PerformanceInsightsRetentionPeriod"),
    Field("Port", modify="DBPortNumber", to_api=int, read=_port),
    Field("PreferredBackupWindow"),
    Field("PreferredMaintenanceWindow"),
    Field("PromotionTier"),
    Field("PubliclyAccessible"),
    Field("StorageEncrypted", modify=None),
    Field("StorageThroughput"),
    Field("StorageType"),
    Field("VPCSecurityGroups", param="VpcSecurityGroupIds", read=group_ids),
)


@register
class DBInstance(DatabaseHandler):
    """A DB instance: standalone (postgres, mysql, sqlserver-*), or a member of an Aurora
    cluster (DBClusterIdentifier). The properties in FIELDS, Tags, AllowMajorVersionUpgrade
    (with an EngineVersion change) and DeleteAutomatedBackups (when deleting) are managed;
    changes are applied at once (ApplyImmediately), so ApplyImmediately itself is refused.

    `list` is one paginated describe_db_instances over these engines (tags come with it).
    An undeclared identifier is derived from the address and the run (names.py). AWS
    reports identifiers in lower case and the engine version it picked ("16.4" for "16"):
    those, the KMS key (as an ARN) and the password are compared with state. With
    ManageMasterUserPassword no password passes through Landform; a declared
    MasterUserPassword, which AWS never reports, is sent again with every in-place update.
    An update puts undeclared settings with a `reset` value in FIELDS back to AWS's
    default (standalone instances only: a member's come from its cluster). Deleting keeps
    a final snapshot of a standalone instance (unless its deletion policy is Delete); a
    member's data stays with its cluster.
    """

    TYPE = "AWS::RDS::DBInstance"
    NAME = "DBInstanceIdentifier"
    KIND = INSTANCE
    ENGINES = ENGINES
    FIELDS = FIELDS
    IMMUTABLE = fixed(FIELDS)
    HANDLED = frozenset({"AllowMajorVersionUpgrade", "DeleteAutomatedBackups"})
    RESOURCE_ID = "DbiResourceId"
    SNAPSHOTS = True
    SENSITIVE = frozenset({"MasterUserPassword"})
    UNREADABLE = frozenset(
        {
            "DBClusterIdentifier",
            "DBInstanceIdentifier",
            "DBSubnetGroupName",
            "EngineVersion",
            "KmsKeyId",
            "MasterUserPassword",
        }
    )

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "DBInstanceArn": item["DBInstanceArn"],
            **present(item, ("DbiResourceId",)),
            **endpoint(item),
            **secret_arn(item),
        }

    def resets(self, desired: Props) -> bool:
        return "DBClusterIdentifier" not in desired

    def snapshot(self, current: Live, policy: str | None) -> Props:
        """A member of a cluster is deleted without one (AWS refuses it)."""
        if current.properties.get("DBClusterIdentifier"):
            return {"SkipFinalSnapshot": True}
        return super().snapshot(current, policy)
