"""Handlers for CloudTrail types."""

from landform.handlers.cloudtrail import trail

__all__ = ["trail"]
