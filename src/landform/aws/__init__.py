"""Typed resource classes per AWS service, generated from CloudFormation schemas."""

__all__ = ["ec2", "s3", "kms", "logs", "iam"]
