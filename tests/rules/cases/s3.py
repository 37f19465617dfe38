"""Cases of the S3 rules."""

from __future__ import annotations

import json
from typing import Any

from landform.rules import Unknown
from tests.conftest import ACCOUNT
from tests.rules.harness import Aws, ModelCase, RuleCases

BLOCKED = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}
POLICY = "AWS::S3::BucketPolicy"


def _account_block(aws: Aws, blocked: bool) -> str:
    """The account's public access block: all four on, or none; read as one record, named
    by the account."""
    control = aws("s3control")
    if blocked:
        control.put_public_access_block(AccountId=ACCOUNT, PublicAccessBlockConfiguration=BLOCKED)
    else:
        control.delete_public_access_block(AccountId=ACCOUNT)
    return ACCOUNT


def _bucket(aws: Aws, name: str, *, blocked: bool = False, versioned: bool = False) -> str:
    """A bucket, with its public access blocked and its versioning on as asked."""
    s3 = aws("s3")
    s3.create_bucket(Bucket=name)
    if blocked:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=BLOCKED)
    if versioned:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def _deny_insecure(**changes: Any) -> dict[str, Any]:
    """A statement denying requests without TLS (as EncryptedBucket writes it), changed."""
    statement = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": Unknown("a value joined from references is known after apply"),
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return {**statement, **changes}


def _policy(bucket: object, *statements: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return (POLICY, {"Bucket": bucket, "PolicyDocument": document})


def _bucket_with_policy(aws: Aws, name: str, deny_insecure: bool) -> str:
    """A bucket whose policy denies requests without TLS, or only allows reads."""
    arn = f"arn:aws:s3:::{name}"
    statement = _deny_insecure(Resource=[arn, f"{arn}/*"])
    if not deny_insecure:
        statement = {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "s3:GetObject",
            "Resource": f"{arn}/*",
        }
    aws("s3").create_bucket(Bucket=name)
    document = {"Version": "2012-10-17", "Statement": [statement]}
    aws("s3").put_bucket_policy(Bucket=name, Policy=json.dumps(document))
    return name


MINE = Unknown("case is known after apply", "case")
"""A reference to the bucket of the case."""
NAMED = {"BucketName": "uploads"}

CASES = {
    "LF-S3-001": RuleCases(
        "Landform::S3::AccountPublicAccessBlock",
        passing=[BLOCKED],
        failing=[
            {**BLOCKED, "RestrictPublicBuckets": False},
            dict.fromkeys(BLOCKED, False),
        ],
        live_passing=lambda aws: _account_block(aws, blocked=True),
        live_failing=lambda aws: _account_block(aws, blocked=False),
        live_in_turn=True,
    ),
    "LF-S3-002": RuleCases(
        "AWS::S3::Bucket",
        passing=[{"PublicAccessBlockConfiguration": BLOCKED}],
        failing=[
            {},
            {"PublicAccessBlockConfiguration": {**BLOCKED, "BlockPublicPolicy": False}},
            {"PublicAccessBlockConfiguration": {**BLOCKED, "IgnorePublicAcls": "false"}},
        ],
        live_passing=lambda aws: _bucket(aws, "blocked", blocked=True),
        live_failing=lambda aws: _bucket(aws, "open"),
    ),
    "LF-S3-003": RuleCases(
        "AWS::S3::Bucket",
        passing=[{"VersioningConfiguration": {"Status": "Enabled"}}],
        failing=[{}, {"VersioningConfiguration": {"Status": "Suspended"}}],
        live_passing=lambda aws: _bucket(aws, "versioned", versioned=True),
        live_failing=lambda aws: _bucket(aws, "unversioned"),
    ),
    "LF-S3-004": RuleCases(
        "AWS::S3::Bucket",
        passing=[
            ModelCase({}, neighbours=[_policy(MINE, _deny_insecure())]),
            ModelCase(
                NAMED,
                neighbours=[
                    _policy("other", {"Effect": "Allow", "Principal": "*", "Action": "s3:Get*"}),
                    _policy("uploads", _deny_insecure(Principal={"AWS": "*"}, Action=["s3:*"])),
                ],
            ),
            ModelCase(
                {},
                neighbours=[
                    _policy(
                        "case", _deny_insecure(Condition={"Bool": {"aws:securetransport": False}})
                    )
                ],
            ),
        ],
        failing=[
            NAMED,
            ModelCase(
                NAMED,
                neighbours=[
                    _policy(Unknown("other is known after apply", "other"), _deny_insecure())
                ],
            ),
            ModelCase({}, neighbours=[_policy(MINE, _deny_insecure(Effect="Allow"))]),
            ModelCase(
                {},
                neighbours=[
                    _policy(
                        MINE, _deny_insecure(Principal={"AWS": "arn:aws:iam::111122223333:root"})
                    )
                ],
            ),
            ModelCase({}, neighbours=[_policy(MINE, _deny_insecure(Action="s3:GetObject"))]),
            ModelCase(
                {},
                neighbours=[
                    _policy(
                        MINE, _deny_insecure(Condition={"Bool": {"aws:SecureTransport": "true"}})
                    )
                ],
            ),
        ],
        live_passing=lambda aws: _bucket_with_policy(aws, "tls-only", deny_insecure=True),
        live_failing=lambda aws: _bucket_with_policy(aws, "any-transport", deny_insecure=False),
        live_neighbours=(POLICY,),
    ),
}
