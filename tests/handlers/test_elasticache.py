"""ElastiCache subnet groups, cache clusters and replication groups: created, listed,
updated in place and planned for replacement on the emulator; with botocore's Stubber,
on answers shaped as AWS documents them, where the emulator falls short: it implements
no modify_cache_cluster, modify_cache_subnet_group, delete_cache_subnet_group,
increase_replica_count or decrease_replica_count, reports no security groups of a
cluster and no member clusters of a replication group (one cluster, whatever
NumCacheClusters says), and never finishes a deletion."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.stub import Stubber

from landform import Stack
from landform.aws import ec2, elasticache, kms
from landform.engine.context import Context
from landform.errors import LandformError, ValidationError
from landform.handlers.base import Live
from landform.handlers.elasticache.common import name_of
from landform.handlers.registry import handler_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import stubbed_api
from tests.support import actions, converge, new_app, plan

SUBNETS = "shop/main/subnets"
CACHE = "shop/main/cache"
SESSIONS = "shop/main/sessions"
TOKEN = "a-secret-token-of-32-characters!"
ARN = f"arn:aws:elasticache:{REGION}:{ACCOUNT}"
CLUSTERS = handler_for("AWS::ElastiCache::CacheCluster")
GROUPS = handler_for("AWS::ElastiCache::ReplicationGroup")
SUBNET_GROUPS = handler_for("AWS::ElastiCache::SubnetGroup")


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def tags_of(aws: Any, arn: str) -> dict[str, str]:
    found = aws("elasticache").list_tags_for_resource(ResourceName=arn)["TagList"]
    return {t["Key"]: t["Value"] for t in found}


def subnet_group(stack: Stack, **extra: Any) -> elasticache.SubnetGroup:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack,
            f"subnet-{zone}",
            vpc_id=vpc.id,
            cidr_block=f"10.0.{number}.0/24",
            availability_zone=f"{REGION}{zone}",
        )
        for number, zone in enumerate("ab")
    ]
    return elasticache.SubnetGroup(
        stack,
        "subnets",
        description=extra.pop("description", "cache subnets"),
        subnet_ids=[s.id for s in subnets],
        **extra,
    )


# the emulator -----------------------------------------------------------------------


def test_subnet_group_create_update_and_replace(context: Context, aws: Any) -> None:
    app, stack = new_app()
    subnet_group(stack, tags={"Tier": "cache"})
    converge(app, context)
    name = physical_id(context, SUBNETS)
    assert name.startswith("shop-main-subnets-"), "named after its address"
    (group,) = aws("elasticache").describe_cache_subnet_groups(CacheSubnetGroupName=name)[
        "CacheSubnetGroups"
    ]
    subnets = {physical_id(context, f"shop/main/subnet-{z}") for z in "ab"}
    assert {s["SubnetIdentifier"] for s in group["Subnets"]} == subnets
    tags = tags_of(aws, group["ARN"])
    assert (tags[ADDRESS_TAG], tags["Tier"]) == (SUBNETS, "cache")

    app, stack = new_app()
    subnet_group(stack, tags={"Tier": "sessions"})
    assert actions(plan(app, context)) == {SUBNETS: "update"}
    converge(app, context)
    assert tags_of(aws, group["ARN"])["Tier"] == "sessions"

    app, stack = new_app()
    subnet_group(stack, cache_subnet_group_name="shop-cache", tags={"Tier": "sessions"})
    assert actions(plan(app, context)) == {SUBNETS: "replace"}


def test_cache_cluster_create_update_and_replace(context: Context, aws: Any) -> None:
    def declare(**extra: Any) -> Any:
        app, stack = new_app()
        elasticache.CacheCluster(
            stack,
            "cache",
            engine=extra.pop("engine", "memcached"),
            cache_node_type="cache.t3.micro",
            num_cache_nodes=2,
            cache_subnet_group_name=subnet_group(stack).id,
            **extra,
        )
        return app

    app = declare(preferred_maintenance_window="sun:05:00-sun:06:00", tags={"Tier": "cache"})
    converge(app, context)
    name = physical_id(context, CACHE)
    (cluster,) = aws("elasticache").describe_cache_clusters(CacheClusterId=name)["CacheClusters"]
    assert (cluster["Engine"], cluster["NumCacheNodes"]) == ("memcached", 2)
    assert cluster["CacheSubnetGroupName"] == physical_id(context, SUBNETS)
    assert tags_of(aws, cluster["ARN"])[ADDRESS_TAG] == CACHE

    app = declare(preferred_maintenance_window="sun:05:00-sun:06:00", tags={"Tier": "hot"})
    assert actions(plan(app, context)) == {CACHE: "update"}
    converge(app, context)
    assert tags_of(aws, cluster["ARN"])["Tier"] == "hot"

    assert actions(plan(declare(engine="redis"), context)) == {CACHE: "replace"}
    assert actions(plan(declare(port=11212), context)) == {CACHE: "replace"}


def sessions(stack: Stack, key: kms.Key, **extra: Any) -> elasticache.ReplicationGroup:
    subnets = subnet_group(stack)
    vpc = stack.resources["vpc"]
    group = ec2.SecurityGroup(stack, "cache-sg", group_description="cache", vpc_id=vpc.id)
    return elasticache.ReplicationGroup(
        stack,
        "sessions",
        replication_group_description=extra.pop("description", "sessions"),
        engine="redis",
        cache_node_type=extra.pop("cache_node_type", "cache.t3.micro"),
        num_cache_clusters=1,
        at_rest_encryption_enabled=True,
        transit_encryption_enabled=True,
        kms_key_id=extra.pop("kms_key_id", key.arn),
        auth_token=extra.pop("auth_token", TOKEN),
        cache_subnet_group_name=subnets.id,
        security_group_ids=[group.group_id],
        **extra,
    )


def test_replication_group_create_update_and_replace(context: Context, aws: Any) -> None:
    app, stack = new_app()
    sessions(stack, kms.Key(stack, "key"), tags={"Tier": "sessions"})
    first = plan(app, context)
    assert TOKEN not in json.dumps(first.as_json()), "the plan shows a digest of the token"
    converge(app, context)
    name = physical_id(context, SESSIONS)
    (group,) = aws("elasticache").describe_replication_groups(ReplicationGroupId=name)[
        "ReplicationGroups"
    ]
    assert (group["AtRestEncryptionEnabled"], group["TransitEncryptionEnabled"]) == (True, True)
    assert group["KmsKeyId"] == context.store.get("shop/main/key").attributes["Arn"]  # type: ignore[union-attr]
    assert group["AuthTokenEnabled"] is True
    assert tags_of(aws, group["ARN"])[ADDRESS_TAG] == SESSIONS
    record = context.store.get(SESSIONS)
    assert record is not None and TOKEN not in json.dumps(record.properties)
    assert TOKEN not in json.dumps(record.attributes)
    (listed,) = GROUPS.list(context.api(ACCOUNT, REGION))
    assert "AuthToken" not in listed.properties and TOKEN not in json.dumps(listed.attributes)

    app, stack = new_app()
    sessions(
        stack,
        kms.Key(stack, "key"),
        description="web sessions",
        cache_node_type="cache.t3.small",
        snapshot_retention_limit=3,
        tags={"Tier": "hot"},
    )
    assert actions(plan(app, context)) == {SESSIONS: "update"}
    converge(app, context)
    (group,) = aws("elasticache").describe_replication_groups(ReplicationGroupId=name)[
        "ReplicationGroups"
    ]
    assert (group["Description"], group["CacheNodeType"]) == ("web sessions", "cache.t3.small")
    assert group["SnapshotRetentionLimit"] == 3
    assert tags_of(aws, group["ARN"])["Tier"] == "hot"

    app, stack = new_app()
    sessions(
        stack, kms.Key(stack, "key"), description="web sessions", cache_node_type="cache.t3.small"
    )
    assert actions(plan(app, context)) == {SESSIONS: "update"}
    converge(app, context)
    (group,) = aws("elasticache").describe_replication_groups(ReplicationGroupId=name)[
        "ReplicationGroups"
    ]
    assert group["SnapshotRetentionLimit"] == 0, "an undeclared setting returns to its default"

    for change in ({"auth_token": TOKEN[::-1]}, {"kms_key_id": "alias/other"}):
        app, stack = new_app()
        sessions(
            stack,
            kms.Key(stack, "key"),
            description="web sessions",
            cache_node_type="cache.t3.small",
            **change,
        )
        assert actions(plan(app, context)) == {SESSIONS: "replace"}


def test_a_lost_create_is_adopted_but_not_the_old_copy_of_a_replacement(
    context: Context, aws: Any
) -> None:
    """create_replication_group answered "already exists": the group is this
    declaration's if it carries its tag and has its create-only properties."""
    tag = [{"Key": ADDRESS_TAG, "Value": SESSIONS}]
    aws("elasticache").create_replication_group(
        ReplicationGroupId="sessions",
        ReplicationGroupDescription="sessions",
        AtRestEncryptionEnabled=True,
        Tags=tag,
    )
    api = context.api(ACCOUNT, REGION)
    props = {
        "ReplicationGroupId": "sessions",
        "ReplicationGroupDescription": "sessions",
        "AtRestEncryptionEnabled": True,
        "Tags": tag,
    }
    assert GROUPS.create(api, props, "token").physical_id == "sessions"
    with pytest.raises(LandformError, match="exists with another AtRestEncryptionEnabled"):
        GROUPS.create(api, {**props, "AtRestEncryptionEnabled": False}, "token")
    with pytest.raises(LandformError, match="exists with another AuthToken"):
        GROUPS.create(api, {**props, "AuthToken": TOKEN}, "token")
    with pytest.raises(LandformError, match="not made by Landform for this declaration"):
        GROUPS.create(api, {**props, "Tags": [{"Key": ADDRESS_TAG, "Value": "x/y/z"}]}, "t")


