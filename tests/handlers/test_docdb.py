"""AWS::DocDB::DBSubnetGroup against the emulator; AWS::DocDB::DBCluster and
AWS::DocDB::DBInstance on botocore's Stubber, with answers shaped as AWS's (the emulator
rejects engine docdb)."""

from __future__ import annotations

from typing import Any

import pytest

from landform.aws import docdb, ec2
from landform.engine.context import Context
from landform.engine.diff import diff_properties
from landform.engine.operations import check
from landform.errors import LandformError, ValidationError
from landform.handlers.base import Api, DeletionRefused, Live
from landform.handlers.registry import handler_for
from landform.model.schema import schema_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import REGION
from tests.handlers.contract import Call, queue, stubbed_api
from tests.handlers.examples.docdb import (
    CLUSTER,
    INSTANCE,
    KEY,
    cluster_item,
    instance_item,
)
from tests.support import actions, converge, destroy, new_app, plan

SUBNETS = "shop/main/subnets"
CLUSTER_TYPE = "AWS::DocDB::DBCluster"
INSTANCE_TYPE = "AWS::DocDB::DBInstance"


def fresh(api: Api) -> Api:
    """A new Api on the same stubbed client: an Api remembers its list calls, as one plan."""
    client = api.client("docdb")
    return Api(lambda *_: client, api.account, api.region)


# subnet groups (emulator) -----------------------------------------------------------


def declare_subnets(stack: Any, **args: Any) -> None:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack, f"s{i}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24", availability_zone=zone
        )
        for i, zone in enumerate((f"{REGION}a", f"{REGION}b"))
    ]
    docdb.DBSubnetGroup(
        stack,
        "subnets",
        db_subnet_group_description="documents",
        subnet_ids=[s.id for s in subnets],
        **args,
    )


def test_subnet_group_create_tag_replace_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    declare_subnets(stack)
    converge(app, context)
    record = context.store.get(SUBNETS)
    assert record is not None
    (group,) = aws("docdb").describe_db_subnet_groups(DBSubnetGroupName=record.physical_id)[
        "DBSubnetGroups"
    ]
    assert (group["DBSubnetGroupDescription"], len(group["Subnets"])) == ("documents", 2)
    tags = aws("docdb").list_tags_for_resource(ResourceName=group["DBSubnetGroupArn"])["TagList"]
    assert {t["Key"]: t["Value"] for t in tags}[ADDRESS_TAG] == SUBNETS

    app, stack = new_app()
    declare_subnets(stack, tags={"Tier": "documents"})
    assert actions(plan(app, context)) == {SUBNETS: "update"}
    converge(app, context)
    tags = aws("docdb").list_tags_for_resource(ResourceName=group["DBSubnetGroupArn"])["TagList"]
    assert {t["Key"]: t["Value"] for t in tags}["Tier"] == "documents"

    app, stack = new_app()
    declare_subnets(stack, db_subnet_group_name="documents")
    assert actions(plan(app, context)) == {SUBNETS: "replace"}
    converge(app, context)
    groups = aws("docdb").describe_db_subnet_groups()["DBSubnetGroups"]
    assert [g["DBSubnetGroupName"] for g in groups] == ["documents"]

    destroy(app, context)
    assert aws("docdb").describe_db_subnet_groups()["DBSubnetGroups"] == []
    assert context.store.all() == []


# clusters (stubbed) -----------------------------------------------------------------


