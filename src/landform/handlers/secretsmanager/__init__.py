"""Handlers for Secrets Manager types."""

from landform.handlers.secretsmanager import secret

__all__ = ["secret"]
