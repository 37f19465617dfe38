"""Handlers for CloudWatch Logs types."""

from landform.handlers.logs import log_group

__all__ = ["log_group"]
