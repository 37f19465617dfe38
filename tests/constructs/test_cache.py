"""Cache: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from landform import Stack
from landform.aws import ec2, kms
from landform.constructs import Network
from landform.constructs.cache import Cache
from landform.engine.apply import apply_plan
from landform.engine.context import Context
from landform.errors import LandformError
from tests.support import converge, plan


def network(stack: Stack) -> Network:
    return Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)


def app_group(stack: Stack, net: Network) -> ec2.SecurityGroup:
    return ec2.SecurityGroup(stack, "app", group_description="app", vpc_id=net.vpc.id)


# model ------------------------------------------------------------------------------


def test_redis_is_encrypted_private_and_fails_over(stack: Stack) -> None:
    net = network(stack)
    app = app_group(stack, net)
    key = kms.Key(stack, "key")
    cache = Cache(stack, "sessions", network=net, allowed_security_groups=[app], key=key)
    assert cache.cluster is None and cache.replication_group is not None
    assert cache.replication_group.logical_id == "sessions"
    assert cache.replication_group.properties == {
        "ReplicationGroupDescription": "Cache sessions",
        "Engine": "redis",
        "CacheNodeType": "cache.t3.micro",
        "NumCacheClusters": 2,
        "AutomaticFailoverEnabled": True,
        "AtRestEncryptionEnabled": True,
        "TransitEncryptionEnabled": True,
        "KmsKeyId": key.arn,
        "CacheSubnetGroupName": cache.subnet_group.id,
        "SecurityGroupIds": [cache.security_group.group_id],
    }
    assert cache.subnet_group.logical_id == "sessions-subnets"
    assert cache.subnet_group.properties["SubnetIds"] == [s.id for s in net.private_subnets]
    assert cache.port == 6379
    assert cache.security_group.logical_id == "sessions-sg"
    assert cache.security_group.properties["VpcId"] == net.vpc.id
    assert cache.security_group.properties["SecurityGroupIngress"] == [
        {
            "IpProtocol": "tcp",
            "FromPort": 6379,
            "ToPort": 6379,
            "SourceSecurityGroupId": app.group_id,
            "Description": "redis clients",
        }
    ]


def test_one_redis_node_has_no_failover_and_no_key_means_the_aws_managed_key(
    stack: Stack,
) -> None:
    cache = Cache(stack, "sessions", network=network(stack), nodes=1, node_type="cache.m7g.large")
    assert cache.replication_group is not None
    properties = cache.replication_group.properties
    assert (properties["NumCacheClusters"], properties["AutomaticFailoverEnabled"]) == (1, False)
    assert properties["CacheNodeType"] == "cache.m7g.large"
    assert "KmsKeyId" not in properties and properties["AtRestEncryptionEnabled"] is True
    assert cache.security_group.properties["SecurityGroupIngress"] == [], "admits nothing"


def test_memcached_is_a_cache_cluster(stack: Stack) -> None:
    net = network(stack)
    cache = Cache(
        stack,
        "pages",
        network=net,
        engine="memcached",
        nodes=3,
        allowed_security_groups=["sg-0123456789abcdef0", app_group(stack, net)],
    )
    assert cache.replication_group is None and cache.cluster is not None
    assert cache.cluster.properties == {
        "Engine": "memcached",
        "CacheNodeType": "cache.t3.micro",
        "NumCacheNodes": 3,
        "CacheSubnetGroupName": cache.subnet_group.id,
        "VpcSecurityGroupIds": [cache.security_group.group_id],
    }
    assert cache.port == 11211
    ingress = cache.security_group.properties["SecurityGroupIngress"]
    assert [(r["FromPort"], r["SourceSecurityGroupId"]) for r in ingress] == [
        (11211, "sg-0123456789abcdef0"),
        (11211, stack.resources["app"].group_id),  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"engine": "valkey"}, "engine='valkey' is not one of the choices"),
        ({"nodes": 0}, "nodes=0 is not possible for redis"),
        ({"nodes": 7}, "nodes=7 is not possible for redis"),
        ({"engine": "memcached", "nodes": 41}, "nodes=41 is not possible for memcached"),
        ({"engine": "memcached", "key": "key"}, "memcached does not encrypt at rest"),
    ],
)
def test_bad_arguments_say_where(stack: Stack, arguments: dict[str, Any], message: str) -> None:
    net = network(stack)
    if arguments.get("key") == "key":
        arguments = {**arguments, "key": kms.Key(stack, "key")}
    with pytest.raises(LandformError, match=message) as raised:
        Cache(stack, "sessions", network=net, **arguments)
    where = raised.value.where
    assert where is not None
    assert Path(__file__).name in str(where.source)
    assert (where.stack, where.logical_id) == ("main", "sessions")
    assert "sessions" not in stack.resources, "nothing declared"


# emulator ---------------------------------------------------------------------------


def test_redis_on_the_emulator(stack: Stack, context: Context, aws: Any) -> None:
    """One node: the emulator makes one cluster whatever NumCacheClusters says, so two
    could not read back as declared (the handler's tests cover that with AWS's answers)."""
    net = network(stack)
    app = app_group(stack, net)
    Cache(
        stack,
        "sessions",
        network=net,
        nodes=1,
        allowed_security_groups=[app],
        key=kms.Key(stack, "key"),
    )
    converge(stack.app, context)

    def physical_id(address: str) -> str:
        record = context.store.get(f"shop/main/{address}")
        assert record is not None
        return record.physical_id

    (group,) = aws("elasticache").describe_replication_groups(
        ReplicationGroupId=physical_id("sessions")
    )["ReplicationGroups"]
    assert (group["AtRestEncryptionEnabled"], group["TransitEncryptionEnabled"]) == (True, True)
    assert group["KmsKeyId"] == context.store.get("shop/main/key").attributes["Arn"]  # type: ignore[union-attr]
    (subnets,) = aws("elasticache").describe_cache_subnet_groups(
        CacheSubnetGroupName=physical_id("sessions-subnets")
    )["CacheSubnetGroups"]
    private = {physical_id(f"net-private-{zone}") for zone in "ab"}
    assert {s["SubnetIdentifier"] for s in subnets["Subnets"]} == private
    (sg,) = aws("ec2").describe_security_groups(GroupIds=[physical_id("sessions-sg")])[
        "SecurityGroups"
    ]
    assert sg["VpcId"] == physical_id("net-vpc")
    (rule,) = sg["IpPermissions"]
    assert (rule["IpProtocol"], rule["FromPort"], rule["ToPort"]) == ("tcp", 6379, 6379)
    assert [p["GroupId"] for p in rule["UserIdGroupPairs"]] == [physical_id("app")]
    assert rule["IpRanges"] == []


def test_memcached_on_the_emulator(stack: Stack, context: Context, aws: Any) -> None:
    """Applied, not converged: the emulator reports no security groups of a cluster, so a
    second plan would see them changed (the handler's tests read them from AWS's answers)."""
    net = network(stack)
    Cache(
        stack,
        "pages",
        network=net,
        engine="memcached",
        allowed_security_groups=[app_group(stack, net)],
    )
    apply_plan(context, plan(stack.app, context))
    record = context.store.get("shop/main/pages")
    assert record is not None
    (cluster,) = aws("elasticache").describe_cache_clusters(CacheClusterId=record.physical_id)[
        "CacheClusters"
    ]
    assert (cluster["Engine"], cluster["NumCacheNodes"]) == ("memcached", 2)
    subnets = context.store.get("shop/main/pages-subnets")
    assert subnets is not None and cluster["CacheSubnetGroupName"] == subnets.physical_id
