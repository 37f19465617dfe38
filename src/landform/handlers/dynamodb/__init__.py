"""Handlers for DynamoDB types."""

from landform.handlers.dynamodb import table

__all__ = ["table"]
