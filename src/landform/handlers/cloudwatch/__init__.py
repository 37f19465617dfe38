"""Handlers for CloudWatch types."""

from landform.handlers.cloudwatch import alarm

__all__ = ["alarm"]
