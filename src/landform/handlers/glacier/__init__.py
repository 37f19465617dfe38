"""Handlers for S3 Glacier types."""

from landform.handlers.glacier import vault

__all__ = ["vault"]
