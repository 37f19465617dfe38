"""Contract examples for DocumentDB types.

The emulator serves DB subnet groups through the docdb client, not DocumentDB clusters
or instances (it rejects engine docdb): those run on botocore's Stubber, with answers
shaped as AWS documents them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from landform.aws import docdb, ec2
from landform.model import Resource, Stack
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import Call, StubbedContract

KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/0b5c9a3e-1111-4a2b-9c3d-123456789012"
SECRET = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:rds!cluster-4f1e2d3c-AbCdEf"
CREATED = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
DOCDB = [{"Name": "engine", "Values": ["docdb"]}]


def cluster_item(identifier: str, status: str = "available", **changes: Any) -> dict[str, Any]:
    """A DocumentDB cluster as describe_db_clusters reports it."""
    host = f"{identifier}.cluster-c0abcdefghij.{REGION}.docdb.amazonaws.com"
    return {
        "AvailabilityZones": [f"{REGION}a", f"{REGION}b", f"{REGION}c"],
        "BackupRetentionPeriod": 1,
        "DBClusterIdentifier": identifier,
        "DBClusterParameterGroup": "default.docdb5.0",
        "DBSubnetGroup": "default",
        "Status": status,
        "Endpoint": host,
        "ReaderEndpoint": host.replace(".cluster-", ".cluster-ro-"),
        "MultiAZ": False,
        "Engine": "docdb",
        "EngineVersion": "5.0.0",
        "Port": 27017,
        "MasterUsername": "dbadmin",
        "PreferredBackupWindow": "07:00-07:30",
        "PreferredMaintenanceWindow": "sun:08:00-sun:08:30",
        "DBClusterMembers": [],
        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-0abc1234def567890", "Status": "active"}],
        "HostedZoneId": "ZNKXH85TT8WVW",
        "StorageEncrypted": True,
        "KmsKeyId": KEY,
        "DbClusterResourceId": "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "DBClusterArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:cluster:{identifier}",
        "ClusterCreateTime": CREATED,
        "EnabledCloudwatchLogsExports": [],
        "DeletionProtection": False,
        "MasterUserSecret": {"SecretArn": SECRET, "SecretStatus": "active", "KmsKeyId": KEY},
        **changes,
    }


def instance_item(identifier: str, cluster: str, **changes: Any) -> dict[str, Any]:
    """A DocumentDB instance as describe_db_instances reports it."""
    return {
        "DBInstanceIdentifier": identifier,
        "DBInstanceClass": "db.t3.medium",
        "Engine": "docdb",
        "DBInstanceStatus": "available",
        "Endpoint": {
            "Address": f"{identifier}.c0abcdefghij.{REGION}.docdb.amazonaws.com",
            "Port": 27017,
            "HostedZoneId": "ZNKXH85TT8WVW",
        },
        "InstanceCreateTime": CREATED,
        "PreferredBackupWindow": "07:00-07:30",
        "BackupRetentionPeriod": 1,
        "VpcSecurityGroups": [{"VpcSecurityGroupId": "sg-0abc1234def567890", "Status": "active"}],
        "AvailabilityZone": f"{REGION}a",
        "PreferredMaintenanceWindow": "sun:08:00-sun:08:30",
        "EngineVersion": "5.0.0",
        "AutoMinorVersionUpgrade": True,
        "PubliclyAccessible": False,
        "DBClusterIdentifier": cluster,
        "StorageEncrypted": True,
        "KmsKeyId": KEY,
        "DbiResourceId": "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "CACertificateIdentifier": "rds-ca-rsa2048-g1",
        "PromotionTier": 1,
        "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:db:{identifier}",
        "EnabledCloudwatchLogsExports": [],
        **changes,
    }


def gone(kind: str, identifier: str) -> Call:
    """The describe call a wait for deletion makes, once the resource is gone."""
    items, id_filter = {
        "cluster": ("DBClusters", "db-cluster-id"),
        "instance": ("DBInstances", "db-instance-id"),
    }[kind]
    return Call(
        f"describe_db_{kind}s",
        {items: []},
        {"Filters": [{"Name": id_filter, "Values": [identifier]}]},
    )


def subnet_group(stack: Stack) -> Resource:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack, f"s{i}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24", availability_zone=zone
        )
        for i, zone in enumerate(("us-east-1a", "us-east-1b"))
    ]
    return docdb.DBSubnetGroup(
        stack,
        "subnets",
        db_subnet_group_description="document database subnets",
        subnet_ids=[subnet.id for subnet in subnets],
    )


CLUSTER = StubbedContract(
    service="docdb",
    props={
        "DBClusterIdentifier": "orders",
        "MasterUsername": "dbadmin",
        "ManageMasterUserPassword": True,
        "StorageEncrypted": True,
        "KmsKeyId": KEY,
    },
    create=[
        Call(
            "create_db_cluster",
            {"DBCluster": cluster_item("orders", "creating")},
            {
                "Engine": "docdb",
                "DBClusterIdentifier": "orders",
                "MasterUsername": "dbadmin",
                "ManageMasterUserPassword": True,
                "StorageEncrypted": True,
                "KmsKeyId": KEY,
            },
        )
    ],
    list_after_create=[
        Call("describe_db_clusters", {"DBClusters": [cluster_item("orders")]}, {"Filters": DOCDB})
    ],
    delete=[
        Call(
            "delete_db_cluster",
            {"DBCluster": cluster_item("orders", "deleting")},
            {
                "DBClusterIdentifier": "orders",
                "FinalDBSnapshotIdentifier": "orders-final-cluster-abcdefghijklmnopqrstuvwxyz",
            },
        ),
        gone("cluster", "orders"),
    ],
    list_after_delete=[Call("describe_db_clusters", {"DBClusters": []}, {"Filters": DOCDB})],
    delete_again=[
        Call("delete_db_cluster", {}, None, error="DBClusterNotFoundFault"),
        gone("cluster", "orders"),
    ],
    physical_id="orders",
)

INSTANCE = StubbedContract(
    service="docdb",
    props={
        "DBInstanceIdentifier": "orders-1",
        "DBClusterIdentifier": "orders",
        "DBInstanceClass": "db.t3.medium",
    },
    create=[
        Call(
            "create_db_instance",
            {"DBInstance": instance_item("orders-1", "orders", DBInstanceStatus="creating")},
            {
                "Engine": "docdb",
                "DBInstanceIdentifier": "orders-1",
                "DBClusterIdentifier": "orders",
                "DBInstanceClass": "db.t3.medium",
            },
        )
    ],
    list_after_create=[
        Call(
            "describe_db_instances",
            {"DBInstances": [instance_item("orders-1", "orders")]},
            {"Filters": DOCDB},
        )
    ],
    delete=[
        Call(
            "delete_db_instance",
            {"DBInstance": instance_item("orders-1", "orders", DBInstanceStatus="deleting")},
            {"DBInstanceIdentifier": "orders-1"},
        ),
        gone("instance", "orders-1"),
    ],
    list_after_delete=[Call("describe_db_instances", {"DBInstances": []}, {"Filters": DOCDB})],
    delete_again=[
        Call("delete_db_instance", {}, None, error="DBInstanceNotFound"),
        gone("instance", "orders-1"),
    ],
    physical_id="orders-1",
)

EXAMPLES = {"AWS::DocDB::DBSubnetGroup": subnet_group}
STUBBED = {"AWS::DocDB::DBCluster": CLUSTER, "AWS::DocDB::DBInstance": INSTANCE}
