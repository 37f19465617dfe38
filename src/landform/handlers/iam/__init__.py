"""Handlers for IAM types."""

from landform.handlers.iam import role

__all__ = ["role"]