def test_a_derived_name_changes_with_what_replaces_the_resource(context: Context) -> None:
    api = context.api(ACCOUNT, REGION)
    props = {"Tags": [{"Key": ADDRESS_TAG, "Value": SESSIONS}], "Port": 6379}
    replacing = ("Port", "KmsKeyId")
    name = name_of(api, props, "ReplicationGroupId", replacing, 40)
    assert len(name) <= 40 and name.startswith("shop-main-sessions-")
    assert name_of(api, {**props, "Description": "x"}, "ReplicationGroupId", replacing, 40) == name
    assert name_of(api, {**props, "Port": 6380}, "ReplicationGroupId", replacing, 40) != name
    declared = {**props, "ReplicationGroupId": "web"}
    assert name_of(api, declared, "ReplicationGroupId", replacing, 40) == "web"


def test_unmanaged_properties_are_refused_before_aws(context: Context) -> None:
    app, stack = new_app()
    elasticache.ReplicationGroup(
        stack, "sessions", replication_group_description="sessions", num_node_groups=2
    )
    with pytest.raises(ValidationError, match="does not manage NumNodeGroups"):
        plan(app, context)
    app, stack = new_app()
    elasticache.CacheCluster(
        stack,
        "cache",
        engine="memcached",
        cache_node_type="cache.t3.micro",
        num_cache_nodes=2,
        az_mode="cross-az",
    )
    with pytest.raises(ValidationError, match="does not manage AZMode"):
        plan(app, context)


