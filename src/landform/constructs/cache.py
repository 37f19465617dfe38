"""Cache: Redis or Memcached on ElastiCache, in a network's private subnets."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, cast, get_args

from landform.aws import ec2, elasticache, kms
from landform.constructs.arguments import argument_error, check_choice
from landform.constructs.network import Network
from landform.constructs.retention import ConstructPolicy, declared_since, keep_together
from landform.model import Input, Stack

Engine = Literal["redis", "memcached"]
PORTS: dict[str, int] = {"redis": 6379, "memcached": 11211}
MOST_NODES: dict[str, int] = {"redis": 6, "memcached": 40}
"""A Redis group has a primary and up to five replicas; a Memcached cluster up to 40 nodes."""


class Cache:
    """An ElastiCache cache reachable only from `allowed_security_groups`.

    Creates, with logical ids `<name>-<part>`:
    - a cache subnet group (`subnets`) over the network's private subnets;
    - a security group (`sg`) in the network's VPC admitting TCP on the engine's port
      (`port`: 6379 for Redis, 11211 for Memcached) from each allowed security group
      (resources or ids) and from nothing else;
    - for `engine="redis"`, a replication group `<name>` of `nodes` clusters (a primary
      and its replicas) encrypted at rest, with `key` when given (else the AWS managed
      key), and in transit, failing over automatically when it has replicas;
    - for `engine="memcached"`, a cache cluster `<name>` of `nodes` nodes.

    Attributes: `replication_group` (Redis) or `cluster` (Memcached), the other None;
    `security_group`, `subnet_group`, `port`.

    `deletion_policy="Retain"` keeps everything it declares in AWS once it leaves the
    model, is destroyed or is replaced, so the data stays usable (landform.constructs.retention).
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        network: Network,
        engine: Engine = "redis",
        node_type: str = "cache.t3.micro",
        nodes: int = 2,
        allowed_security_groups: Iterable[ec2.SecurityGroup | Input[str]] = (),
        key: kms.Key | None = None,
        deletion_policy: ConstructPolicy | None = None,
    ) -> None:
        mark = declared_since(stack)
        check_choice(stack, name, "engine", engine, get_args(Engine))
        if not 1 <= nodes <= MOST_NODES[engine]:
            raise argument_error(
                stack,
                name,
                f"nodes={nodes} is not possible for {engine}",
                hint=f"use from 1 to {MOST_NODES[engine]} nodes",
            )
        if key is not None and engine != "redis":
            raise argument_error(
                stack,
                name,
                f"{engine} does not encrypt at rest, so it takes no key",
                hint="leave key out, or use engine='redis'",
            )
        self.port = PORTS[engine]
        self.subnet_group = elasticache.SubnetGroup(
            stack,
            f"{name}-subnets",
            description=f"Cache {name}: private subnets",
            subnet_ids=_ids(subnet.id for subnet in network.private_subnets),
        )
        self.security_group = ec2.SecurityGroup(
            stack,
            f"{name}-sg",
            group_description=f"Cache {name}: {engine} on port {self.port}",
            vpc_id=network.vpc.id,
            security_group_ingress=[
                {
                    "IpProtocol": "tcp",
                    "FromPort": self.port,
                    "ToPort": self.port,
                    "SourceSecurityGroupId": _group_id(group),
                    "Description": f"{engine} clients",
                }
                for group in allowed_security_groups
            ],
        )
        self.replication_group: elasticache.ReplicationGroup | None = None
        self.cluster: elasticache.CacheCluster | None = None
        if engine == "redis":
            self.replication_group = elasticache.ReplicationGroup(
                stack,
                name,
                replication_group_description=f"Cache {name}",
                engine="redis",
                cache_node_type=node_type,
                num_cache_clusters=nodes,
                automatic_failover_enabled=nodes > 1,
                at_rest_encryption_enabled=True,
                transit_encryption_enabled=True,
                kms_key_id=key.arn if key is not None else None,
                cache_subnet_group_name=self.subnet_group.id,
                security_group_ids=_ids([self.security_group.group_id]),
            )
        else:
            self.cluster = elasticache.CacheCluster(
                stack,
                name,
                engine="memcached",
                cache_node_type=node_type,
                num_cache_nodes=nodes,
                cache_subnet_group_name=self.subnet_group.id,
                vpc_security_group_ids=_ids([self.security_group.group_id]),
            )
        keep_together(stack, name, mark, deletion_policy)


def _ids(items: Iterable[Input[str]]) -> list[str]:
    """Ids and references to ids, typed as the typed classes take lists (they accept a
    reference for a whole list, not a list of references)."""
    return cast("list[str]", list(items))


def _group_id(group: ec2.SecurityGroup | Input[str]) -> Input[str]:
    return group.group_id if isinstance(group, ec2.SecurityGroup) else group
