"""Handlers for RAM types."""

from landform.handlers.ram import resource_share

__all__ = ["resource_share"]
