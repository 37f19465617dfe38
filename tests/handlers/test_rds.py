"""AWS::RDS::DBSubnetGroup, AWS::RDS::DBInstance and AWS::RDS::DBCluster against the
emulator; on botocore's Stubber where the emulator differs from AWS (it drops a subnet
group that modify_db_subnet_group changes, applies modifications at once, and gives an
instance its endpoint at creation)."""

from __future__ import annotations

from typing import Any

import pytest

from landform import Stack
from landform.aws import ec2, kms, rds
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import DeletionRefused, Live
from landform.handlers.rds.names import derived_name
from landform.handlers.registry import handler_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

SUBNETS = "shop/main/subnets"
DB = "shop/main/db"
CLUSTER = "shop/main/cluster"


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def tags_of(aws: Any, arn: str) -> dict[str, str]:
    return {
        t["Key"]: t["Value"] for t in aws("rds").list_tags_for_resource(ResourceName=arn)["TagList"]
    }


def network(stack: Stack) -> tuple[list[ec2.Subnet], ec2.SecurityGroup, ec2.SecurityGroup]:
    """A VPC with two subnets in two zones, and two security groups in it."""
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack, f"s{i}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24", availability_zone=zone
        )
        for i, zone in enumerate((f"{REGION}a", f"{REGION}b", f"{REGION}c"))
    ]
    groups = [
        ec2.SecurityGroup(stack, name, group_description=f"{name} clients", vpc_id=vpc.id)
        for name in ("app", "admin")
    ]
    return subnets, groups[0], groups[1]


def declare_db(stack: Stack, groups: tuple[str, ...] = ("app",), **overrides: Any) -> None:
    """A postgres instance in a subnet group, encrypted with a key, password managed,
    reachable from the security groups named (app, admin)."""
    subnets, app_sg, admin_sg = network(stack)
    group = rds.DBSubnetGroup(
        stack, "subnets", db_subnet_group_description="db", subnet_ids=[s.id for s in subnets[:2]]
    )
    key = kms.Key(stack, "key")
    named = {"app": app_sg, "admin": admin_sg}
    args: dict[str, Any] = {
        "engine": "postgres",
        "db_instance_class": "db.t3.micro",
        "allocated_storage": "20",
        "master_username": "dbadmin",
        "manage_master_user_password": True,
        "storage_encrypted": True,
        "kms_key_id": key.arn,
        "db_subnet_group_name": group.id,
        "vpc_security_groups": [named[name].group_id for name in groups],
        "db_name": "orders",
        **overrides,
    }
    rds.DBInstance(stack, "db", **args)


def described(aws: Any, identifier: str) -> dict[str, Any]:
    return dict(aws("rds").describe_db_instances(DBInstanceIdentifier=identifier)["DBInstances"][0])


# subnet groups ----------------------------------------------------------------------


def test_subnet_group_create_tag_replace_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    subnets, _, _ = network(stack)
    rds.DBSubnetGroup(
        stack, "subnets", db_subnet_group_description="db", subnet_ids=[s.id for s in subnets[:2]]
    )
    converge(app, context)
    name = physical_id(context, SUBNETS)
    assert name.startswith("shop-main-subnets-")
    (group,) = aws("rds").describe_db_subnet_groups(DBSubnetGroupName=name)["DBSubnetGroups"]
    assert group["DBSubnetGroupDescription"] == "db"
    assert len(group["Subnets"]) == 2
    assert tags_of(aws, group["DBSubnetGroupArn"])[ADDRESS_TAG] == SUBNETS

    app, stack = new_app()
    subnets, _, _ = network(stack)
    ids = [s.id for s in subnets[:2]]
    rds.DBSubnetGroup(
        stack, "subnets", db_subnet_group_description="db", subnet_ids=ids, tags={"Tier": "data"}
    )
    assert actions(plan(app, context)) == {SUBNETS: "update"}
    converge(app, context)
    assert tags_of(aws, group["DBSubnetGroupArn"])["Tier"] == "data"

    app, stack = new_app()
    subnets, _, _ = network(stack)
    rds.DBSubnetGroup(
        stack,
        "subnets",
        db_subnet_group_name="Orders-Subnets",
        db_subnet_group_description="db",
        subnet_ids=[s.id for s in subnets[:2]],
    )
    assert actions(plan(app, context)) == {SUBNETS: "replace"}
    converge(app, context)
    assert physical_id(context, SUBNETS) == "orders-subnets", "AWS keeps names in lower case"
    names = [
        g["DBSubnetGroupName"] for g in aws("rds").describe_db_subnet_groups()["DBSubnetGroups"]
    ]
    assert names == ["orders-subnets"]

    destroy(app, context)
    assert aws("rds").describe_db_subnet_groups()["DBSubnetGroups"] == []
    assert context.store.all() == []


