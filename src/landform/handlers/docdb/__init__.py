"""Handlers for DocumentDB types (on the RDS handlers' base: one API)."""

from landform.handlers.docdb import cluster, instance, subnet_group

__all__ = ["cluster", "instance", "subnet_group"]