# AWS's answers, where the emulator falls short ---------------------------------------


def cluster(status: str = "available", **extra: Any) -> dict[str, Any]:
    return {
        "CacheClusterId": "cache",
        "CacheNodeType": "cache.t3.micro",
        "Engine": "memcached",
        "CacheClusterStatus": status,
        "NumCacheNodes": 3,
        "ARN": f"{ARN}:cluster:cache",
        **extra,
    }


def group(status: str = "available", **extra: Any) -> dict[str, Any]:
    return {
        "ReplicationGroupId": "sessions",
        "Description": "sessions",
        "Status": status,
        "MemberClusters": ["sessions-001"],
        "AutomaticFailover": "disabled",
        "ARN": f"{ARN}:replicationgroup:sessions",
        **extra,
    }


def memcached(**props: Any) -> Live:
    base = {"ClusterName": "cache", "Engine": "memcached", "CacheNodeType": "cache.t3.micro"}
    return Live("cache", {**base, **props})


def test_cache_cluster_scales_in_place() -> None:
    cluster_id = {"CacheClusterId": "cache"}
    with stubbed_api("elasticache") as (api, stubber):
        stubber.add_response(
            "modify_cache_cluster",
            {"CacheCluster": cluster("modifying")},
            {
                **cluster_id,
                "ApplyImmediately": True,
                "NumCacheNodes": 3,
                "CacheNodeType": "cache.t3.small",
            },
        )
        have = memcached(NumCacheNodes=2)
        desired = {**have.properties, "NumCacheNodes": 3, "CacheNodeType": "cache.t3.small"}
        assert CLUSTERS.update(api, have, desired).properties == desired

        nodes = [{"CacheNodeId": f"000{n}", "CacheNodeStatus": "available"} for n in (3, 1, 2)]
        stubber.add_response(
            "describe_cache_clusters",
            {"CacheClusters": [cluster(CacheNodes=nodes)]},
            {**cluster_id, "ShowCacheNodeInfo": True},
        )
        stubber.add_response(
            "modify_cache_cluster",
            {"CacheCluster": cluster("modifying")},
            {
                **cluster_id,
                "ApplyImmediately": True,
                "NumCacheNodes": 1,
                "CacheNodeIdsToRemove": ["0002", "0003"],
            },
        )
        CLUSTERS.update(api, memcached(NumCacheNodes=3), memcached(NumCacheNodes=1).properties)
        stubber.assert_no_pending_responses()


