"""EncryptedBucket: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from landform import Stack, ValidationError, join
from landform.aws import kms
from landform.constructs import EncryptedBucket, Lifecycle
from landform.engine.context import Context
from tests.support import converge, destroy

# model ------------------------------------------------------------------------------


def test_bucket_is_kms_encrypted_private_and_versioned(stack: Stack) -> None:
    key = kms.Key(stack, "key")
    assets = EncryptedBucket(stack, "assets", key=key)
    assert assets.bucket.logical_id == "assets"
    assert assets.bucket.properties == {
        "BucketEncryption": {
            "ServerSideEncryptionConfiguration": [
                {
                    "ServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key.arn,
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
        "PublicAccessBlockConfiguration": {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        },
        "VersioningConfiguration": {"Status": "Enabled"},
    }
    assert assets.bucket.dependencies() == [key]
    assert (assets.arn, assets.name) == (assets.bucket.arn, assets.bucket.id)


def test_policy_denies_requests_without_tls(stack: Stack) -> None:
    assets = EncryptedBucket(stack, "assets", key=kms.Key(stack, "key"))
    assert assets.policy.logical_id == "assets-policy"
    assert assets.policy.properties["Bucket"] == assets.bucket.id
    (statement,) = assets.policy.properties["PolicyDocument"]["Statement"]
    assert statement == {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [assets.bucket.arn, join(assets.bucket.arn, "/*")],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    assert assets.policy.dependencies() == [assets.bucket]


def test_options(stack: Stack) -> None:
    archived = EncryptedBucket(
        stack,
        "archive",
        key=kms.Key(stack, "key"),
        versioned=False,
        bucket_name="shop-archive-123",
        lifecycle=Lifecycle(glacier_after_days=90, deep_archive_after_days=365),
    )
    properties = archived.bucket.properties
    assert properties["BucketName"] == "shop-archive-123"
    assert properties["VersioningConfiguration"] == {"Status": "Suspended"}
    steps = [
        {"StorageClass": "GLACIER", "TransitionInDays": 90},
        {"StorageClass": "DEEP_ARCHIVE", "TransitionInDays": 365},
    ]
    assert properties["LifecycleConfiguration"] == {
        "Rules": [
            {
                "Id": "archive",
                "Status": "Enabled",
                "Transitions": steps,
                "NoncurrentVersionTransitions": steps,
            }
        ]
    }


def test_lifecycle_with_one_step() -> None:
    (rule,) = Lifecycle(deep_archive_after_days=180).configuration()["Rules"]
    assert rule["Transitions"] == [{"StorageClass": "DEEP_ARCHIVE", "TransitionInDays": 180}]


@pytest.mark.parametrize(("days", "message"), [
    ({}, "needs glacier_after_days, deep_archive_after_days or both"),
    ({"glacier_after_days": -1}, "cannot be negative"),
    ({"glacier_after_days": 365, "deep_archive_after_days": 90}, "must be later than"),
    ({"glacier_after_days": 90, "deep_archive_after_days": 90}, "must be later than"),
])  # fmt: skip
def test_bad_lifecycle(days: dict[str, int], message: str) -> None:
    with pytest.raises(ValidationError, match=message) as raised:
        Lifecycle(**days)
    assert raised.value.where is not None
    assert Path(__file__).name in str(raised.value.where.source)


def test_s3_managed_keys_and_log_delivery(stack: Stack) -> None:
    logs = EncryptedBucket(stack, "logs", key=None, log_delivery=True)
    (rule,) = logs.bucket.properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule == {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
    statements = logs.policy.properties["PolicyDocument"]["Statement"]
    by_sid = {s["Sid"]: s for s in statements}
    assert by_sid.keys() == {
        "DenyInsecureTransport",
        "AWSLogDeliveryWrite",
        "AWSLogDeliveryAclCheck",
    }
    write = by_sid["AWSLogDeliveryWrite"]
    assert write["Principal"] == {"Service": "delivery.logs.amazonaws.com"}
    assert write["Action"] == "s3:PutObject"
    assert write["Resource"] == join(logs.bucket.arn, "/AWSLogs/*")


# emulator ---------------------------------------------------------------------------


def test_encrypted_bucket_on_the_emulator(stack: Stack, context: Context, aws: Any) -> None:
    key = kms.Key(stack, "key", description="bucket key", enable_key_rotation=True)
    EncryptedBucket(
        stack,
        "assets",
        key=key,
        bucket_name="shop-assets-e2e",
        lifecycle=Lifecycle(glacier_after_days=30, deep_archive_after_days=180),
    )
    converge(stack.app, context)
    s3 = aws("s3")
    name = "shop-assets-e2e"
    (rule,) = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
    by_default = rule["ApplyServerSideEncryptionByDefault"]
    assert by_default["SSEAlgorithm"] == "aws:kms"
    key_record = context.store.get("shop/main/key")
    assert key_record is not None
    assert by_default["KMSMasterKeyID"] == key_record.attributes["Arn"]
    assert rule["BucketKeyEnabled"] is True
    assert s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"] == {
        "BlockPublicAcls": True,
        "IgnorePublicAcls": True,
        "BlockPublicPolicy": True,
        "RestrictPublicBuckets": True,
    }
    assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
    (statement,) = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])["Statement"]
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert sorted(statement["Resource"]) == [f"arn:aws:s3:::{name}", f"arn:aws:s3:::{name}/*"]
    (lifecycle,) = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
    assert [(t["StorageClass"], t["Days"]) for t in lifecycle["Transitions"]] == [
        ("GLACIER", 30),
        ("DEEP_ARCHIVE", 180),
    ]

    destroy(stack.app, context)
    assert name not in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    assert context.store.all() == []
