"""AWS::EFS::MountTarget"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present
from landform.handlers.efs.common import GONE
from landform.handlers.registry import register

CREATE = ("FileSystemId", "SubnetId", "SecurityGroups", "IpAddress", "IpAddressType", "Ipv6Address")
"""Properties create_mount_target takes under the same names."""
READ = ("FileSystemId", "SubnetId", "IpAddress", "Ipv6Address")
"""What describe_mount_targets returns under CloudFormation's names."""
WITHIN = 900.0
"""Seconds a mount target may take to become available, or to be deleted."""


@register
class MountTarget(Handler):
    """A mount target of an EFS file system in one subnet. It cannot carry tags: one not
    in state is found again by its file system and subnet (`natural_key`).

    describe_mount_targets needs a file system: `list` takes the file systems from
    describe_file_systems (one paginated call, shared with AWS::EFS::FileSystem's list)
    and describes the mount targets of each file system that has any (one call each).
    SecurityGroups need a call per mount target: they are compared with state, and read
    when a mount target is adopted. Deleting waits until the mount target is gone, so
    that its file system can be deleted next.
    """

    TYPE = "AWS::EFS::MountTarget"
    UNREADABLE = frozenset({"SecurityGroups"})

    def list(self, api: Api) -> Iterable[Live]:
        for system in api.pages("efs", "describe_file_systems", "FileSystems"):
            if system.get("NumberOfMountTargets", 0) and system["LifeCycleState"] not in GONE:
                for target in _targets(api, system["FileSystemId"]):
                    if target["LifeCycleState"] not in GONE:
                        yield Live(
                            target["MountTargetId"], present(target, READ), _attributes(target)
                        )

    def describe(self, api: Api, listed: Live) -> Live:
        groups = api.client("efs").describe_mount_target_security_groups(
            MountTargetId=listed.physical_id
        )["SecurityGroups"]
        properties = {**listed.properties, "SecurityGroups": groups}
        return Live(listed.physical_id, properties, {**listed.attributes, "SecurityGroups": groups})

    def create(self, api: Api, props: Props, token: str) -> Live:
        params = present(props, CREATE)
        target = api.client("efs").create_mount_target(**params)
        attributes = {**_attributes(target), "SecurityGroups": params.get("SecurityGroups", [])}
        return Live(target["MountTargetId"], params, attributes)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        groups = desired.get("SecurityGroups", [])
        if sorted(groups) != sorted(current.properties.get("SecurityGroups") or ()):
            api.client("efs").modify_mount_target_security_groups(
                MountTargetId=current.physical_id, SecurityGroups=groups
            )
        return Live(current.physical_id, desired, {**current.attributes, "SecurityGroups": groups})

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("MountTargetNotFound"):
            api.client("efs").delete_mount_target(MountTargetId=current.physical_id)
        api.wait("efs", "mount_target_deleted", timeout=WITHIN, MountTargetId=current.physical_id)

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait("efs", "mount_target_available", timeout=WITHIN, MountTargetId=current.physical_id)
        return current

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return (props.get("FileSystemId"), props.get("SubnetId"))


def _targets(api: Api, system_id: str) -> list[Any]:
    """The mount targets of a file system (none if it was deleted meanwhile)."""
    with ignoring("FileSystemNotFound"):
        return api.pages("efs", "describe_mount_targets", "MountTargets", FileSystemId=system_id)
    return []


def _attributes(target: Mapping[str, Any]) -> dict[str, Any]:
    return {"Id": target["MountTargetId"], **present(target, READ)}