def test_subnet_group_changes_its_subnets_in_place() -> None:
    with stubbed_api("elasticache") as (api, stubber):
        changed = {
            "CacheSubnetGroupName": "subnets",
            "CacheSubnetGroupDescription": "cache subnets",
            "SubnetIds": ["subnet-0b", "subnet-0c"],
        }
        answer = {
            "CacheSubnetGroupName": "subnets",
            "CacheSubnetGroupDescription": "cache subnets",
            "Subnets": [{"SubnetIdentifier": s} for s in changed["SubnetIds"]],
        }
        stubber.add_response("modify_cache_subnet_group", {"CacheSubnetGroup": answer}, changed)
        have = Live("subnets", {"Description": "cache subnets", "SubnetIds": ["subnet-0a"]})
        desired = {"Description": "cache subnets", "SubnetIds": ["subnet-0c", "subnet-0b"]}
        SUBNET_GROUPS.update(api, have, {**desired, "SubnetIds": changed["SubnetIds"]})
        # the same subnets in another order are no change
        SUBNET_GROUPS.update(
            api, Live("subnets", desired), {**desired, "SubnetIds": ["subnet-0b", "subnet-0c"]}
        )
        stubber.assert_no_pending_responses()


def wait_available(stubber: Stubber) -> None:
    stubber.add_response(
        "describe_replication_groups",
        {"ReplicationGroups": [group()]},
        {"ReplicationGroupId": "sessions"},
    )


def test_replicas_grow_before_failover_and_shrink_after_it() -> None:
    group_id = {"ReplicationGroupId": "sessions", "ApplyImmediately": True}
    one = Live("sessions", {"NumCacheClusters": 1, "AutomaticFailoverEnabled": False})
    two = Live("sessions", {"NumCacheClusters": 2, "AutomaticFailoverEnabled": True})
    with stubbed_api("elasticache") as (api, stubber):
        stubber.add_response(
            "increase_replica_count",
            {"ReplicationGroup": group("modifying")},
            {**group_id, "NewReplicaCount": 1},
        )
        wait_available(stubber)
        stubber.add_response(
            "modify_replication_group",
            {"ReplicationGroup": group("modifying")},
            {**group_id, "AutomaticFailoverEnabled": True},
        )
        GROUPS.update(api, one, two.properties)

        stubber.add_response(
            "modify_replication_group",
            {"ReplicationGroup": group("modifying")},
            {**group_id, "AutomaticFailoverEnabled": False},
        )
        wait_available(stubber)
        stubber.add_response(
            "decrease_replica_count",
            {"ReplicationGroup": group("modifying")},
            {**group_id, "NewReplicaCount": 0},
        )
        GROUPS.update(api, two, {"NumCacheClusters": 1})
        stubber.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("handler", "deletion", "waiter", "gone"),
    [
        (CLUSTERS, "delete_cache_cluster", "describe_cache_clusters", "CacheClusterNotFound"),
        (
            GROUPS,
            "delete_replication_group",
            "describe_replication_groups",
            "ReplicationGroupNotFoundFault",
        ),
    ],
)
def test_delete_waits_and_a_gone_resource_is_no_error(
    handler: Any, deletion: str, waiter: str, gone: str
) -> None:
    with stubbed_api("elasticache") as (api, stubber):
        stubber.add_client_error(deletion, gone, http_status_code=404)
        stubber.add_client_error(waiter, gone, http_status_code=404)
        handler.delete(api, Live("cache", {}))
        stubber.add_client_error("delete_cache_subnet_group", "CacheSubnetGroupNotFoundFault")
        SUBNET_GROUPS.delete(api, Live("subnets", {}))
        stubber.assert_no_pending_responses()


