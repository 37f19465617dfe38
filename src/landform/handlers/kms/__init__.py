"""Handlers for KMS types."""