def test_subnet_group_update_modifies_description_and_subnets() -> None:
    """The emulator drops a group modify_db_subnet_group changes: this runs on Stubber."""
    arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:subgrp:orders"
    current = Live(
        "orders",
        {
            "DBSubnetGroupName": "orders",
            "DBSubnetGroupDescription": "db",
            "SubnetIds": ["subnet-1", "subnet-2"],
            "Tags": [{"Key": ADDRESS_TAG, "Value": SUBNETS}, {"Key": "Tier", "Value": "data"}],
        },
        {"DBSubnetGroupArn": arn},
    )
    desired = {
        "DBSubnetGroupDescription": "orders database",
        "SubnetIds": ["subnet-3", "subnet-2"],
        "Tags": [{"Key": ADDRESS_TAG, "Value": SUBNETS}],
    }
    group = {
        "DBSubnetGroupName": "orders",
        "DBSubnetGroupDescription": "orders database",
        "VpcId": "vpc-1",
        "SubnetGroupStatus": "Complete",
        "Subnets": [],
        "DBSubnetGroupArn": arn,
    }
    with stubbed_api("rds") as (api, stubber):
        stubber.add_response(
            "modify_db_subnet_group",
            {"DBSubnetGroup": group},
            {
                "DBSubnetGroupName": "orders",
                "DBSubnetGroupDescription": "orders database",
                "SubnetIds": ["subnet-3", "subnet-2"],
            },
        )
        stubber.add_response(
            "remove_tags_from_resource", {}, {"ResourceName": arn, "TagKeys": ["Tier"]}
        )
        updated = handler_for("AWS::RDS::DBSubnetGroup").update(api, current, desired)
        stubber.assert_no_pending_responses()
    assert updated.properties == desired


# instances --------------------------------------------------------------------------


def test_instance_create_update_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    declare_db(stack, tags={"Tier": "data"})
    converge(app, context)
    identifier = physical_id(context, DB)
    assert identifier.startswith("shop-main-db-")
    db = described(aws, identifier)
    assert (db["Engine"], db["DBInstanceClass"], db["AllocatedStorage"]) == (
        "postgres",
        "db.t3.micro",
        20,
    )
    key = aws("kms").describe_key(KeyId=physical_id(context, "shop/main/key"))["KeyMetadata"]
    assert (db["StorageEncrypted"], db["KmsKeyId"]) == (True, key["Arn"])
    assert db["DBSubnetGroup"]["DBSubnetGroupName"] == physical_id(context, SUBNETS)
    assert db["DBName"] == "orders"
    app_sg = physical_id(context, "shop/main/app")
    assert [g["VpcSecurityGroupId"] for g in db["VpcSecurityGroups"]] == [app_sg]
    assert {t["Key"]: t["Value"] for t in db["TagList"]}[ADDRESS_TAG] == DB
    record = context.store.get(DB)
    assert record is not None
    assert record.attributes["MasterUserSecret.SecretArn"] == db["MasterUserSecret"]["SecretArn"]
    assert record.attributes["Endpoint.Address"] == db["Endpoint"]["Address"]
    assert record.attributes["Endpoint.Port"] == "5432"

    app, stack = new_app()
    declare_db(
        stack,
        db_instance_class="db.t3.small",
        allocated_storage="30",
        backup_retention_period=5,
        multi_az=True,
        deletion_protection=True,
        groups=("app", "admin"),
        enable_cloudwatch_logs_exports=["postgresql"],
    )
    assert actions(plan(app, context)) == {DB: "update"}
    converge(app, context)
    db = described(aws, identifier)
    assert (db["DBInstanceClass"], db["AllocatedStorage"], db["BackupRetentionPeriod"]) == (
        "db.t3.small",
        30,
        5,
    )
    assert (db["MultiAZ"], db["DeletionProtection"]) == (True, True)
    admin_sg = physical_id(context, "shop/main/admin")
    assert {g["VpcSecurityGroupId"] for g in db["VpcSecurityGroups"]} == {app_sg, admin_sg}
    assert db["EnabledCloudwatchLogsExports"] == ["postgresql"]
    assert "Tier" not in {t["Key"] for t in db["TagList"]}

    with pytest.raises(ApplyFailed, match="deletion protection"):
        destroy(app, context)
    assert described(aws, identifier)["DBInstanceStatus"] == "available"
    assert context.store.get(DB) is not None, "a refused deletion keeps the state"

    app, stack = new_app()
    declare_db(stack, db_instance_class="db.t3.small", allocated_storage="30")
    assert actions(plan(app, context))[DB] == "update", "(and what destroy could delete: create)"
    converge(app, context)
    db = described(aws, identifier)
    assert (db["BackupRetentionPeriod"], db["MultiAZ"], db["DeletionProtection"]) == (
        1,
        False,
        False,
    ), "settings no longer declared are back to AWS's defaults"
    assert db["EnabledCloudwatchLogsExports"] == []

    destroy(app, context)
    assert aws("rds").describe_db_instances()["DBInstances"] == []
    snapshots = aws("rds").describe_db_snapshots()["DBSnapshots"]
    final = f"{identifier}-final-{db['DbiResourceId'].lower()}"
    assert [s["DBSnapshotIdentifier"] for s in snapshots] == [final]
    assert context.store.all() == []


