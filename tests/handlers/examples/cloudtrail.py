"""Contract examples for CloudTrail: a logging trail into a bucket of the stack."""

from __future__ import annotations

from landform.aws import cloudtrail, s3
from landform.model import Stack


def trail(stack: Stack) -> cloudtrail.Trail:
    bucket = s3.Bucket(stack, "trail-logs")
    return cloudtrail.Trail(stack, "trail", s3_bucket_name=bucket.id, is_logging=True)


EXAMPLES = {"AWS::CloudTrail::Trail": trail}
