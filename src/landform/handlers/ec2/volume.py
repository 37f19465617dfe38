"""AWS::EC2::Volume and AWS::EC2::VolumeAttachment"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    error_code,
    ignoring,
    present,
    tag_list,
    tag_map,
)
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

CREATE = (
    "AvailabilityZone",
    "Encrypted",
    "Iops",
    "KmsKeyId",
    "MultiAttachEnabled",
    "Size",
    "SnapshotId",
    "Throughput",
    "VolumeType",
)
"""What create_volume takes, under the same names as CloudFormation's."""

MODIFIABLE = ("Size", "VolumeType", "Iops", "Throughput")
"""What modify_volume changes in place (one modification for all of them)."""

DEFAULT_TYPE = "gp2"
"""The type create_volume gives a volume declared without one."""

GP3 = {"Iops": 3000, "Throughput": 125}
"""The baseline a gp3 volume gets when Iops or Throughput is not declared."""

GONE = ("deleting", "deleted")

ATTACHED = ("attaching", "attached")

KEY = ("InstanceId", "VolumeId", "Device")
"""What identifies an attachment."""

DETACHED = ("InvalidAttachment.NotFound", "InvalidVolume.NotFound", "InvalidInstanceID.NotFound")
"""Errors of detach_volume that mean there is nothing left to detach."""


@register
class Volume(Handler):
    """An EBS volume. Size, VolumeType, Iops and Throughput change in place, in one
    modify_volume (AWS allows one modification per volume every six hours); the rest
    stays for the volume's life, so changing it replaces the volume (and its data).

    KmsKeyId is compared with state: AWS reads it back as the key's ARN, whichever form
    (id, alias, ARN) was declared. Under DeletionPolicy Snapshot, delete first takes a
    snapshot, tagged as the volume was but for the ownership tag, and waits until it is
    complete.
    """

    TYPE = "AWS::EC2::Volume"
    SNAPSHOTS = True
    IMMUTABLE = frozenset(
        {"AvailabilityZone", "Encrypted", "KmsKeyId", "MultiAttachEnabled", "SnapshotId"}
    )
    UNREADABLE = frozenset({"KmsKeyId"})
    UNSUPPORTED = frozenset(
        {
            "AutoEnableIO",
            "AvailabilityZoneId",
            "OutpostArn",
            "SourceVolumeId",
            "VolumeInitializationRate",
        }
    )

    def list(self, api: Api) -> Iterable[Live]:
        for volume in api.pages("ec2", "describe_volumes", "Volumes", Filters=api.owned(OWNED)):
            if volume["State"] in GONE:
                continue
            props = {**present(volume, CREATE), "Tags": tags_of(volume)}
            if not props.get("SnapshotId"):
                props.pop("SnapshotId", None)
            yield _volume(volume["VolumeId"], props)

    def create(self, api: Api, props: Props, token: str) -> Live:
        volume = api.client("ec2").create_volume(
            **present(props, CREATE),
            TagSpecifications=tag_specifications("volume", props),
            ClientToken=token,
        )
        return _volume(volume["VolumeId"], present(props, (*CREATE, "Tags")))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        modification = _modification(current.properties, desired)
        if modification:
            ec2.modify_volume(VolumeId=current.physical_id, **modification)
        sync_tags(ec2, current.physical_id, current, desired)
        return _volume(current.physical_id, desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidVolume.NotFound"):
            api.client("ec2").delete_volume(VolumeId=current.physical_id)

    def delete_under(self, api: Api, current: Live, policy: str | None) -> None:
        if policy == "Snapshot":
            ec2 = api.client("ec2")
            tags = dict(tag_map(current.properties.get("Tags")))
            address = tags.pop(ADDRESS_TAG, current.physical_id)
            snapshot = ec2.create_snapshot(
                VolumeId=current.physical_id,
                Description=f"Final snapshot of {address}",
                TagSpecifications=tag_specifications("snapshot", {"Tags": tag_list(tags)}),
            )
            api.wait("ec2", "snapshot_completed", SnapshotIds=[snapshot["SnapshotId"]])
        self.delete(api, current)

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait("ec2", "volume_available", VolumeIds=[current.physical_id])
        return current


def _volume(volume_id: str, props: Props) -> Live:
    return Live(volume_id, props, {"VolumeId": volume_id})


def _modification(have: Props, want: Props) -> Props:
    """modify_volume arguments that turn `have` into `want`. What is no longer declared
    goes back to create_volume's default: type gp2, and a gp3 volume's baseline Iops and
    Throughput (other types have none to set; Size stays)."""
    volume_type = want.get("VolumeType", DEFAULT_TYPE)
    defaults = {"VolumeType": volume_type, **(GP3 if volume_type == "gp3" else {})}
    target = {name: want.get(name, defaults.get(name)) for name in MODIFIABLE}
    return {
        name: value
        for name, value in target.items()
        if value is not None and value != have.get(name)
    }


@register
class VolumeAttachment(Handler):
    """A volume attached to an instance, known as "vol-…|i-…" (it has no id or tags).

    `list` reads every attached volume of the region (one paginated describe_volumes);
    one not in state is found again by instance, volume and device. A volume serves one
    instance, so attaching it moves it off the instance or device it was attached to:
    replacing an attachment (a new device, a replaced instance) creates the new one
    before it deletes the old. Deleting detaches and waits for the volume to be free, so
    that it can be deleted or attached again.
    """

    TYPE = "AWS::EC2::VolumeAttachment"
    UNSUPPORTED = frozenset({"EbsCardIndex"})

    def list(self, api: Api) -> Iterable[Live]:
        attached = [{"Name": "attachment.status", "Values": list(ATTACHED)}]
        for volume in api.pages("ec2", "describe_volumes", "Volumes", Filters=attached):
            for attachment in volume.get("Attachments", []):
                if attachment["State"] in ATTACHED:
                    yield _attachment(attachment)

    def create(self, api: Api, props: Props, token: str) -> Live:
        if "Device" not in props:
            raise LandformError(
                "a VolumeAttachment needs a Device (AttachVolume requires one)",
                hint='declare device=, e.g. "/dev/sdf"',
            )
        ec2 = api.client("ec2")
        (volume,) = ec2.describe_volumes(VolumeIds=[props["VolumeId"]])["Volumes"]
        for attachment in volume.get("Attachments", []):
            if attachment["State"] in ATTACHED:
                self.delete(api, _attachment(attachment))
        ec2.attach_volume(**present(props, KEY))
        return _attachment(props)

    def delete(self, api: Api, current: Live) -> None:
        try:
            api.client("ec2").detach_volume(**present(current.properties, KEY))
        except Exception as error:
            if error_code(error) in DETACHED:
                return
            raise
        api.wait("ec2", "volume_available", VolumeIds=[current.properties["VolumeId"]])

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait("ec2", "volume_in_use", VolumeIds=[current.properties["VolumeId"]])
        return current

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(props.get(name) for name in KEY)


def _attachment(attachment: Mapping[str, Any]) -> Live:
    """An attachment from its properties, or from a describe_volumes item's attachment."""
    props = present(attachment, KEY)
    return Live(f"{props['VolumeId']}|{props['InstanceId']}", props)
