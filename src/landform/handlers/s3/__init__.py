"""Handlers for S3 types."""
