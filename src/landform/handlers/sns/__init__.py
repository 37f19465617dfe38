"""Handlers for SNS types."""

from landform.handlers.sns import subscription, topic

__all__ = ["subscription", "topic"]
