"""Handlers for S3 types."""

from landform.handlers.s3 import bucket, bucket_policy

__all__ = ["bucket", "bucket_policy"]
