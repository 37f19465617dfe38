"""Handlers for RDS types (and the base DocumentDB's handlers share)."""

from landform.handlers.rds import cluster, instance, subnet_group

__all__ = ["cluster", "instance", "subnet_group"]