def test_cluster_create_list_update_wait_delete() -> None:
    handler = handler_for(CLUSTER_TYPE)
    with stubbed_api("docdb") as (api, stubber):
        queue(stubber, CLUSTER.create)
        created = handler.create(api, dict(CLUSTER.props), "token")
        assert created.physical_id == "orders"
        assert created.properties == CLUSTER.props
        assert "MasterUserPassword" not in created.properties

        queue(stubber, CLUSTER.list_after_create)
        (listed,) = handler.list(fresh(api))
        assert listed.properties == {
            "DBClusterIdentifier": "orders",
            "AvailabilityZones": [f"{REGION}a", f"{REGION}b", f"{REGION}c"],
            "BackupRetentionPeriod": 1,
            "DBClusterParameterGroupName": "default.docdb5.0",
            "DBSubnetGroupName": "default",
            "DeletionProtection": False,
            "EnableCloudwatchLogsExports": [],
            "EngineVersion": "5.0.0",
            "KmsKeyId": KEY,
            "ManageMasterUserPassword": True,
            "MasterUsername": "dbadmin",
            "MasterUserSecretKmsKeyId": KEY,
            "Port": 27017,
            "PreferredBackupWindow": "07:00-07:30",
            "PreferredMaintenanceWindow": "sun:08:00-sun:08:30",
            "StorageEncrypted": True,
            "VpcSecurityGroupIds": ["sg-0abc1234def567890"],
        }
        host = f"orders.cluster-c0abcdefghij.{REGION}.docdb.amazonaws.com"
        assert listed.attributes["Endpoint"] == host
        assert listed.attributes["Port"] == "27017"
        assert listed.attributes["ClusterResourceId"] == "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ"

        arn = listed.attributes["DBClusterArn"]
        desired = {
            **CLUSTER.props,
            "BackupRetentionPeriod": 7,
            "DeletionProtection": True,
            "Tags": [{"Key": "Tier", "Value": "documents"}],
        }
        protected = cluster_item("orders", BackupRetentionPeriod=7, DeletionProtection=True)
        queue(
            stubber,
            [
                Call(
                    "modify_db_cluster",
                    {"DBCluster": protected},
                    {
                        "DBClusterIdentifier": "orders",
                        "ApplyImmediately": True,
                        "BackupRetentionPeriod": 7,
                        "DeletionProtection": True,
                    },
                ),
                Call(
                    "list_tags_for_resource",
                    {"TagList": [{"Key": "Old", "Value": "x"}]},
                    {"ResourceName": arn},
                ),
                Call("remove_tags_from_resource", {}, {"ResourceName": arn, "TagKeys": ["Old"]}),
                Call(
                    "add_tags_to_resource",
                    {},
                    {"ResourceName": arn, "Tags": [{"Key": "Tier", "Value": "documents"}]},
                ),
            ],
        )
        updated = handler.update(api, listed, desired)
        assert updated.properties == desired

        ready = {"DBClusters": [cluster_item("orders")]}
        queue(
            stubber,
            [
                Call("describe_db_clusters", ready, {"Filters": [_id("db-cluster-id", "orders")]}),
                Call("describe_db_clusters", ready, {"DBClusterIdentifier": "orders"}),
            ],
        )
        ready = handler.wait_ready(api, Live(created.physical_id, created.properties, {}))
        assert ready.attributes["Endpoint"] == host

        with pytest.raises(DeletionRefused):  # before any call: none is queued
            handler.delete(api, Live("orders", {"DeletionProtection": True}, listed.attributes))
        queue(stubber, CLUSTER.delete)
        handler.delete(api, listed)
        queue(stubber, CLUSTER.list_after_delete)
        assert list(handler.list(fresh(api))) == []
        stubber.assert_no_pending_responses()


def _id(name: str, value: str) -> dict[str, Any]:
    return {"Name": name, "Values": [value]}


def test_wait_reports_a_failed_cluster() -> None:
    handler = handler_for(CLUSTER_TYPE)
    with stubbed_api("docdb") as (api, stubber):
        stubber.add_response(
            "describe_db_clusters",
            {"DBClusters": [cluster_item("orders", "inaccessible-encryption-credentials")]},
            {"Filters": [_id("db-cluster-id", "orders")]},
        )
        with pytest.raises(
            LandformError,
            match=r"gave up waiting for docdb cluster available \(db-cluster-id=orders\).*"
            "inaccessible-encryption-credentials",
        ):
            handler.wait_ready(api, Live("orders", {}, {}))


def test_cluster_needs_its_identifier_declared() -> None:
    app, stack = new_app()
    docdb.DBCluster(stack, "documents", master_username="dbadmin", storage_encrypted=True)
    with pytest.raises(ValidationError, match="needs DBClusterIdentifier declared") as error:
        check(app)
    assert error.value.where is not None
    assert (error.value.where.logical_id, error.value.where.stack) == ("documents", "main")
    assert str(error.value.where.source).startswith("tests/handlers/test_docdb.py:")