def test_instance_replaced_when_a_create_only_property_changes(context: Context, aws: Any) -> None:
    app, stack = new_app()
    declare_db(stack)
    converge(app, context)
    old = physical_id(context, DB)

    app, stack = new_app()
    declare_db(stack, db_instance_identifier="Orders-DB", db_name="shop")
    planned = plan(app, context)
    assert actions(planned) == {DB: "replace"}
    (change,) = [c for c in planned.changes if c.address == DB]
    assert {c.name for c in change.changes if c.replaces} == {"DBInstanceIdentifier", "DBName"}
    converge(app, context)
    assert physical_id(context, DB) == "orders-db"
    assert [
        i["DBInstanceIdentifier"] for i in aws("rds").describe_db_instances()["DBInstances"]
    ] == ["orders-db"]
    assert described(aws, "orders-db")["DBName"] == "shop"
    assert old != "orders-db"


def test_create_takes_over_only_what_its_own_run_made(context: Context, aws: Any) -> None:
    """A create retried within a run (its answer lost) finds the instance its first
    request made; a declared name in use is refused, whoever made it."""
    props = {
        "Engine": "postgres",
        "DBInstanceClass": "db.t3.micro",
        "AllocatedStorage": "20",
        "MasterUsername": "dbadmin",
        "ManageMasterUserPassword": True,
        "Tags": [{"Key": ADDRESS_TAG, "Value": DB}],
    }
    handler = handler_for("AWS::RDS::DBInstance")
    api = context.api(ACCOUNT, REGION)
    first = handler.create(api, props, "0123456789abcdef")
    assert first.physical_id.startswith("shop-main-db-")
    assert first.physical_id.endswith("-01234567")
    again = handler.create(api, props, "0123456789abcdef")
    assert again.physical_id == first.physical_id
    assert again.properties["DBInstanceClass"] == "db.t3.micro"
    assert len(aws("rds").describe_db_instances()["DBInstances"]) == 1

    other = {**props, "Tags": [{"Key": ADDRESS_TAG, "Value": "shop/main/other"}]}
    aws("rds").create_db_instance(
        DBInstanceIdentifier=derived_name(api, other, "0123456789abcdef"),
        Engine="postgres",
        DBInstanceClass="db.t3.micro",
        AllocatedStorage=20,
        MasterUsername="dbadmin",
        ManageMasterUserPassword=True,
    )
    with pytest.raises(LandformError, match="already exists"):
        handler.create(api, other, "0123456789abcdef")
    with pytest.raises(LandformError, match="already exists") as taken:
        handler.create(api, {**props, "DBInstanceIdentifier": first.physical_id}, "fedcba98")
    assert "replacing" in str(taken.value)