@pytest.mark.parametrize(
    ("policy", "final"), [(None, {}), ("Snapshot", {"FinalSnapshotIdentifier": "cache-final"})]
)
def test_a_group_under_deletion_policy_snapshot_keeps_a_final_snapshot(
    policy: str | None, final: dict[str, str]
) -> None:
    with stubbed_api("elasticache") as (api, stubber):
        stubber.add_response(
            "delete_replication_group",
            {"ReplicationGroup": group("deleting")},
            {"ReplicationGroupId": "cache", **final},
        )
        stubber.add_client_error(
            "describe_replication_groups", "ReplicationGroupNotFoundFault", http_status_code=404
        )
        GROUPS.delete_under(api, Live("cache", {}), policy)
        stubber.assert_no_pending_responses()


def test_cluster_list_reads_security_groups_and_skips_members_and_deletions() -> None:
    endpoint = {"Address": "cache.abc123.cfg.use1.cache.amazonaws.com", "Port": 11211}
    listed = [
        cluster(
            SecurityGroups=[{"SecurityGroupId": "sg-0b", "Status": "active"}],
            ConfigurationEndpoint=endpoint,
            CacheParameterGroup={"CacheParameterGroupName": "default.memcached1.6"},
        ),
        cluster(CacheClusterId="sessions-001", ReplicationGroupId="sessions", Engine="redis"),
        cluster("deleting", CacheClusterId="old"),
    ]
    with stubbed_api("elasticache") as (api, stubber):
        stubber.add_response(
            "describe_cache_clusters", {"CacheClusters": listed}, {"ShowCacheNodeInfo": True}
        )
        stubber.add_response(
            "list_tags_for_resource",
            {"TagList": [{"Key": ADDRESS_TAG, "Value": CACHE}]},
            {"ResourceName": f"{ARN}:cluster:cache"},
        )
        (live,) = CLUSTERS.list(api)
        stubber.assert_no_pending_responses()
    assert live.properties["VpcSecurityGroupIds"] == ["sg-0b"]
    assert live.properties["CacheParameterGroupName"] == "default.memcached1.6"
    assert (live.properties["NumCacheNodes"], live.properties["Port"]) == (3, 11211)
    assert live.attributes == {"ConfigurationEndpoint": endpoint}


def test_group_list_counts_members_and_reads_their_settings() -> None:
    primary = {"Address": "master.sessions.abc123.use1.cache.amazonaws.com", "Port": 6379}
    reader = {"Address": "replica.sessions.abc123.use1.cache.amazonaws.com", "Port": 6379}
    members = [
        {"CacheClusterId": f"sessions-00{n}", "CurrentRole": role}
        for n, role in ((1, "replica"), (2, "primary"))
    ]
    listed = group(
        MemberClusters=["sessions-001", "sessions-002"],
        AutomaticFailover="enabled",
        MultiAZ="enabled",
        AuthTokenEnabled=True,
        NodeGroups=[
            {
                "NodeGroupId": "0001",
                "PrimaryEndpoint": primary,
                "ReaderEndpoint": reader,
                "NodeGroupMembers": members,
            }
        ],
    )
    member = {
        "ReplicationGroupId": "sessions",
        "EngineVersion": "7.1",
        "PreferredMaintenanceWindow": "sun:05:00-sun:06:00",
        "CacheSubnetGroupName": "subnets",
        "SecurityGroups": [{"SecurityGroupId": "sg-0b", "Status": "active"}],
    }
    answer = [
        cluster(CacheClusterId="sessions-001", **member),
        cluster(CacheClusterId="sessions-002", **{**member, "EngineVersion": "7.1.0"}),
    ]
    with stubbed_api("elasticache") as (api, stubber):
        stubber.add_response("describe_replication_groups", {"ReplicationGroups": [listed]})
        stubber.add_response(
            "list_tags_for_resource",
            {"TagList": [{"Key": ADDRESS_TAG, "Value": SESSIONS}]},
            {"ResourceName": listed["ARN"]},
        )
        stubber.add_response(
            "describe_cache_clusters", {"CacheClusters": answer}, {"ShowCacheNodeInfo": True}
        )
        (live,) = GROUPS.list(api)
        stubber.assert_no_pending_responses()
    props = live.properties
    assert (props["NumCacheClusters"], props["AutomaticFailoverEnabled"]) == (2, True)
    assert props["MultiAZEnabled"] is True and "AuthToken" not in props
    assert props["EngineVersion"] == "7.1.0", "the primary's settings"
    assert (props["SecurityGroupIds"], props["CacheSubnetGroupName"]) == (["sg-0b"], "subnets")
    assert props["Port"] == 6379
    assert live.attributes == {"PrimaryEndPoint": primary, "ReaderEndPoint": reader}
