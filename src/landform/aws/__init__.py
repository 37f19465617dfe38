"""Typed resource classes per AWS service, generated from CloudFormation schemas."""

__all__ = [
    "ec2",
    "s3",
    "kms",
    "logs",
    "iam",
    "ecs",
    "eks",
    "lambda_",
    "elasticloadbalancingv2",
    "rds",
    "dynamodb",
    "elasticache",
    "docdb",
    "efs",
    "glacier",
    "sns",
    "secretsmanager",
    "cloudwatch",
]
