"""DeletionPolicy Retain, on the emulator: a retained resource is left in AWS and removed
from state when it is destroyed, leaves the model or is replaced, and is never adopted or
deleted by its ownership tag again; a change of policy alone is recorded without an AWS
call; a policy Landform does not know is refused where it is declared, and Snapshot on a
type that keeps no snapshot before any AWS call. (RDS's final snapshot under each policy:
tests/handlers/test_rds.py.)"""

from __future__ import annotations

from typing import Any

import pytest

from landform import App
from landform.aws import kms, s3
from landform.cloud.calls import CallCounter
from landform.engine import operations
from landform.engine.apply import apply_plan
from landform.engine.context import Context
from landform.engine.plan import Plan
from landform.errors import ValidationError
from landform.model import DeletionPolicy
from tests.conftest import ACCOUNT, REGION
from tests.support import HANDLERS_ONLY, actions, converge, destroy, new_app, plan

KEPT = "shop/main/records"
GONE = "shop/main/scratch"


def buckets(**policies: Any) -> App:
    """The app with one bucket per keyword: logical id -> (bucket name, policy)."""
    app, stack = new_app(block_on=HANDLERS_ONLY)
    for logical_id, (name, policy) in policies.items():
        s3.Bucket(stack, logical_id, bucket_name=name, deletion_policy=policy)
    return app


def names(aws: Any) -> set[str]:
    return {bucket["Name"] for bucket in aws("s3").list_buckets()["Buckets"]}


def policy_changes(planned: Plan, address: str) -> list[tuple[str, Any, Any]]:
    (change,) = [c for c in planned.changes if c.address == address]
    return [(c.name, c.before, c.after) for c in change.changes]


def test_destroy_leaves_a_retained_resource_in_aws_and_forgets_it(
    context: Context, aws: Any
) -> None:
    app = buckets(records=("shop-records", "Retain"), scratch=("shop-scratch", "Delete"))
    converge(app, context)

    planned = plan(app, context, destroy=True)
    assert actions(planned) == {KEPT: "retain", GONE: "delete"}
    (kept,) = [c for c in planned.changes if c.address == KEPT]
    assert "left in AWS" in kept.reason
    apply_plan(context, planned)

    assert names(aws) == {"shop-records"}
    assert context.store.all() == []
    assert context.store.released() == {(("AWS::S3::Bucket", ACCOUNT, REGION), "shop-records")}

    assert actions(plan(app, context)) == {KEPT: "create", GONE: "create"}, (
        "a retained resource is not adopted by its ownership tag"
    )
    converge(app, context)
    record = context.store.get(KEPT)
    assert record is not None and record.physical_id == "shop-records", (
        "S3 gives its owner the bucket of the declared name back"
    )
    assert context.store.released() == set()


def test_a_policy_change_alone_is_recorded_without_an_aws_call(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    converge(buckets(records=("shop-records", "Delete")), context)

    retained = buckets(records=("shop-records", "Retain"))
    planned = plan(retained, context)
    assert actions(planned) == {KEPT: "update"}
    assert policy_changes(planned, KEPT) == [("DeletionPolicy", "Delete", "Retain")]
    before = dict(calls.mutating)
    apply_plan(context, planned)
    assert calls.mutating == before, "only state changes"
    record = context.store.get(KEPT)
    assert record is not None and record.retain
    assert actions(plan(retained, context)) == {}

    removed, _ = new_app(block_on=HANDLERS_ONLY)
    planned = plan(removed, context)
    assert actions(planned) == {KEPT: "retain"}, "the recorded policy holds once undeclared"
    apply_plan(context, planned)
    assert names(aws) == {"shop-records"}
    assert context.store.get(KEPT) is None


def test_a_replaced_retained_resource_leaves_its_old_copy(context: Context, aws: Any) -> None:
    converge(buckets(records=("shop-records-1", "Retain")), context)

    renamed = buckets(records=("shop-records-2", "Retain"))
    assert actions(plan(renamed, context)) == {KEPT: "replace"}
    apply_plan(context, plan(renamed, context))

    assert names(aws) == {"shop-records-1", "shop-records-2"}
    assert [(r.key, r.physical_id) for r in context.store.all()] == [(KEPT, "shop-records-2")]
    assert actions(plan(renamed, context)) == {}


def test_deleting_a_resource_whose_policy_became_delete_deletes_it(
    context: Context, aws: Any
) -> None:
    converge(buckets(records=("shop-records", "Retain")), context)
    converge(buckets(records=("shop-records", "Delete")), context)

    destroy(buckets(records=("shop-records", "Delete")), context)
    assert names(aws) == set()


def test_an_unknown_policy_is_refused_where_it_is_declared() -> None:
    _, stack = new_app()
    with pytest.raises(ValidationError, match="DeletionPolicy 'Keep'") as refused:
        s3.Bucket(stack, "records", deletion_policy="Keep")  # type: ignore[arg-type]
    message = str(refused.value)
    assert "test_deletion_policy.py:" in message and "records" in message
    assert '"Retain"' in message


def test_snapshot_on_a_type_that_keeps_none_is_refused_before_aws() -> None:
    app = buckets(records=("shop-records", "Snapshot"))
    with pytest.raises(ValidationError, match="takes no DeletionPolicy Snapshot") as refused:
        operations.check(app)
    message = str(refused.value)
    assert "test_deletion_policy.py:" in message and "property DeletionPolicy" in message
    assert "AWS::EC2::Volume" in message and "AWS::RDS::DBInstance" in message, (
        "the hint names the types that keep one"
    )


def test_destroy_goes_by_the_policy_declared_now(context: Context, aws: Any) -> None:
    converge(buckets(records=("shop-records", "Delete")), context)

    planned = plan(buckets(records=("shop-records", "Retain")), context, destroy=True)
    assert actions(planned) == {KEPT: "retain"}, "declared Retain, not yet applied, holds"
    apply_plan(context, planned)
    assert names(aws) == {"shop-records"}


def encrypted(key_policy: DeletionPolicy) -> App:
    """A retained bucket encrypted with a key of the app, whose policy is `key_policy`."""
    app, stack = new_app(block_on=HANDLERS_ONLY)
    key = kms.Key(stack, "key", deletion_policy=key_policy)
    rule = {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key.arn}}
    s3.Bucket(
        stack,
        "records",
        bucket_name="shop-records",
        bucket_encryption={"ServerSideEncryptionConfiguration": [rule]},
        deletion_policy="Retain",
    )
    return app


def test_deleting_what_a_retained_resource_uses_is_refused_before_aws(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    converge(encrypted("Delete"), context)
    before = dict(calls.calls)

    with pytest.raises(ValidationError, match="this plan deletes what it uses: shop/main/key"):
        plan(encrypted("Delete"), context, destroy=True)
    removed, _ = new_app(block_on=HANDLERS_ONLY)
    with pytest.raises(ValidationError, match=f"{KEPT} is retained"):
        plan(removed, context)
    assert calls.calls == before, "refused before any AWS call"
    assert len(context.store.all()) == 2

    destroy(encrypted("Retain"), context)
    assert names(aws) == {"shop-records"}
    (key,) = aws("kms").list_keys()["Keys"]
    assert aws("kms").describe_key(KeyId=key["KeyId"])["KeyMetadata"]["KeyState"] == "Enabled"
