"""Handlers for ElastiCache types."""

from landform.handlers.elasticache import cache_cluster, replication_group, subnet_group

__all__ = ["cache_cluster", "replication_group", "subnet_group"]
