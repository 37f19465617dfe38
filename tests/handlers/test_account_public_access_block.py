"""Landform::S3::AccountPublicAccessBlock against the emulator: the account's four
settings put, read back, changed (a setting left out is off), changed or deleted outside
Landform (drift), adopted where they are set already, and deleted on destroy; an account
without them reads as all off for audit."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App
from landform.aws import s3
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.handlers.registry import handler_for
from landform.rules.audit import live_subjects
from landform.rules.runner import FAIL, evaluate
from tests.conftest import ACCOUNT, REGION
from tests.support import actions, converge, destroy, new_app, plan

TYPE = "Landform::S3::AccountPublicAccessBlock"
ADDRESS = "shop/main/public-access-block"
ALL_ON = {
    "BlockPublicAcls": True,
    "IgnorePublicAcls": True,
    "BlockPublicPolicy": True,
    "RestrictPublicBuckets": True,
}


def block_app(**settings: bool) -> App:
    app, stack = new_app()
    s3.AccountPublicAccessBlock(
        stack,
        "public-access-block",
        block_public_acls=settings.get("BlockPublicAcls"),
        ignore_public_acls=settings.get("IgnorePublicAcls"),
        block_public_policy=settings.get("BlockPublicPolicy"),
        restrict_public_buckets=settings.get("RestrictPublicBuckets"),
    )
    return app


def live_block(aws: Any) -> dict[str, bool]:
    answer = aws("s3control").get_public_access_block(AccountId=ACCOUNT)
    return answer["PublicAccessBlockConfiguration"]  # type: ignore[no-any-return]


def test_create_puts_the_settings_and_list_reads_them_back(context: Context, aws: Any) -> None:
    assert actions(plan(block_app(**ALL_ON), context)) == {ADDRESS: "create"}
    converge(block_app(**ALL_ON), context)

    assert live_block(aws) == ALL_ON
    record = context.store.get(ADDRESS)
    assert record is not None
    assert (record.physical_id, record.attributes) == (ACCOUNT, {"AccountId": ACCOUNT})
    (listed,) = handler_for(TYPE).list(context.api(ACCOUNT, REGION))
    assert (listed.physical_id, listed.properties) == (ACCOUNT, ALL_ON)


def test_a_setting_left_out_is_turned_off(context: Context, aws: Any) -> None:
    converge(block_app(**ALL_ON), context)
    fewer = {**ALL_ON}
    del fewer["RestrictPublicBuckets"]

    planned = plan(block_app(**fewer), context)
    assert actions(planned) == {ADDRESS: "update"}
    (change,) = planned.changes
    assert [c.name for c in change.changes] == ["RestrictPublicBuckets"]
    converge(block_app(**fewer), context)
    assert live_block(aws) == {**ALL_ON, "RestrictPublicBuckets": False}


def test_a_setting_turned_off_outside_landform_is_drift_and_on_again(
    context: Context, aws: Any
) -> None:
    converge(block_app(**ALL_ON), context)
    opened = {**ALL_ON, "BlockPublicPolicy": False}
    aws("s3control").put_public_access_block(
        AccountId=ACCOUNT, PublicAccessBlockConfiguration=opened
    )

    (drift,) = detect_drift(context, lambda address: True)
    assert [(c.name, c.before, c.after) for c in drift.changes] == [
        ("BlockPublicPolicy", False, True)
    ]
    assert actions(plan(block_app(**ALL_ON), context)) == {ADDRESS: "update"}
    converge(block_app(**ALL_ON), context)
    assert live_block(aws) == ALL_ON


def test_settings_deleted_outside_landform_are_put_again(context: Context, aws: Any) -> None:
    converge(block_app(**ALL_ON), context)
    aws("s3control").delete_public_access_block(AccountId=ACCOUNT)

    (drift,) = detect_drift(context, lambda address: True)
    assert (drift.address, drift.deleted) == (ADDRESS, True)
    assert actions(plan(block_app(**ALL_ON), context)) == {ADDRESS: "create"}
    converge(block_app(**ALL_ON), context)
    assert live_block(aws) == ALL_ON


def test_settings_put_already_are_adopted_without_a_call(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    aws("s3control").put_public_access_block(
        AccountId=ACCOUNT, PublicAccessBlockConfiguration=ALL_ON
    )

    assert actions(plan(block_app(**ALL_ON), context)) == {ADDRESS: "adopt"}
    converge(block_app(**ALL_ON), context)
    assert calls.calls[("s3control", "PutPublicAccessBlock")] == 0


def test_destroy_deletes_the_settings(context: Context, aws: Any) -> None:
    converge(block_app(**ALL_ON), context)

    destroy(block_app(**ALL_ON), context)

    with pytest.raises(aws("s3control").exceptions.NoSuchPublicAccessBlockConfiguration):
        live_block(aws)
    assert context.store.all() == []
    assert list(handler_for(TYPE).list(context.api(ACCOUNT, REGION))) == []


def test_audit_reads_an_account_without_settings_as_all_off(context: Context) -> None:
    subjects = live_subjects(context, None, REGION, [TYPE])
    assert [(s.name, dict(s.properties)) for s in subjects] == [
        (ACCOUNT, {"AccountId": ACCOUNT, **dict.fromkeys(ALL_ON, False)})
    ]
    (finding,) = [f for f in evaluate(subjects).findings if f.rule.id == "LF-S3-001"]
    assert finding.status == FAIL
