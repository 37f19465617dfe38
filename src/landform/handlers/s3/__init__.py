"""Handlers for S3 types."""

from landform.handlers.s3 import account_public_access_block, bucket, bucket_policy

__all__ = ["account_public_access_block", "bucket", "bucket_policy"]
