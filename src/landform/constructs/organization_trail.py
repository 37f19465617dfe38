"""OrganizationTrail: one CloudTrail trail for every account of the organization, writing
to an encrypted bucket in a log-archive (security) account."""

from __future__ import annotations

from typing import Any

from landform.aws import cloudtrail, kms
from landform.constructs.bucket import EncryptedBucket
from landform.errors import ValidationError
from landform.model import Ref, Stack, join
from landform.model.refs import AccountId
from landform.org.organization import Organization

CLOUDTRAIL = {"Service": "cloudtrail.amazonaws.com"}


class OrganizationTrail:
    """An AWS::CloudTrail::Trail `<name>` in the organization's stack (the management
    account): an organization trail, in every region, with log file validation, logging
    from the moment it exists.

    It writes to an EncryptedBucket `<name>-logs` in `bucket_stack` (a member account,
    usually the security or log-archive one), encrypted with a rotated KMS key
    `<name>-key` there. The key policy and the bucket policy let CloudTrail write for this
    trail only (aws:SourceArn), and leave the key's administration to its account.
    """

    def __init__(self, org: Organization, name: str, *, bucket_stack: Stack) -> None:
        log_account = _account_id(bucket_stack)
        management = org.resource.attr("ManagementAccountId")
        trail_name = f"{org.stack.app.name}-{name}"
        trail_arn = join(
            f"arn:aws:cloudtrail:{org.stack.region}:", management, f":trail/{trail_name}"
        )
        self.key = kms.Key(
            bucket_stack,
            f"{name}-key",
            description=f"Encrypts the organization trail {trail_name}",
            enable_key_rotation=True,
            key_policy=_key_policy(log_account, trail_arn),
        )
        self.bucket = EncryptedBucket(bucket_stack, f"{name}-logs", key=self.key)
        self.bucket.allow(*_trail_writes(self.bucket, trail_arn, management, org))
        self.trail = cloudtrail.Trail(
            org.stack,
            name,
            trail_name=trail_name,
            s3_bucket_name=self.bucket.name,
            kms_key_id=self.key.arn,
            is_organization_trail=True,
            is_multi_region_trail=True,
            include_global_service_events=True,
            enable_log_file_validation=True,
            is_logging=True,
            depends_on=[self.bucket.policy, org.resource],
        )


def _account_id(stack: Stack) -> str | Ref:
    account = stack.account_id
    if not isinstance(account, AccountId):
        return account
    raise ValidationError(
        "the trail's bucket belongs in a member account (a security or log-archive one)",
        where=stack.where(),
        hint="deploy bucket_stack into org.account(name) or an account id",
    )


def _key_policy(log_account: str | Ref, trail_arn: Any) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": join("arn:aws:iam::", log_account, ":root")},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudTrailEncrypts",
                "Effect": "Allow",
                "Principal": CLOUDTRAIL,
                "Action": "kms:GenerateDataKey*",
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
            },
            {
                "Sid": "CloudTrailDescribesKey",
                "Effect": "Allow",
                "Principal": CLOUDTRAIL,
                "Action": "kms:DescribeKey",
                "Resource": "*",
            },
        ],
    }


def _trail_writes(
    bucket: EncryptedBucket, trail_arn: Any, management: Any, org: Organization
) -> list[dict[str, Any]]:
    organization_id = org.resource.attr("Id")
    return [
        {
            "Sid": "CloudTrailAclCheck",
            "Effect": "Allow",
            "Principal": CLOUDTRAIL,
            "Action": "s3:GetBucketAcl",
            "Resource": bucket.arn,
            "Condition": {"StringEquals": {"aws:SourceArn": trail_arn}},
        },
        {
            "Sid": "CloudTrailWrite",
            "Effect": "Allow",
            "Principal": CLOUDTRAIL,
            "Action": "s3:PutObject",
            "Resource": [
                join(bucket.arn, "/AWSLogs/", management, "/*"),
                join(bucket.arn, "/AWSLogs/", organization_id, "/*"),
            ],
            "Condition": {
                "StringEquals": {
                    "s3:x-amz-acl": "bucket-owner-full-control",
                    "aws:SourceArn": trail_arn,
                }
            },
        },
    ]
