"""AWS::EFS::FileSystem"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    error_code,
    ignoring,
    physical_name,
    present,
    tag_list,
)
from landform.handlers.efs.common import GONE, owned_tags, sync_tags
from landform.handlers.efs.settings import SETTINGS, configure
from landform.handlers.registry import register

TAGS = "FileSystemTags"
FIXED = ("Encrypted", "KmsKeyId", "PerformanceMode", "AvailabilityZoneName")
"""Create-only properties, which create_file_system takes under the same names."""
THROUGHPUT = ("ThroughputMode", "ProvisionedThroughputInMibps")
DEFAULT_MODE = "bursting"
AVAILABLE_WITHIN = 600.0
"""Seconds a new file system may take to become available."""


@register
class FileSystem(Handler):
    """An EFS file system, created with a CreationToken made from its address and its
    create-only properties: a create retried, or run again after a crash, gets the same
    file system back, and a replacement gets a new one.

    `list` is one paginated describe_file_systems. LifecyclePolicies, BackupPolicy and
    FileSystemPolicy have calls of their own: they are compared with state, and read
    (one call each) when a file system is adopted, or updated with one neither declared
    nor in state (it is reset to AWS's default). KmsKeyId is compared with state too: AWS
    reports the key's ARN whichever form (id, alias) was declared.

    The emulator implements neither update_file_system (ThroughputMode,
    ProvisionedThroughputInMibps), put_backup_policy nor delete_file_system_policy: those
    paths are tested with botocore's Stubber on AWS-shaped answers.
    ReplicationConfiguration and FileSystemProtection (replication overwrite protection)
    are not managed yet.
    """

    TYPE = "AWS::EFS::FileSystem"
    UNREADABLE = frozenset({"LifecyclePolicies", "BackupPolicy", "FileSystemPolicy", "KmsKeyId"})
    UNSUPPORTED = frozenset({"ReplicationConfiguration", "FileSystemProtection"})

    def list(self, api: Api) -> Iterable[Live]:
        for system in api.pages("efs", "describe_file_systems", "FileSystems"):
            tags = owned_tags(api, system)
            if tags is not None and system["LifeCycleState"] not in GONE:
                yield _live(system, tags)

    def describe(self, api: Api, listed: Live) -> Live:
        efs = api.client("efs")
        settings = {s.name: s.read(efs, listed.physical_id) for s in SETTINGS}
        found = {name: value for name, value in settings.items() if value is not None}
        return Live(listed.physical_id, {**listed.properties, **found}, listed.attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        efs = api.client("efs")
        params: dict[str, Any] = {
            "CreationToken": creation_token(api, props),
            "Tags": tag_list(props.get(TAGS)),
            **present(props, (*FIXED, *THROUGHPUT)),
        }
        if "BackupPolicy" in props:
            params["Backup"] = props["BackupPolicy"]["Status"] == "ENABLED"
        try:
            system = efs.create_file_system(**params)
        except Exception as error:
            if error_code(error) != "FileSystemAlreadyExists":
                raise
            return self._made_before(api, params["CreationToken"], props)
        live = Live(system["FileSystemId"], dict(props), _attributes(system))
        fresh = {s.name: s.default for s in SETTINGS}
        fresh["BackupPolicy"] = {"Status": "ENABLED" if params.get("Backup") else "DISABLED"}
        if any(not s.same(fresh[s.name], props.get(s.name, s.default)) for s in SETTINGS):
            self.wait_ready(api, live)
            configure(efs, live.physical_id, fresh, props)
        return live

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        efs = api.client("efs")
        system_id = current.physical_id
        configure(efs, system_id, current.properties, desired)
        _update_throughput(efs, current, desired)
        sync_tags(efs, system_id, current.properties.get(TAGS), desired.get(TAGS))
        return Live(system_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("FileSystemNotFound"):
            api.client("efs").delete_file_system(FileSystemId=current.physical_id)

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait(
            "efs",
            "file_system_available",
            timeout=AVAILABLE_WITHIN,
            FileSystemId=current.physical_id,
        )
        return current

    def _made_before(self, api: Api, creation_token: str, props: Props) -> Live:
        """The file system an earlier create made with this token, made as declared."""
        efs = api.client("efs")
        (system,) = efs.describe_file_systems(CreationToken=creation_token)["FileSystems"]
        if system["LifeCycleState"] in GONE:
            raise LandformError(
                f"file system {system['FileSystemId']}, made earlier for this declaration, "
                "is being deleted",
                hint="run apply again once it is gone",
            )
        live = _live(system, owned_tags(api, system) or [])
        self.wait_ready(api, live)
        return self.update(api, live, props)


def creation_token(api: Api, props: Props) -> str:
    """The same on every run for one address, account, region and create-only properties
    (at most 64 characters, as EFS allows)."""
    address = address_of(props)
    fixed = json.dumps(present(props, FIXED), sort_keys=True)
    digest = hashlib.sha256(fixed.encode()).hexdigest()[:12]
    return f"{physical_name(address, api.account, api.region, 51)}-{digest}"


def _live(system: Mapping[str, Any], tags: list[dict[str, str]]) -> Live:
    props: Props = {
        "Encrypted": system["Encrypted"],
        "PerformanceMode": system["PerformanceMode"],
        "ThroughputMode": system["ThroughputMode"],
        TAGS: tags,
        **present(system, ("KmsKeyId", "ProvisionedThroughputInMibps", "AvailabilityZoneName")),
    }
    return Live(system["FileSystemId"], props, _attributes(system))


def _attributes(system: Mapping[str, Any]) -> dict[str, str]:
    return {"FileSystemId": system["FileSystemId"], "Arn": system["FileSystemArn"]}


def _update_throughput(efs: Any, current: Live, desired: Props) -> None:
    """Change the throughput mode, or the provisioned throughput, when declared otherwise."""
    mode = desired.get("ThroughputMode", DEFAULT_MODE)
    mibps = desired.get("ProvisionedThroughputInMibps")
    have = current.properties
    if mode == have.get("ThroughputMode", DEFAULT_MODE) and (
        mode != "provisioned" or mibps == have.get("ProvisionedThroughputInMibps")
    ):
        return
    params: dict[str, Any] = {"ThroughputMode": mode}
    if mode == "provisioned":
        params["ProvisionedThroughputInMibps"] = mibps
    efs.update_file_system(FileSystemId=current.physical_id, **params)
