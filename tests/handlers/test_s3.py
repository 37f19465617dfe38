"""AWS::S3::Bucket and AWS::S3::BucketPolicy against the emulator."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from landform import join
from landform.aws import kms, s3
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.handlers.base import physical_name
from tests.conftest import ACCOUNT, REGION
from tests.support import HANDLERS_ONLY, actions, converge, destroy, new_app, plan

LOGS = "shop/main/logs"


def owned(aws: Any, region: str = REGION) -> dict[str, str]:
    """Bucket name -> ownership address, for every bucket that carries the tag."""
    client = aws("s3", region)
    found = {}
    for bucket in client.list_buckets(BucketRegion=region)["Buckets"]:
        try:
            tags = client.get_bucket_tagging(Bucket=bucket["Name"])["TagSet"]
        except ClientError:
            continue
        found.update((bucket["Name"], t["Value"]) for t in tags if t["Key"] == "landform:address")
    return found


def arn(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return str(record.attributes["Arn"])


def kms_encryption(aws: Any, name: str) -> list[str]:
    """The KMS keys of the bucket's default encryption (none for S3's own default)."""
    try:
        rules = aws("s3").get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]
    except ClientError:
        return []
    by_default = [r["ApplyServerSideEncryptionByDefault"] for r in rules["Rules"]]
    return [d["KMSMasterKeyID"] for d in by_default if d["SSEAlgorithm"] == "aws:kms"]


def lifecycle(glacier_days: int) -> dict[str, Any]:
    return {
        "Rules": [
            {
                "Id": "archive",
                "Status": "Enabled",
                "Prefix": "logs/",
                "Transitions": [
                    {"StorageClass": "GLACIER", "TransitionInDays": glacier_days},
                    {"StorageClass": "DEEP_ARCHIVE", "TransitionInDays": 180},
                ],
                "ExpirationInDays": 365,
                "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
            }
        ]
    }


def logs_bucket(stack: Any, key: kms.Key, versioning: str, glacier_days: int, **extra: Any) -> None:
    s3.Bucket(
        stack,
        "logs",
        bucket_encryption={
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
        versioning_configuration={"Status": versioning},
        lifecycle_configuration=lifecycle(glacier_days),
        **extra,
    )


def test_bucket_create_update_replace_delete(context: Context, aws: Any) -> None:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    one = kms.Key(stack, "one")
    logs_bucket(
        stack,
        one,
        "Enabled",
        30,
        public_access_block_configuration={
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        },
    )
    converge(app, context)
    name = physical_name(LOGS, ACCOUNT, REGION)
    assert name.startswith("shop-main-logs-")
    assert owned(aws) == {name: LOGS}
    assert arn(context, LOGS) == f"arn:aws:s3:::{name}"
    assert kms_encryption(aws, name) == [arn(context, "shop/main/one")]
    assert aws("s3").get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
    block = aws("s3").get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    assert block["BlockPublicPolicy"] is True
    (rule,) = aws("s3").get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
    assert rule["Filter"] == {"Prefix": "logs/"}
    assert [(t["StorageClass"], t["Days"]) for t in rule["Transitions"]] == [
        ("GLACIER", 30),
        ("DEEP_ARCHIVE", 180),
    ]
    assert rule["Expiration"] == {"Days": 365}

    app, stack = new_app(block_on=HANDLERS_ONLY)
    kms.Key(stack, "one")
    two = kms.Key(stack, "two")
    logs_bucket(
        stack,
        two,
        "Suspended",
        60,
        public_access_block_configuration={"BlockPublicAcls": True, "BlockPublicPolicy": False},
        tags={"Tier": "logs"},
    )
    assert actions(plan(app, context)) == {"shop/main/two": "create", LOGS: "update"}
    converge(app, context)
    assert kms_encryption(aws, name) == [arn(context, "shop/main/two")]
    assert aws("s3").get_bucket_versioning(Bucket=name)["Status"] == "Suspended"
    block = aws("s3").get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
    assert block["BlockPublicPolicy"] is False
    (rule,) = aws("s3").get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
    assert [(t["StorageClass"], t["Days"]) for t in rule["Transitions"]] == [
        ("GLACIER", 60),
        ("DEEP_ARCHIVE", 180),
    ]
    tags = aws("s3").get_bucket_tagging(Bucket=name)["TagSet"]
    assert {"Key": "Tier", "Value": "logs"} in tags

    app, stack = new_app(block_on=HANDLERS_ONLY)
    s3.Bucket(stack, "logs", versioning_configuration={"Status": "Enabled"})
    converge(app, context)
    app, stack = new_app(block_on=HANDLERS_ONLY)
    s3.Bucket(stack, "logs")
    assert actions(plan(app, context)) == {LOGS: "update"}
    converge(app, context)
    assert kms_encryption(aws, name) == []
    assert aws("s3").get_bucket_versioning(Bucket=name)["Status"] == "Suspended"
    for read in ("get_public_access_block", "get_bucket_lifecycle_configuration"):
        with pytest.raises(ClientError):
            getattr(aws("s3"), read)(Bucket=name)

    app, stack = new_app(block_on=HANDLERS_ONLY)
    s3.Bucket(stack, "logs", bucket_name="shop-logs-archive")
    assert actions(plan(app, context)) == {LOGS: "replace"}
    converge(app, context)
    assert owned(aws) == {"shop-logs-archive": LOGS}

    destroy(app, context)
    assert owned(aws) == {}
    assert context.store.all() == []


def test_generated_names_are_valid_and_stable() -> None:
    long = "Checkout_Platform/eu.main/" + "AccessLogs" * 10
    names = {physical_name(long, ACCOUNT, REGION), physical_name(long, ACCOUNT, REGION)}
    (name,) = names
    assert len(name) <= 63
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*[a-z0-9]", name)
    assert name.startswith("checkout-platform-eu-main-accesslogs")
    assert physical_name(long, "210987654321", REGION) != name
    assert physical_name(LOGS, ACCOUNT, REGION) != physical_name("shop/main/logs2", ACCOUNT, REGION)


def test_bucket_created_before_a_crash_is_found_again(context: Context, aws: Any) -> None:
    """A run that crashed between create_bucket and tagging left an untagged bucket."""
    region = "eu-west-1"
    name = physical_name(LOGS, ACCOUNT, region)
    aws("s3", region).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": region}
    )
    app, stack = new_app(region=region, block_on=HANDLERS_ONLY)
    s3.Bucket(stack, "logs", versioning_configuration={"Status": "Enabled"})
    converge(app, context)
    assert owned(aws, region) == {name: LOGS}
    assert aws("s3", region).get_bucket_versioning(Bucket=name)["Status"] == "Enabled"


def test_versioning_suspended_out_of_band_is_drift(context: Context, aws: Any) -> None:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    s3.Bucket(stack, "logs", versioning_configuration={"Status": "Enabled"})
    converge(app, context)
    name = physical_name(LOGS, ACCOUNT, REGION)
    aws("s3").put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Suspended"})

    (drift,) = detect_drift(context, lambda address: True)
    assert drift.address == LOGS
    assert [(c.name, c.before, c.after) for c in drift.changes] == [
        ("VersioningConfiguration", {"Status": "Suspended"}, {"Status": "Enabled"})
    ]
    assert actions(plan(app, context)) == {LOGS: "update"}
    converge(app, context)
    assert aws("s3").get_bucket_versioning(Bucket=name)["Status"] == "Enabled"


def deny_insecure(bucket: s3.Bucket) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [bucket.arn, join(bucket.arn, "/*")],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


def test_bucket_policy_create_update_replace_delete(context: Context, aws: Any) -> None:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    first = s3.Bucket(stack, "first", bucket_name="shop-first")
    s3.Bucket(stack, "second", bucket_name="shop-second")
    s3.BucketPolicy(stack, "policy", bucket=first.id, policy_document=deny_insecure(first))
    converge(app, context)
    policy = aws("s3").get_bucket_policy(Bucket="shop-first")["Policy"]
    assert "arn:aws:s3:::shop-first/*" in policy

    app, stack = new_app(block_on=HANDLERS_ONLY)
    first = s3.Bucket(stack, "first", bucket_name="shop-first")
    s3.Bucket(stack, "second", bucket_name="shop-second")
    document = deny_insecure(first)
    document["Statement"][0]["Action"] = "s3:GetObject"
    s3.BucketPolicy(stack, "policy", bucket=first.id, policy_document=document)
    assert actions(plan(app, context)) == {"shop/main/policy": "update"}
    converge(app, context)
    assert '"s3:GetObject"' in aws("s3").get_bucket_policy(Bucket="shop-first")["Policy"]

    app, stack = new_app(block_on=HANDLERS_ONLY)
    s3.Bucket(stack, "first", bucket_name="shop-first")
    second = s3.Bucket(stack, "second", bucket_name="shop-second")
    s3.BucketPolicy(stack, "policy", bucket=second.id, policy_document=deny_insecure(second))
    assert actions(plan(app, context)) == {"shop/main/policy": "replace"}
    converge(app, context)
    with pytest.raises(ClientError):
        aws("s3").get_bucket_policy(Bucket="shop-first")
    assert "shop-second" in aws("s3").get_bucket_policy(Bucket="shop-second")["Policy"]

    destroy(app, context)
    assert owned(aws) == {}
    assert context.store.all() == []


def test_bucket_policy_made_outside_state_is_adopted(context: Context, aws: Any) -> None:
    """A policy put by a run that crashed before recording it is found by its bucket."""
    app, stack = new_app(block_on=HANDLERS_ONLY)
    bucket = s3.Bucket(stack, "site", bucket_name="shop-site")
    converge(app, context)
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::shop-site/*",
            }
        ],
    }
    aws("s3").put_bucket_policy(Bucket="shop-site", Policy=json.dumps(document))
    s3.BucketPolicy(stack, "policy", bucket=bucket.id, policy_document=document)
    assert actions(plan(app, context)) == {"shop/main/policy": "adopt"}
    converge(app, context)


def test_list_reads_configuration_of_owned_buckets_only(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    for foreign in ("other-a", "other-b", "other-c"):
        aws("s3").create_bucket(Bucket=foreign)
    aws("s3").put_bucket_tagging(
        Bucket="other-a", Tagging={"TagSet": [{"Key": "Team", "Value": "data"}]}
    )
    app, stack = new_app(block_on=HANDLERS_ONLY)
    bucket = s3.Bucket(stack, "site", bucket_name="shop-site")
    s3.BucketPolicy(stack, "policy", bucket=bucket.id, policy_document=deny_insecure(bucket))
    converge(app, context)

    calls.calls.clear()
    assert actions(plan(app, context)) == {}
    assert calls.calls[("s3", "ListBuckets")] == 1
    assert calls.calls[("s3", "GetBucketTagging")] == 4  # shared by both lists
    for read in ("GetBucketEncryption", "GetBucketVersioning", "GetBucketPolicy"):
        assert calls.calls[("s3", read)] == 1