def test_cluster_found_again_by_its_identifier_and_replaced_by_create_only_changes() -> None:
    handler = handler_for(CLUSTER_TYPE)
    listed = {"DBClusterIdentifier": "orders", "StorageEncrypted": True, "MasterUsername": "a"}
    assert handler.natural_key({"DBClusterIdentifier": "Orders"}) == handler.natural_key(listed)
    desired = {**listed, "DBClusterIdentifier": "Orders", "StorageEncrypted": False}
    changes = diff_properties(
        schema_for(CLUSTER_TYPE),
        desired,
        listed,
        {"DBClusterIdentifier": "Orders"},
        handler.UNREADABLE,
        handler.IMMUTABLE,
    )
    assert [(c.name, c.replaces) for c in changes] == [("StorageEncrypted", True)]
    assert {"MasterUserPassword"} == handler.SENSITIVE
    assert "Tags" in handler.UNREADABLE, "DocumentDB's describe calls do not return tags"


# instances (stubbed) ----------------------------------------------------------------


def test_instance_create_list_update_wait_delete() -> None:
    handler = handler_for(INSTANCE_TYPE)
    with stubbed_api("docdb") as (api, stubber):
        queue(stubber, INSTANCE.create)
        created = handler.create(api, dict(INSTANCE.props), "token")
        assert created.physical_id == "orders-1"

        queue(stubber, INSTANCE.list_after_create)
        (listed,) = handler.list(fresh(api))
        assert listed.properties == {
            "DBInstanceIdentifier": "orders-1",
            "AutoMinorVersionUpgrade": True,
            "AvailabilityZone": f"{REGION}a",
            "CACertificateIdentifier": "rds-ca-rsa2048-g1",
            "DBClusterIdentifier": "orders",
            "DBInstanceClass": "db.t3.medium",
            "PreferredMaintenanceWindow": "sun:08:00-sun:08:30",
        }
        address = f"orders-1.c0abcdefghij.{REGION}.docdb.amazonaws.com"
        assert (listed.attributes["Endpoint"], listed.attributes["Port"]) == (address, "27017")

        larger = instance_item("orders-1", "orders", DBInstanceClass="db.r6g.large")
        arn = listed.attributes["DBInstanceArn"]
        queue(
            stubber,
            [
                Call(
                    "modify_db_instance",
                    {"DBInstance": larger},
                    {
                        "DBInstanceIdentifier": "orders-1",
                        "ApplyImmediately": True,
                        "DBInstanceClass": "db.r6g.large",
                    },
                ),
                Call("list_tags_for_resource", {"TagList": []}, {"ResourceName": arn}),
            ],
        )
        desired = {**INSTANCE.props, "DBInstanceClass": "db.r6g.large"}
        assert handler.update(api, listed, desired).properties == desired

        ready = {"DBInstances": [larger]}
        queue(
            stubber,
            [
                Call(
                    "describe_db_instances", ready, {"Filters": [_id("db-instance-id", "orders-1")]}
                ),
                Call("describe_db_instances", ready, {"DBInstanceIdentifier": "orders-1"}),
            ],
        )
        ready = handler.wait_ready(api, created)
        assert ready.attributes["Endpoint"] == address

        queue(stubber, INSTANCE.delete)
        handler.delete(api, listed)
        queue(stubber, INSTANCE.list_after_delete)
        assert list(handler.list(fresh(api))) == []
        stubber.assert_no_pending_responses()


def test_instance_needs_its_identifier_declared_and_replaces_on_a_new_cluster() -> None:
    app, stack = new_app()
    docdb.DBInstance(
        stack, "documents-1", db_cluster_identifier="orders", db_instance_class="db.t3.medium"
    )
    with pytest.raises(ValidationError, match="needs DBInstanceIdentifier declared"):
        check(app)
    handler = handler_for(INSTANCE_TYPE)
    listed = {"DBInstanceIdentifier": "orders-1", "DBClusterIdentifier": "orders"}
    changes = diff_properties(
        schema_for(INSTANCE_TYPE),
        {**listed, "DBClusterIdentifier": "payments"},
        listed,
        listed,
        handler.UNREADABLE,
        handler.IMMUTABLE,
    )
    assert [(c.name, c.replaces) for c in changes] == [("DBClusterIdentifier", True)]
    assert handler.unsupported_of({**listed, "EnablePerformanceInsights": True}) == []
    assert handler.unsupported_of({**listed, "CertificateRotationRestart": True}) == [
        "CertificateRotationRestart"
    ]
