"""Handlers for Lambda types."""

from landform.handlers.lambda_ import function, permission

__all__ = ["function", "permission"]
