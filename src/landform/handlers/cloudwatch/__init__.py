"""Handlers for CloudWatch types."""

from landform.handlers.cloudwatch import alarm, dashboard

__all__ = ["alarm", "dashboard"]
