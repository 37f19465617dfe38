"""Contract examples for Landform's account settings: EBS encryption by default in a
region, and an account's password policy and S3 public access block."""

from __future__ import annotations

from landform.aws import ec2, iam, s3
from tests.handlers.contract import Declare

EXAMPLES: dict[str, Declare] = {
    "Landform::EC2::EbsDefaults": lambda stack: ec2.EbsDefaults(
        stack, "ebs-defaults", ebs_encryption_by_default=True
    ),
    "Landform::IAM::PasswordPolicy": lambda stack: iam.PasswordPolicy(
        stack, "password-policy", minimum_password_length=14, password_reuse_prevention=24
    ),
    "Landform::S3::AccountPublicAccessBlock": lambda stack: s3.AccountPublicAccessBlock(
        stack, "public-access-block", block_public_acls=True, block_public_policy=True
    ),
}
