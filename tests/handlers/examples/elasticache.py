"""Contract examples for ElastiCache, stubbed: the emulator implements no
delete_cache_subnet_group, and never finishes deleting a cache cluster or a replication
group (their waiters would time out)."""

from __future__ import annotations

from typing import Any

from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import Call, StubbedContract

NAME = "shop-cache"
ARN = f"arn:aws:elasticache:{REGION}:{ACCOUNT}"


def tagged(address: str) -> list[dict[str, str]]:
    return [{"Key": "landform:address", "Value": address}]


def tags_call(arn: str, address: str) -> Call:
    return Call("list_tags_for_resource", {"TagList": tagged(address)}, {"ResourceName": arn})


GROUP = {
    "CacheSubnetGroupName": NAME,
    "CacheSubnetGroupDescription": "cache",
    "VpcId": "vpc-0a1b2c3d4e5f60718",
    "Subnets": [{"SubnetIdentifier": "subnet-0a1b2c3d4e5f60718"}],
    "ARN": f"{ARN}:subnetgroup:{NAME}",
}
GROUP_ADDRESS = "shop/main/subnetgroup"


def cluster(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "CacheClusterId": NAME,
        "CacheNodeType": "cache.t3.micro",
        "Engine": "memcached",
        "EngineVersion": "1.6.22",
        "CacheClusterStatus": status,
        "NumCacheNodes": 2,
        "ARN": f"{ARN}:cluster:{NAME}",
        **extra,
    }


CLUSTER_ADDRESS = "shop/main/cachecluster"
CONFIGURATION = {"Address": f"{NAME}.abc123.cfg.use1.cache.amazonaws.com", "Port": 11211}
CLUSTER_ID = {"CacheClusterId": NAME}


def group(status: str, **extra: Any) -> dict[str, Any]:
    return {
        "ReplicationGroupId": NAME,
        "Description": "sessions",
        "Status": status,
        "MemberClusters": [f"{NAME}-001"],
        "AutomaticFailover": "disabled",
        "MultiAZ": "disabled",
        "CacheNodeType": "cache.t3.micro",
        "AtRestEncryptionEnabled": True,
        "TransitEncryptionEnabled": True,
        "Engine": "redis",
        "ARN": f"{ARN}:replicationgroup:{NAME}",
        **extra,
    }


GROUP_ID = {"ReplicationGroupId": NAME}
GROUP_GONE = "ReplicationGroupNotFoundFault"
REPLICATION_ADDRESS = "shop/main/replicationgroup"

STUBBED = {
    "AWS::ElastiCache::SubnetGroup": StubbedContract(
        service="elasticache",
        props={
            "CacheSubnetGroupName": NAME,
            "Description": "cache",
            "SubnetIds": ["subnet-0a1b2c3d4e5f60718"],
        },
        create=[
            Call(
                "create_cache_subnet_group",
                {"CacheSubnetGroup": GROUP},
                {
                    "CacheSubnetGroupName": NAME,
                    "CacheSubnetGroupDescription": "cache",
                    "SubnetIds": ["subnet-0a1b2c3d4e5f60718"],
                    "Tags": tagged(GROUP_ADDRESS),
                },
            )
        ],
        list_after_create=[
            Call("describe_cache_subnet_groups", {"CacheSubnetGroups": [GROUP]}),
            tags_call(GROUP["ARN"], GROUP_ADDRESS),
        ],
        delete=[Call("delete_cache_subnet_group", {}, {"CacheSubnetGroupName": NAME})],
        list_after_delete=[Call("describe_cache_subnet_groups", {"CacheSubnetGroups": []})],
        delete_again=[
            Call(
                "delete_cache_subnet_group",
                {},
                {"CacheSubnetGroupName": NAME},
                error="CacheSubnetGroupNotFoundFault",
            )
        ],
        physical_id=NAME,
    ),
    "AWS::ElastiCache::CacheCluster": StubbedContract(
        service="elasticache",
        props={
            "ClusterName": NAME,
            "Engine": "memcached",
            "CacheNodeType": "cache.t3.micro",
            "NumCacheNodes": 2,
        },
        create=[
            Call(
                "create_cache_cluster",
                {"CacheCluster": cluster("creating")},
                {
                    "CacheClusterId": NAME,
                    "Engine": "memcached",
                    "CacheNodeType": "cache.t3.micro",
                    "NumCacheNodes": 2,
                    "Tags": tagged(CLUSTER_ADDRESS),
                },
            )
        ],
        list_after_create=[
            Call(
                "describe_cache_clusters",
                {"CacheClusters": [cluster("available", ConfigurationEndpoint=CONFIGURATION)]},
                {"ShowCacheNodeInfo": True},
            ),
            tags_call(cluster("available")["ARN"], CLUSTER_ADDRESS),
        ],
        delete=[
            Call("delete_cache_cluster", {"CacheCluster": cluster("deleting")}, CLUSTER_ID),
            Call("describe_cache_clusters", {"CacheClusters": [cluster("deleted")]}, CLUSTER_ID),
        ],
        list_after_delete=[
            Call("describe_cache_clusters", {"CacheClusters": []}, {"ShowCacheNodeInfo": True})
        ],
        delete_again=[
            Call("delete_cache_cluster", {}, CLUSTER_ID, error="CacheClusterNotFound"),
            Call("describe_cache_clusters", {}, CLUSTER_ID, error="CacheClusterNotFound"),
        ],
        physical_id=NAME,
    ),
    "AWS::ElastiCache::ReplicationGroup": StubbedContract(
        service="elasticache",
        props={
            "ReplicationGroupId": NAME,
            "ReplicationGroupDescription": "sessions",
            "CacheNodeType": "cache.t3.micro",
            "AtRestEncryptionEnabled": True,
            "TransitEncryptionEnabled": True,
        },
        create=[
            Call(
                "create_replication_group",
                {"ReplicationGroup": group("creating")},
                {
                    "ReplicationGroupId": NAME,
                    "ReplicationGroupDescription": "sessions",
                    "CacheNodeType": "cache.t3.micro",
                    "AtRestEncryptionEnabled": True,
                    "TransitEncryptionEnabled": True,
                    "Tags": tagged(REPLICATION_ADDRESS),
                },
            )
        ],
        list_after_create=[
            Call("describe_replication_groups", {"ReplicationGroups": [group("available")]}),
            tags_call(group("available")["ARN"], REPLICATION_ADDRESS),
            Call(
                "describe_cache_clusters",
                {"CacheClusters": [cluster("available", CacheClusterId=f"{NAME}-001")]},
                {"ShowCacheNodeInfo": True},
            ),
        ],
        delete=[
            Call("delete_replication_group", {"ReplicationGroup": group("deleting")}, GROUP_ID),
            Call(
                "describe_replication_groups",
                {"ReplicationGroups": [group("deleted")]},
                GROUP_ID,
            ),
        ],
        list_after_delete=[Call("describe_replication_groups", {"ReplicationGroups": []})],
        delete_again=[
            Call("delete_replication_group", {}, GROUP_ID, error=GROUP_GONE),
            Call("describe_replication_groups", {}, GROUP_ID, error=GROUP_GONE),
        ],
        physical_id=NAME,
    ),
}