def test_list_reads_pending_modifications_and_wait_completes_the_endpoint() -> None:
    """AWS shows a change applied immediately as pending until it is done, and gives an
    instance its endpoint once it is available (the emulator does both at once)."""
    arn = f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders"
    item = {
        "DBInstanceIdentifier": "orders",
        "DBInstanceClass": "db.t3.micro",
        "Engine": "postgres",
        "DBInstanceStatus": "modifying",
        "AllocatedStorage": 20,
        "MultiAZ": False,
        "PendingModifiedValues": {
            "DBInstanceClass": "db.t3.small",
            "AllocatedStorage": 30,
            "MasterUserPassword": "****",
            "PendingCloudwatchLogsExports": {"LogTypesToEnable": ["postgresql"]},
        },
        "EnabledCloudwatchLogsExports": ["upgrade"],
        "DBInstanceArn": arn,
        "DbiResourceId": "db-ABC",
        "TagList": [{"Key": ADDRESS_TAG, "Value": DB}],
    }
    handler = handler_for("AWS::RDS::DBInstance")
    with stubbed_api("rds") as (api, stubber):
        engines = {"Filters": [{"Name": "engine", "Values": list(handler.ENGINES)}]}  # type: ignore[attr-defined]
        stubber.add_response("describe_db_instances", {"DBInstances": [item]}, engines)
        (live,) = handler.list(api)
        assert (live.properties["DBInstanceClass"], live.properties["AllocatedStorage"]) == (
            "db.t3.small",
            "30",
        )
        assert live.properties["EnableCloudwatchLogsExports"] == ["postgresql", "upgrade"]
        assert "Endpoint.Address" not in live.attributes

        ready = {
            **item,
            "DBInstanceStatus": "available",
            "PendingModifiedValues": {},
            "Endpoint": {"Address": "orders.c0abc.us-east-1.rds.amazonaws.com", "Port": 5432},
        }
        for _ in range(2):  # the waiter's poll, then the read of the attributes
            stubber.add_response(
                "describe_db_instances",
                {"DBInstances": [ready]},
                {"DBInstanceIdentifier": "orders"},
            )
        ready_live = handler.wait_ready(api, live)
        stubber.assert_no_pending_responses()
    assert ready_live.attributes["Endpoint.Address"] == "orders.c0abc.us-east-1.rds.amazonaws.com"
    assert ready_live.attributes["Endpoint.Port"] == "5432"


@pytest.mark.parametrize(
    ("type_name", "identifier"),
    [("AWS::RDS::DBInstance", "orders"), ("AWS::RDS::DBCluster", "orders")],
)
def test_protected_delete_is_refused_before_any_call(type_name: str, identifier: str) -> None:
    current = Live(identifier, {"DeletionProtection": True}, {})
    with stubbed_api("rds") as (api, stubber):
        with pytest.raises(DeletionRefused) as refused:
            handler_for(type_name).delete(api, current)
        stubber.assert_no_pending_responses()
    assert refused.value.protection == "deletion protection"


def test_unsupported_properties_and_engines_are_refused() -> None:
    handler = handler_for("AWS::RDS::DBInstance")
    assert handler.unsupported_of({"Engine": "oracle-ee", "ApplyImmediately": True}) == [
        "ApplyImmediately",
        "Engine",
    ]
    assert (
        handler.unsupported_of({"Engine": "sqlserver-ex", "DBInstanceClass": "db.t3.small"}) == []
    )
    assert handler_for("AWS::RDS::DBCluster").unsupported_of({"Engine": "mysql"}) == ["Engine"]
    assert "MasterUserPassword" in handler.SENSITIVE


# clusters ---------------------------------------------------------------------------


