"""AWS::KMS::Key and AWS::KMS::Alias against the emulator."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from landform.aws import kms
from landform.engine.context import Context
from tests.conftest import ACCOUNT
from tests.support import actions, converge, destroy, new_app, plan

DATA = "shop/main/data"
ROOT = {
    "Sid": "Enable IAM User Permissions",
    "Effect": "Allow",
    "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
    "Action": "kms:*",
    "Resource": "*",
}
DEFAULT_POLICY = {"Version": "2012-10-17", "Id": "key-default-1", "Statement": [ROOT]}


def key_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def policy_of(aws: Any, key: str) -> Any:
    return json.loads(aws("kms").get_key_policy(KeyId=key, PolicyName="default")["Policy"])


def tags_of(aws: Any, key: str) -> dict[str, str]:
    return {t["TagKey"]: t["TagValue"] for t in aws("kms").list_resource_tags(KeyId=key)["Tags"]}


def user_aliases(aws: Any) -> dict[str, str]:
    """Alias name -> target key id, without AWS's own aliases."""
    return {
        a["AliasName"]: a["TargetKeyId"]
        for a in aws("kms").list_aliases()["Aliases"]
        if not a["AliasName"].startswith("alias/aws/")
    }


def test_key_create_update_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    kms.Key(stack, "data", description="orders", enable_key_rotation=True, tags={"Tier": "data"})
    converge(app, context)
    key = key_id(context, DATA)
    meta = aws("kms").describe_key(KeyId=key)["KeyMetadata"]
    assert (meta["Description"], meta["KeyState"]) == ("orders", "Enabled")
    assert aws("kms").get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is True
    assert tags_of(aws, key)["landform:address"] == DATA
    assert tags_of(aws, key)["Tier"] == "data"
    assert policy_of(aws, key) == DEFAULT_POLICY

    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {**ROOT, "Sid": "Root"},
            {
                "Sid": "Auditors",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/auditor"},
                "Action": "kms:DescribeKey",
                "Resource": "*",
            },
        ],
    }
    app, stack = new_app()
    kms.Key(
        stack,
        "data",
        description="orders and refunds",
        enable_key_rotation=False,
        key_policy=policy,
        enabled=False,
        tags={"Tier": "secure"},
    )
    assert actions(plan(app, context)) == {DATA: "update"}
    converge(app, context)
    meta = aws("kms").describe_key(KeyId=key)["KeyMetadata"]
    assert (meta["Description"], meta["KeyState"]) == ("orders and refunds", "Disabled")
    assert aws("kms").get_key_rotation_status(KeyId=key)["KeyRotationEnabled"] is False
    assert policy_of(aws, key) == policy
    assert tags_of(aws, key)["Tier"] == "secure"

    app, stack = new_app()
    kms.Key(stack, "data", description="orders and refunds")
    assert actions(plan(app, context)) == {DATA: "update"}
    converge(app, context)
    assert policy_of(aws, key) == DEFAULT_POLICY
    assert aws("kms").describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "Enabled"
    assert "Tier" not in tags_of(aws, key)

    destroy(app, context)
    meta = aws("kms").describe_key(KeyId=key)["KeyMetadata"]
    assert meta["KeyState"] == "PendingDeletion"
    in_days = meta["DeletionDate"] - datetime.now(UTC)
    assert timedelta(days=6) < in_days <= timedelta(days=7)
    assert context.store.all() == []
    assert actions(plan(app, context)) == {DATA: "create"}, "a key pending deletion is gone"


def test_key_spec_change_replaces_the_key(context: Context, aws: Any) -> None:
    app, stack = new_app()
    kms.Key(stack, "data")
    converge(app, context)
    old = context.store.get(DATA).physical_id  # type: ignore[union-attr]

    app, stack = new_app()
    kms.Key(stack, "data", key_spec="RSA_2048", key_usage="SIGN_VERIFY")
    planned = plan(app, context)
    assert actions(planned) == {DATA: "replace"}
    (change,) = [c for c in planned.changes if c.address == DATA]
    assert [(c.name, c.replaces) for c in change.changes] == [("KeySpec", True), ("KeyUsage", True)]
    converge(app, context)
    new = context.store.get(DATA).physical_id  # type: ignore[union-attr]
    assert new != old
    assert aws("kms").describe_key(KeyId=new)["KeyMetadata"]["KeySpec"] == "RSA_2048"
    assert aws("kms").describe_key(KeyId=old)["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_alias_create_update_replace_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    one = kms.Key(stack, "one")
    kms.Key(stack, "two")
    kms.Alias(stack, "alias", alias_name="alias/shop/data", target_key_id=one.id)
    converge(app, context)
    first, second = key_id(context, "shop/main/one"), key_id(context, "shop/main/two")
    assert user_aliases(aws) == {"alias/shop/data": first}

    app, stack = new_app()
    kms.Key(stack, "one")
    two = kms.Key(stack, "two")
    kms.Alias(stack, "alias", alias_name="alias/shop/data", target_key_id=two.id)
    assert actions(plan(app, context)) == {"shop/main/alias": "update"}
    converge(app, context)
    assert user_aliases(aws) == {"alias/shop/data": second}

    app, stack = new_app()
    kms.Key(stack, "one")
    two = kms.Key(stack, "two")
    kms.Alias(stack, "alias", alias_name="alias/shop/orders", target_key_id=two.id)
    assert actions(plan(app, context)) == {"shop/main/alias": "replace"}
    converge(app, context)
    assert user_aliases(aws) == {"alias/shop/orders": second}

    destroy(app, context)
    assert user_aliases(aws) == {}
    for key in (first, second):
        assert aws("kms").describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert context.store.all() == []


def test_alias_made_outside_state_is_adopted(context: Context, aws: Any) -> None:
    """An alias created by a run that crashed before recording it is found by its name."""
    app, stack = new_app()
    key = kms.Key(stack, "data")
    converge(app, context)
    aws("kms").create_alias(AliasName="alias/shop/data", TargetKeyId=key_id(context, DATA))
    kms.Alias(stack, "alias", alias_name="alias/shop/data", target_key_id=key.id)
    assert actions(plan(app, context)) == {"shop/main/alias": "adopt"}
    converge(app, context)
