"""Landform::EC2::EbsDefaults against the emulator: encryption by default turned on in
one region, its default key set, changed and reset, turned off or given another key
outside Landform (drift), adopted where it is on already, and turned off again on
destroy; a key declared by its id rather than its ARN is refused before AWS."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App
from landform.aws import ec2, kms
from landform.cloud.calls import CallCounter
from landform.engine import operations
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.errors import ValidationError
from landform.handlers.base import Live
from landform.handlers.registry import handler_for
from landform.rules.audit import live_subjects
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

TYPE = "Landform::EC2::EbsDefaults"
ADDRESS = "shop/main/ebs-defaults"
WEST = "eu-west-1"
AWS_MANAGED_KEY = "arn:aws:kms:us-east-1:123456789012:key/0d1e2f3a-4b5c-6d7e-8f9a-0b1c2d3e4f5a"


def encrypted_by_default(aws: Any, region: str = REGION) -> bool:
    return bool(aws("ec2", region).get_ebs_encryption_by_default()["EbsEncryptionByDefault"])


def defaults(region: str = REGION, key: str | None = None, keys: tuple[str, ...] = ()) -> App:
    """EBS encryption by default, with the key named `key` where one is (each of `keys`
    is a KMS key of the app)."""
    app, stack = new_app(region=region)
    made = {name: kms.Key(stack, name) for name in keys}
    ec2.EbsDefaults(
        stack,
        "ebs-defaults",
        ebs_encryption_by_default=True,
        kms_key_id=None if key is None else made[key].arn,
    )
    return app


def key_of_new_volumes(aws: Any) -> str:
    """The key an encrypted volume made without naming one is encrypted with."""
    volume = aws("ec2").create_volume(AvailabilityZone=f"{REGION}a", Size=1, Encrypted=True)
    return str(volume["KmsKeyId"])


def key_arn(context: Context, name: str) -> str:
    record = context.store.get(f"shop/main/{name}")
    assert record is not None
    return str(record.attributes["Arn"])


def test_create_turns_encryption_on_in_its_region_only(context: Context, aws: Any) -> None:
    assert actions(plan(defaults(), context)) == {ADDRESS: "create"}
    converge(defaults(), context)

    assert encrypted_by_default(aws)
    assert not encrypted_by_default(aws, WEST), "another region keeps its own"
    record = context.store.get(ADDRESS)
    assert record is not None
    assert (record.physical_id, record.attributes) == (ACCOUNT, {"AccountId": ACCOUNT})
    (listed,) = handler_for(TYPE).list(context.api(ACCOUNT, REGION))
    assert (listed.physical_id, listed.properties) == (ACCOUNT, {"EbsEncryptionByDefault": True})


def test_the_declared_key_is_set_changed_and_reset_in_place(context: Context, aws: Any) -> None:
    both = ("first", "second")
    converge(defaults(key="first", keys=both), context)
    assert key_of_new_volumes(aws) == key_arn(context, "first")
    assert aws("ec2").get_ebs_default_kms_key_id()["KmsKeyId"] == key_arn(context, "first")

    changed = plan(defaults(key="second", keys=both), context)
    assert actions(changed) == {ADDRESS: "update"}
    (change,) = [c for c in changed.changes if c.address == ADDRESS]
    assert [c.name for c in change.changes] == ["KmsKeyId"]
    converge(defaults(key="second", keys=both), context)
    assert key_of_new_volumes(aws) == key_arn(context, "second")
    assert encrypted_by_default(aws)

    converge(defaults(keys=both), context)
    assert aws("ec2").get_ebs_default_kms_key_id()["KmsKeyId"] == "alias/aws/ebs"
    assert encrypted_by_default(aws)


def test_a_key_changed_outside_landform_is_drift_and_set_back(context: Context, aws: Any) -> None:
    both = ("first", "second")
    converge(defaults(key="first", keys=both), context)
    aws("ec2").modify_ebs_default_kms_key_id(KmsKeyId=key_arn(context, "second"))

    (drift,) = detect_drift(context, lambda address: True)
    assert drift.address == ADDRESS
    assert [(c.name, c.before, c.after) for c in drift.changes] == [
        ("KmsKeyId", key_arn(context, "second"), key_arn(context, "first"))
    ]
    assert actions(plan(defaults(key="first", keys=both), context)) == {ADDRESS: "update"}
    converge(defaults(key="first", keys=both), context)
    assert aws("ec2").get_ebs_default_kms_key_id()["KmsKeyId"] == key_arn(context, "first")


def test_a_key_declared_by_its_id_is_refused_before_aws() -> None:
    app, stack = new_app()
    key = kms.Key(stack, "first")
    ec2.EbsDefaults(stack, "ebs-defaults", ebs_encryption_by_default=True, kms_key_id=key.id)
    with pytest.raises(ValidationError, match="takes the key's ARN") as refused:
        operations.check(app)
    assert "property KmsKeyId" in str(refused.value) and "key.arn" in str(refused.value)
    _, stack = new_app()
    with pytest.raises(ValidationError, match="KmsKeyId"):
        ec2.EbsDefaults(stack, "ebs", ebs_encryption_by_default=True, kms_key_id="alias/mine")


def test_turned_off_outside_landform_is_drift_and_turned_on_again(
    context: Context, aws: Any
) -> None:
    converge(defaults(), context)
    aws("ec2").disable_ebs_encryption_by_default()

    (drift,) = detect_drift(context, lambda address: True)
    assert (drift.address, drift.deleted) == (ADDRESS, True)
    planned = plan(defaults(), context)
    assert actions(planned) == {ADDRESS: "create"}
    (change,) = planned.changes
    assert "deleted outside Landform" in change.reason
    converge(defaults(), context)
    assert encrypted_by_default(aws)


def test_a_region_encrypted_already_is_adopted_without_a_call(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    aws("ec2", WEST).enable_ebs_encryption_by_default()

    assert actions(plan(defaults(WEST), context)) == {ADDRESS: "adopt"}
    converge(defaults(WEST), context)
    assert calls.calls[("ec2", "EnableEbsEncryptionByDefault")] == 0
    record = context.store.get(ADDRESS)
    assert record is not None and (record.region, record.physical_id) == (WEST, ACCOUNT)


def test_destroy_turns_encryption_by_default_off(context: Context, aws: Any) -> None:
    converge(defaults(), context)

    destroy(defaults(), context)

    assert not encrypted_by_default(aws)
    assert context.store.all() == []
    assert list(handler_for(TYPE).list(context.api(ACCOUNT, REGION))) == []


def test_audit_reads_a_region_without_it_as_off(context: Context) -> None:
    (subject,) = live_subjects(context, None, REGION, [TYPE])
    assert (subject.name, subject.properties["EbsEncryptionByDefault"]) == (ACCOUNT, False)


def test_declaring_it_off_is_refused_with_where() -> None:
    _, stack = new_app()
    with pytest.raises(ValidationError, match="EbsEncryptionByDefault") as refused:
        ec2.EbsDefaults(stack, "ebs-defaults", ebs_encryption_by_default=False)
    assert "test_ebs_defaults.py" in str(refused.value)


def test_a_key_removed_from_the_declaration_is_reset_to_aws_managed_key() -> None:
    current = Live(ACCOUNT, {"EbsEncryptionByDefault": True, "KmsKeyId": "alias/first"})
    with stubbed_api("ec2") as (api, stubber):
        stubber.add_response("reset_ebs_default_kms_key_id", {"KmsKeyId": AWS_MANAGED_KEY}, {})
        updated = handler_for(TYPE).update(api, current, {"EbsEncryptionByDefault": True})
        stubber.assert_no_pending_responses()
    assert updated.properties == {"EbsEncryptionByDefault": True}


def test_delete_resets_a_declared_key_too() -> None:
    current = Live(ACCOUNT, {"EbsEncryptionByDefault": True, "KmsKeyId": "alias/first"})
    with stubbed_api("ec2") as (api, stubber):
        off = {"EbsEncryptionByDefault": False}
        stubber.add_response("disable_ebs_encryption_by_default", off, {})
        stubber.add_response("reset_ebs_default_kms_key_id", {"KmsKeyId": AWS_MANAGED_KEY}, {})
        handler_for(TYPE).delete(api, current)
        stubber.assert_no_pending_responses()
