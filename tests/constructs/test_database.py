"""Database: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from landform import App, Ref, Stack, ValidationError
from landform.aws import ec2, kms, rds
from landform.constructs.database import Database
from landform.constructs.network import Network
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.engine.events import Event
from tests.conftest import REGION, TAGS
from tests.support import actions, converge, destroy, new_app, plan

HERE = Path(__file__).name
SECRET = "S3cret-7f3a9c1e-do-not-show"


def network(stack: Stack) -> Network:
    return Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)


def clients(stack: Stack, net: Network) -> ec2.SecurityGroup:
    return ec2.SecurityGroup(stack, "app", group_description="app servers", vpc_id=net.vpc.id)


# model ------------------------------------------------------------------------------


def test_postgres_is_one_encrypted_private_instance(stack: Stack) -> None:
    net = network(stack)
    app_sg = clients(stack, net)
    db = Database(
        stack,
        "orders",
        network=net,
        engine="postgres",
        allowed_security_groups=[app_sg, "sg-0123456789abcdef0"],
        database_name="orders",
    )
    assert db.cluster is None and db.instance is not None
    assert db.instances == [db.instance]
    assert db.instance.logical_id == "orders"
    assert db.instance.properties == {
        "Engine": "postgres",
        "DBInstanceClass": "db.t4g.micro",
        "AllocatedStorage": "20",
        "DBName": "orders",
        "MasterUsername": "dbadmin",
        "ManageMasterUserPassword": True,
        "StorageEncrypted": True,
        "KmsKeyId": db.key.arn,
        "DBSubnetGroupName": db.subnet_group.id,
        "VPCSecurityGroups": [db.security_group.group_id],
        "PubliclyAccessible": False,
        "DeletionProtection": False,
        "BackupRetentionPeriod": 7,
        "CopyTagsToSnapshot": True,
    }
    assert (db.port, db.endpoint) == (5432, Ref(db.instance, "Endpoint.Address"))
    assert db.key.logical_id == "orders-key"
    assert db.key.properties["EnableKeyRotation"] is True
    assert db.subnet_group.logical_id == "orders-subnets"
    assert db.subnet_group.properties["SubnetIds"] == [s.id for s in net.private_subnets]

    group = db.security_group
    assert (group.logical_id, group.properties["VpcId"]) == ("orders-sg", net.vpc.id)
    ingress = group.properties["SecurityGroupIngress"]
    assert [(r["IpProtocol"], r["FromPort"], r["ToPort"]) for r in ingress] == [
        ("tcp", 5432, 5432)
    ] * 2
    assert [r["SourceSecurityGroupId"] for r in ingress] == [
        app_sg.group_id,
        "sg-0123456789abcdef0",
    ]
    assert not any("CidrIp" in rule or "CidrIpv6" in rule for rule in ingress)
    assert group.properties["SecurityGroupEgress"] == []


def test_a_given_key_is_used_and_none_is_made(stack: Stack) -> None:
    key = kms.Key(stack, "shared")
    db = Database(stack, "orders", network=network(stack), engine="mysql", key=key)
    assert db.key is key
    assert "orders-key" not in stack.resources
    assert db.instance is not None
    assert (db.instance.properties["KmsKeyId"], db.port) == (key.arn, 3306)


@pytest.mark.parametrize(
    ("engine", "declared", "instance_class"),
    [
        ("sqlserver", "sqlserver-ex", "db.t3.small"),
        ("sqlserver-se", "sqlserver-se", "db.t3.xlarge"),
        ("sqlserver-web", "sqlserver-web", "db.t3.small"),
    ],
)
def test_sqlserver_family_and_editions(
    stack: Stack, engine: str, declared: str, instance_class: str
) -> None:
    db = Database(stack, "ledger", network=network(stack), engine=engine, allocated_storage=40)
    assert db.instance is not None
    props = db.instance.properties
    assert (props["Engine"], props["DBInstanceClass"], props["AllocatedStorage"]) == (
        declared,
        instance_class,
        "40",
    )
    assert db.port == 1433
    assert db.security_group.properties["SecurityGroupIngress"] == []


def test_sqlserver_takes_no_database_name(stack: Stack) -> None:
    with pytest.raises(ValidationError, match="SQL Server takes no database_name"):
        Database(stack, "ledger", network=network(stack), engine="sqlserver", database_name="x")


def test_an_unknown_engine_is_refused_at_its_declaration(stack: Stack) -> None:
    net = network(stack)
    with pytest.raises(ValidationError) as refused:
        Database(stack, "orders", network=net, engine="oracle-ee")
    error = refused.value
    assert error.where is not None
    assert (error.where.stack, error.where.logical_id) == ("main", "orders")
    assert HERE in str(error.where.source)
    assert "engine='oracle-ee'" in error.message
    assert "aurora-postgresql" in str(error.hint)
    assert "orders" not in stack.resources


@pytest.mark.parametrize(
    ("app_env", "stack_env", "protected"),
    [
        ("production", None, True),
        ("development", "production", True),
        ("production", "staging", False),
        ("development", None, False),
    ],
)
def test_deletion_protection_in_production(
    app_env: str, stack_env: str | None, protected: bool
) -> None:
    stack_tags = {"Environment": stack_env} if stack_env else {}
    app = App("shop", tags={**TAGS, "Environment": app_env})
    stack = app.stack("main", region=REGION, tags=stack_tags)
    db = Database(stack, "orders", network=network(stack), engine="aurora-mysql")
    assert db.cluster is not None
    assert db.cluster.properties["DeletionProtection"] is protected


def test_aurora_is_a_cluster_and_its_instances(stack: Stack) -> None:
    net = network(stack)
    db = Database(
        stack,
        "orders",
        network=net,
        engine="aurora-postgresql",
        instances=3,
        engine_version="16.4",
        database_name="orders",
        allowed_security_groups=[clients(stack, net)],
    )
    assert db.instance is None and db.cluster is not None
    assert db.cluster.logical_id == "orders"
    assert db.cluster.properties == {
        "Engine": "aurora-postgresql",
        "EngineVersion": "16.4",
        "DatabaseName": "orders",
        "MasterUsername": "dbadmin",
        "ManageMasterUserPassword": True,
        "StorageEncrypted": True,
        "KmsKeyId": db.key.arn,
        "DBSubnetGroupName": db.subnet_group.id,
        "VpcSecurityGroupIds": [db.security_group.group_id],
        "DeletionProtection": False,
        "BackupRetentionPeriod": 7,
        "CopyTagsToSnapshot": True,
    }
    assert [i.logical_id for i in db.instances] == ["orders-1", "orders-2", "orders-3"]
    for instance in db.instances:
        assert instance.properties == {
            "Engine": "aurora-postgresql",
            "DBClusterIdentifier": db.cluster.id,
            "DBInstanceClass": "db.t4g.medium",
            "PubliclyAccessible": False,
        }
    assert (db.port, db.endpoint) == (5432, Ref(db.cluster, "Endpoint.Address"))


def test_an_aurora_cluster_needs_an_instance(stack: Stack) -> None:
    with pytest.raises(ValidationError, match="instances=0"):
        Database(stack, "orders", network=network(stack), engine="aurora-mysql", instances=0)


# emulator ---------------------------------------------------------------------------


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def test_postgres_on_the_emulator(context: Context, aws: Any) -> None:
    app, stack = new_app()
    net = network(stack)
    Database(
        stack,
        "orders",
        network=net,
        engine="postgres",
        allowed_security_groups=[clients(stack, net)],
    )
    assert set(actions(plan(app, context)).values()) == {"create"}
    converge(app, context)

    (db,) = aws("rds").describe_db_instances()["DBInstances"]
    assert db["DBInstanceIdentifier"] == physical_id(context, "shop/main/orders")
    key = aws("kms").describe_key(KeyId=physical_id(context, "shop/main/orders-key"))
    assert (db["StorageEncrypted"], db["KmsKeyId"]) == (True, key["KeyMetadata"]["Arn"])
    assert aws("kms").get_key_rotation_status(KeyId=key["KeyMetadata"]["KeyId"])[
        "KeyRotationEnabled"
    ]
    assert "SecretArn" in db["MasterUserSecret"]
    assert db["PubliclyAccessible"] is False
    private = {physical_id(context, f"shop/main/net-private-{z}") for z in "ab"}
    assert {s["SubnetIdentifier"] for s in db["DBSubnetGroup"]["Subnets"]} == private
    group_id = physical_id(context, "shop/main/orders-sg")
    assert [g["VpcSecurityGroupId"] for g in db["VpcSecurityGroups"]] == [group_id]
    (group,) = aws("ec2").describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
    (rule,) = group["IpPermissions"]
    assert (rule["IpProtocol"], rule["FromPort"], rule["ToPort"], rule["IpRanges"]) == (
        "tcp",
        5432,
        5432,
        [],
    )
    assert [p["GroupId"] for p in rule["UserIdGroupPairs"]] == [
        physical_id(context, "shop/main/app")
    ]
    assert group["IpPermissionsEgress"] == []

    destroy(app, context)
    assert aws("rds").describe_db_instances()["DBInstances"] == []


def test_aurora_postgresql_on_the_emulator(context: Context, aws: Any) -> None:
    app, stack = new_app()
    Database(stack, "orders", network=network(stack), engine="aurora-postgresql")
    converge(app, context)
    (cluster,) = aws("rds").describe_db_clusters()["DBClusters"]
    assert cluster["DBClusterIdentifier"] == physical_id(context, "shop/main/orders")
    assert cluster["StorageEncrypted"] is True
    assert "MasterUserSecret" in cluster
    members = {m["DBInstanceIdentifier"] for m in cluster["DBClusterMembers"]}
    assert members == {physical_id(context, f"shop/main/orders-{n}") for n in (1, 2)}
    record = context.store.get("shop/main/orders")
    assert record is not None
    assert record.attributes["Endpoint.Address"] == cluster["Endpoint"]

    destroy(app, context)
    assert aws("rds").describe_db_clusters()["DBClusters"] == []
    assert aws("rds").describe_db_instances()["DBInstances"] == []


def test_a_production_database_is_not_destroyed(context: Context, aws: Any) -> None:
    app = App("shop", tags={**TAGS, "Environment": "production"})
    stack = app.stack("main", region=REGION)
    Database(stack, "orders", network=network(stack), engine="postgres")
    converge(app, context)
    with pytest.raises(ApplyFailed, match="deletion protection"):
        destroy(app, context)
    (db,) = aws("rds").describe_db_instances()["DBInstances"]
    assert db["DeletionProtection"] is True
    assert context.store.get("shop/main/orders") is not None


# no password anywhere ----------------------------------------------------------------


def stored(context: Context) -> str:
    """Every record of the SQLite store, and the raw bytes of its files."""
    path = Path(context.store.path)  # type: ignore[attr-defined]
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT * FROM resources").fetchall()
    files = [f.read_bytes().decode("latin-1") for f in path.parent.iterdir() if f.is_file()]
    return json.dumps(rows) + "".join(files)


def test_a_managed_password_is_in_neither_state_nor_plan(context: Context) -> None:
    app, stack = new_app()
    Database(stack, "orders", network=network(stack), engine="postgres")
    shown = json.dumps(plan(app, context).as_json())
    converge(app, context)
    for text in (shown, stored(context)):
        assert '"MasterUserPassword"' not in text
        assert '"ManageMasterUserPassword"' in text


def test_a_declared_password_is_never_recorded_nor_shown(context: Context) -> None:
    events: list[Event] = []
    context.report = events.append
    app, stack = new_app()
    rds.DBInstance(
        stack,
        "legacy",
        engine="postgres",
        db_instance_class="db.t3.micro",
        allocated_storage="20",
        master_username="dbadmin",
        master_user_password=SECRET,
        deletion_protection=True,
    )
    planned = json.dumps(plan(app, context).as_json())
    assert '"MasterUserPassword"' in planned and "(sensitive)" in planned
    converge(app, context)

    app, stack = new_app()
    rds.DBInstance(
        stack,
        "legacy",
        engine="postgres",
        db_instance_class="db.t3.small",
        allocated_storage="20",
        master_username="dbadmin",
        master_user_password=SECRET,
        deletion_protection=True,
    )
    updated = json.dumps(plan(app, context).as_json())
    converge(app, context)
    with pytest.raises(ApplyFailed) as refused:
        destroy(app, context)
    shown = [planned, updated, json.dumps(plan(app, context, destroy=True).as_json())]
    messages = [event.message for event in events] + [str(refused.value)]
    assert "deletion protection" in str(refused.value)
    for text in [stored(context), *shown, *messages]:
        assert SECRET not in text
