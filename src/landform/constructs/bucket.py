"""EncryptedBucket: a private S3 bucket, encrypted, versioned and reachable over TLS only."""

from __future__ import annotations

from typing import Any

from landform.aws import kms, s3
from landform.constructs.lifecycle import Lifecycle
from landform.constructs.retention import ConstructPolicy, declared_since, keep_together
from landform.model import Ref, Stack, join

LOG_DELIVERY = {"Service": "delivery.logs.amazonaws.com"}


class EncryptedBucket:
    """An AWS::S3::Bucket `<name>` and its AWS::S3::BucketPolicy `<name>-policy`.

    The bucket encrypts objects with `key` (aws:kms, with an S3 Bucket Key), or with
    S3-managed keys (AES256) when `key` is None; blocks all public access; keeps versions
    unless `versioned=False`; and archives objects by `lifecycle`. The policy denies every
    request not sent over TLS and, with `log_delivery=True`, lets AWS log delivery
    (VPC flow logs and the like) write under `AWSLogs/` — a KMS key's own policy must
    then let delivery.logs.amazonaws.com use the key too.

    `deletion_policy="Retain"` keeps everything it declares in AWS once it leaves the
    model, is destroyed or is replaced, so the data stays usable (landform.constructs.retention).
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        key: kms.Key | None,
        versioned: bool = True,
        lifecycle: Lifecycle | None = None,
        bucket_name: str | None = None,
        log_delivery: bool = False,
        deletion_policy: ConstructPolicy | None = None,
    ) -> None:
        mark = declared_since(stack)
        self.bucket = s3.Bucket(
            stack,
            name,
            bucket_name=bucket_name,
            bucket_encryption={"ServerSideEncryptionConfiguration": [_encryption(key)]},
            public_access_block_configuration={
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            versioning_configuration={"Status": "Enabled" if versioned else "Suspended"},
            lifecycle_configuration=lifecycle.configuration() if lifecycle else None,
        )
        statements = [_deny_insecure_transport(self.bucket)]
        if log_delivery:
            statements += _log_delivery(self.bucket)
        self.policy = s3.BucketPolicy(
            stack,
            f"{name}-policy",
            bucket=self.bucket.id,
            policy_document={"Version": "2012-10-17", "Statement": statements},
        )
        keep_together(stack, name, mark, deletion_policy)

    def allow(self, *statements: dict[str, Any]) -> None:
        """Add statements to the bucket policy (say, for a service that writes logs)."""
        self.policy.properties["PolicyDocument"]["Statement"].extend(statements)

    @property
    def arn(self) -> Ref:
        return self.bucket.arn

    @property
    def name(self) -> Ref:
        """The bucket's name (what CloudFormation's Ref returns)."""
        return self.bucket.id


def _encryption(key: kms.Key | None) -> dict[str, Any]:
    if key is None:
        return {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    return {
        "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key.arn},
        "BucketKeyEnabled": True,
    }


def _deny_insecure_transport(bucket: s3.Bucket) -> dict[str, Any]:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [bucket.arn, join(bucket.arn, "/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def _log_delivery(bucket: s3.Bucket) -> list[dict[str, Any]]:
    return [
        {
            "Sid": "AWSLogDeliveryWrite",
            "Effect": "Allow",
            "Principal": LOG_DELIVERY,
            "Action": "s3:PutObject",
            "Resource": join(bucket.arn, "/AWSLogs/*"),
            "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}},
        },
        {
            "Sid": "AWSLogDeliveryAclCheck",
            "Effect": "Allow",
            "Principal": LOG_DELIVERY,
            "Action": ["s3:GetBucketAcl", "s3:ListBucket"],
            "Resource": bucket.arn,
        },
    ]
