"""Handlers for KMS types."""

from landform.handlers.kms import alias, key

__all__ = ["alias", "key"]