def declare_cluster(stack: Stack, members: int = 0, **overrides: Any) -> rds.DBCluster:
    subnets, app_sg, _ = network(stack)
    group = rds.DBSubnetGroup(
        stack, "subnets", db_subnet_group_description="db", subnet_ids=[s.id for s in subnets[:2]]
    )
    key = kms.Key(stack, "key")
    cluster = rds.DBCluster(
        stack,
        "cluster",
        **{
            "engine": "aurora-postgresql",
            "master_username": "dbadmin",
            "manage_master_user_password": True,
            "storage_encrypted": True,
            "kms_key_id": key.arn,
            "db_subnet_group_name": group.id,
            "vpc_security_group_ids": [app_sg.group_id],
            "database_name": "orders",
            **overrides,
        },
    )
    for n in range(1, members + 1):
        rds.DBInstance(
            stack,
            f"cluster-{n}",
            engine="aurora-postgresql",
            db_instance_class="db.r6g.large",
            db_cluster_identifier=cluster.id,
        )
    return cluster


def test_cluster_with_members_create_update_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    declare_cluster(stack, members=2)
    converge(app, context)
    identifier = physical_id(context, CLUSTER)
    (cluster,) = aws("rds").describe_db_clusters(DBClusterIdentifier=identifier)["DBClusters"]
    assert (cluster["Engine"], cluster["DatabaseName"], cluster["StorageEncrypted"]) == (
        "aurora-postgresql",
        "orders",
        True,
    )
    assert "MasterUserSecret" in cluster
    members = {m["DBInstanceIdentifier"] for m in cluster["DBClusterMembers"]}
    assert members == {physical_id(context, f"{CLUSTER}-{n}") for n in (1, 2)}
    record = context.store.get(CLUSTER)
    assert record is not None
    assert record.attributes["Endpoint.Address"] == cluster["Endpoint"]
    assert record.attributes["ReadEndpoint.Address"] == cluster["ReaderEndpoint"]

    app, stack = new_app()
    declare_cluster(stack, members=2, backup_retention_period=7, deletion_protection=True)
    assert actions(plan(app, context)) == {CLUSTER: "update"}
    converge(app, context)
    (cluster,) = aws("rds").describe_db_clusters(DBClusterIdentifier=identifier)["DBClusters"]
    assert (cluster["BackupRetentionPeriod"], cluster["DeletionProtection"]) == (7, True)

    with pytest.raises(ApplyFailed, match="deletion protection"):
        destroy(app, context)
    assert context.store.get(CLUSTER) is not None

    app, stack = new_app()
    declare_cluster(stack, members=2, backup_retention_period=7)
    converge(app, context)
    destroy(app, context)
    assert aws("rds").describe_db_clusters()["DBClusters"] == []
    assert aws("rds").describe_db_instances()["DBInstances"] == []
    snapshots = aws("rds").describe_db_cluster_snapshots(SnapshotType="manual")
    final = f"{identifier}-final-{cluster['DbClusterResourceId'].lower()}"
    assert [s["DBClusterSnapshotIdentifier"] for s in snapshots["DBClusterSnapshots"]] == [final]
    assert context.store.all() == []


def test_cluster_replaced_when_a_create_only_property_changes(context: Context, aws: Any) -> None:
    app, stack = new_app()
    declare_cluster(stack)
    converge(app, context)

    app, stack = new_app()
    declare_cluster(stack, database_name="shop")
    assert actions(plan(app, context)) == {CLUSTER: "replace"}
    converge(app, context)
    (cluster,) = aws("rds").describe_db_clusters()["DBClusters"]
    assert (cluster["DBClusterIdentifier"], cluster["DatabaseName"]) == (
        physical_id(context, CLUSTER),
        "shop",
    )


@pytest.mark.parametrize(
    ("policy", "snapshots"), [(None, 1), ("Snapshot", 1), ("Delete", 0)], ids=str
)
def test_the_deletion_policy_decides_the_final_snapshot(
    context: Context, aws: Any, policy: str | None, snapshots: int
) -> None:
    """Undeclared, as in CloudFormation, an instance keeps a final snapshot."""
    app, stack = new_app()
    declare_db(stack, deletion_policy=policy)
    converge(app, context)

    destroy(app, context)
    assert aws("rds").describe_db_instances()["DBInstances"] == []
    assert len(aws("rds").describe_db_snapshots(SnapshotType="manual")["DBSnapshots"]) == snapshots
