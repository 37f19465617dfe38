"""DocumentDatabase: the resources it declares, and its plan on the emulator (which does
not serve DocumentDB clusters: nothing is applied)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from landform import App, Ref, Stack, ValidationError
from landform.aws import ec2, kms
from landform.constructs.document_database import DocumentDatabase
from landform.constructs.network import Network
from landform.engine.context import Context
from tests.conftest import REGION, TAGS
from tests.support import actions, new_app, plan

HOUSE_TAGS = [{"Key": key, "Value": value} for key, value in sorted(TAGS.items())]


def network(stack: Stack) -> Network:
    return Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)


def declare(stack: Stack, **args: Any) -> DocumentDatabase:
    net = network(stack)
    app_sg = ec2.SecurityGroup(stack, "app", group_description="app servers", vpc_id=net.vpc.id)
    return DocumentDatabase(
        stack,
        "documents",
        network=net,
        allowed_security_groups=[app_sg],
        **args,
    )


def test_an_encrypted_cluster_with_a_managed_password(stack: Stack) -> None:
    docs = declare(stack, instances=2)
    cluster = docs.cluster
    assert (cluster.type_name, cluster.logical_id) == ("AWS::DocDB::DBCluster", "documents")
    identifier = cluster.properties["DBClusterIdentifier"]
    assert identifier.startswith("shop-main-documents-")
    assert cluster.properties == {
        "DBClusterIdentifier": identifier,
        "MasterUsername": "dbadmin",
        "ManageMasterUserPassword": True,
        "StorageEncrypted": True,
        "KmsKeyId": docs.key.arn,
        "DBSubnetGroupName": docs.subnet_group.id,
        "VpcSecurityGroupIds": [docs.security_group.group_id],
        "DeletionProtection": False,
        "BackupRetentionPeriod": 7,
        "Tags": HOUSE_TAGS,
    }
    assert [i.logical_id for i in docs.instances] == ["documents-1", "documents-2"]
    names = [i.properties["DBInstanceIdentifier"] for i in docs.instances]
    assert [n.startswith(f"shop-main-documents-{k}-") for k, n in enumerate(names, 1)] == [True] * 2
    for instance, name in zip(docs.instances, names, strict=True):
        assert instance.type_name == "AWS::DocDB::DBInstance"
        assert instance.properties == {
            "DBInstanceIdentifier": name,
            "DBClusterIdentifier": cluster.id,
            "DBInstanceClass": "db.t3.medium",
            "Tags": HOUSE_TAGS,
        }
    assert (docs.port, docs.endpoint) == (27017, Ref(cluster, "Endpoint"))
    assert docs.key.properties["EnableKeyRotation"] is True


def test_subnets_and_security_group(stack: Stack) -> None:
    docs = declare(stack)
    group = docs.subnet_group
    assert group.type_name == "AWS::DocDB::DBSubnetGroup"
    private = [stack.resources[f"net-private-{zone}"] for zone in "ab"]
    assert group.properties["SubnetIds"] == [subnet.id for subnet in private]
    (rule,) = docs.security_group.properties["SecurityGroupIngress"]
    app_sg = stack.resources["app"]
    assert isinstance(app_sg, ec2.SecurityGroup)
    assert rule == {
        "IpProtocol": "tcp",
        "FromPort": 27017,
        "ToPort": 27017,
        "SourceSecurityGroupId": app_sg.group_id,
        "Description": "docdb clients",
    }
    assert docs.security_group.properties["SecurityGroupEgress"] == []


def test_identifiers_are_the_same_on_every_run() -> None:
    """They are how Landform finds the cluster and instances again (no tags)."""
    found = []
    for _ in range(2):
        _, stack = new_app()
        docs = declare(stack, instances=2)
        ids = [docs.cluster.properties["DBClusterIdentifier"]]
        found.append(ids + [i.properties["DBInstanceIdentifier"] for i in docs.instances])
    assert found[0] == found[1]
    assert len(set(found[0])) == 3


def test_production_protects_the_cluster_and_a_given_key_is_used() -> None:
    app = App("shop", tags={**TAGS, "Environment": "production"})
    stack = app.stack("main", region=REGION)
    key = kms.Key(stack, "shared")
    docs = declare(stack, key=key)
    assert docs.cluster.properties["DeletionProtection"] is True
    assert docs.cluster.properties["KmsKeyId"] == key.arn
    assert "documents-key" not in stack.resources


def test_a_cluster_needs_an_instance(stack: Stack) -> None:
    with pytest.raises(ValidationError, match="instances=0"):
        declare(stack, instances=0)


def test_plan_on_the_emulator(context: Context) -> None:
    app, stack = new_app()
    declare(stack, instances=2)
    planned = plan(app, context)
    creates = actions(planned)
    assert set(creates.values()) == {"create"}
    kinds = Counter(c.type_name for c in planned.changes if c.type_name.startswith("AWS::DocDB"))
    assert kinds == Counter(
        {"AWS::DocDB::DBSubnetGroup": 1, "AWS::DocDB::DBCluster": 1, "AWS::DocDB::DBInstance": 2}
    )
    (cluster,) = [c for c in planned.changes if c.address == "shop/main/documents"]
    assert cluster.properties is not None
    assert cluster.properties["ManageMasterUserPassword"] is True
    assert cluster.properties["DBClusterIdentifier"].startswith("shop-main-documents-")
    assert cluster.properties["KmsKeyId"] == {"Fn::GetAtt": ["shop/main/documents-key", "Arn"]}
    assert '"MasterUserPassword"' not in json.dumps(planned.as_json())
