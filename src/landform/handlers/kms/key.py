"""AWS::KMS::Key"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    ignoring,
    read_each,
    tag_delta,
    tag_list,
)
from landform.handlers.registry import register

CREATE_PARAMS = (
    "Description",
    "KeyUsage",
    "KeySpec",
    "MultiRegion",
    "Origin",
    "BypassPolicyLockoutSafetyCheck",
)
"""Properties create_key takes under the same name."""

FIXED = {
    "KeySpec": "SYMMETRIC_DEFAULT",
    "KeyUsage": "ENCRYPT_DECRYPT",
    "MultiRegion": False,
    "Origin": "AWS_KMS",
}
"""Properties a key keeps for life, with their defaults. The schema does not mark them
create-only (CloudFormation's handler replaces the key itself): they are IMMUTABLE."""

ROTATION_PERIOD = 365
"""Days between automatic rotations when RotationPeriodInDays is not declared."""


@register
class Key(Handler):
    """A KMS key. An undeclared KeyPolicy is AWS's default policy. Deleting schedules the
    deletion after the key's PendingWindowInDays when `delete` is given it, else 7 days.

    KMS cannot list by tag: `list` costs list_keys, one list_resource_tags per key of the
    region, then describe_key, get_key_rotation_status and get_key_policy per owned key,
    made by READERS threads. Keys pending deletion are not listed.
    """

    TYPE = "AWS::KMS::Key"
    IMMUTABLE = frozenset(FIXED)

    def list(self, api: Api) -> Iterable[Live]:
        kms = api.client("kms")
        ids = [key["KeyId"] for key in api.pages("kms", "list_keys", "Keys")]
        found = read_each(lambda key_id: _read(api, kms, key_id), ids)
        return [live for live in found if live is not None]

    def create(self, api: Api, props: Props, token: str) -> Live:
        params: dict[str, Any] = {name: props[name] for name in CREATE_PARAMS if name in props}
        if "KeyPolicy" in props:
            params["Policy"] = json.dumps(props["KeyPolicy"])
        kms = api.client("kms")
        meta = kms.create_key(Tags=_kms_tags(props.get("Tags")), **params)["KeyMetadata"]
        created = {k: props[k] for k in (*CREATE_PARAMS, "KeyPolicy", "Tags") if k in props}
        return Live(meta["KeyId"], created, {"Arn": meta["Arn"], "KeyId": meta["KeyId"]})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        have = current.properties
        kms = api.client("kms")
        key_id = current.physical_id
        enabled = desired.get("Enabled", True)
        if enabled and not have.get("Enabled", True):
            kms.enable_key(KeyId=key_id)
        if desired.get("Description", "") != have.get("Description", ""):
            kms.update_key_description(KeyId=key_id, Description=desired.get("Description", ""))
        _update_policy(kms, current, desired)
        _update_rotation(kms, current, desired)
        _update_tags(kms, current, desired)
        if not enabled and have.get("Enabled", True):
            kms.disable_key(KeyId=key_id)
        return Live(key_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        days = current.properties.get("PendingWindowInDays", 7)
        with ignoring("NotFoundException"):
            api.client("kms").schedule_key_deletion(
                KeyId=current.physical_id, PendingWindowInDays=days
            )


def _read(api: Api, kms: Any, key_id: str) -> Live | None:
    """The key in CloudFormation shape, if `api` keeps it (see `Api.keeps`), it is a
    customer managed key (AWS managed keys are not AWS::KMS::Key resources) and it is
    not pending deletion."""
    tags = _tags(kms, key_id)
    if not api.keeps(tags):
        return None
    meta = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    if meta["KeyState"] in ("PendingDeletion", "PendingReplicaDeletion"):
        return None
    if meta.get("KeyManager") == "AWS":
        return None
    policy = kms.get_key_policy(KeyId=key_id, PolicyName="default")["Policy"]
    props: Props = {
        "Description": meta.get("Description", ""),
        "Enabled": meta["Enabled"],
        "KeyPolicy": json.loads(policy),
        **{name: meta.get(name, default) for name, default in FIXED.items()},
        "Tags": tags,
    }
    props.update(_rotation(kms, key_id, props))
    return Live(key_id, props, {"Arn": meta["Arn"], "KeyId": key_id})


def _tags(kms: Any, key_id: str) -> list[dict[str, str]]:
    """The key's tags; none for a key the caller may not read (it is not Landform's)."""
    with ignoring("AccessDeniedException", "NotFoundException"):
        found = kms.list_resource_tags(KeyId=key_id)["Tags"]
        return tag_list({t["TagKey"]: t["TagValue"] for t in found})
    return []


def _rotation(kms: Any, key_id: str, props: Props) -> Props:
    """EnableKeyRotation (and the period): only symmetric keys made by KMS rotate."""
    if (props["KeySpec"], props["Origin"]) != ("SYMMETRIC_DEFAULT", "AWS_KMS"):
        return {"EnableKeyRotation": False}
    status = kms.get_key_rotation_status(KeyId=key_id)
    found: Props = {"EnableKeyRotation": status["KeyRotationEnabled"]}
    if "RotationPeriodInDays" in status:
        found["RotationPeriodInDays"] = status["RotationPeriodInDays"]
    return found


def _kms_tags(tags: Any) -> list[dict[str, str]]:
    """Tags in KMS's TagKey/TagValue shape."""
    return [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in tag_list(tags)]


def _default_policy(key_arn: str) -> dict[str, Any]:
    """The policy KMS gives a key created without one: the account's IAM decides."""
    partition, account = key_arn.split(":")[1], key_arn.split(":")[4]
    return {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }


def _update_policy(kms: Any, current: Live, desired: Props) -> None:
    """Put the declared policy; an undeclared one is restored to the default when it is
    known (listed) to be another."""
    policy = desired.get("KeyPolicy")
    if policy is None:
        if "KeyPolicy" not in current.properties:
            return
        policy = _default_policy(current.attributes["Arn"])
    if policy != current.properties.get("KeyPolicy"):
        kms.put_key_policy(
            KeyId=current.physical_id,
            PolicyName="default",
            Policy=json.dumps(policy),
            BypassPolicyLockoutSafetyCheck=desired.get("BypassPolicyLockoutSafetyCheck", False),
        )


def _update_rotation(kms: Any, current: Live, desired: Props) -> None:
    have, key_id = current.properties, current.physical_id
    period = desired.get("RotationPeriodInDays", ROTATION_PERIOD)
    if desired.get("EnableKeyRotation", False):
        if not have.get("EnableKeyRotation") or have.get("RotationPeriodInDays") != period:
            kms.enable_key_rotation(KeyId=key_id, RotationPeriodInDays=period)
    elif have.get("EnableKeyRotation"):
        kms.disable_key_rotation(KeyId=key_id)


def _update_tags(kms: Any, current: Live, desired: Props) -> None:
    """Make the key's tags exactly the desired ones (aws: tags are left alone)."""
    stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
    if stale:
        kms.untag_resource(KeyId=current.physical_id, TagKeys=stale)
    if fresh:
        kms.tag_resource(KeyId=current.physical_id, Tags=_kms_tags(fresh))
