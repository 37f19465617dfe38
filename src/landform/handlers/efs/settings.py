"""A file system's settings with calls of their own: LifecyclePolicies, BackupPolicy and
FileSystemPolicy. describe_file_systems does not return them."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from landform.handlers.base import Props, ignoring


@dataclass(frozen=True)
class Setting:
    """One setting: what AWS has when it is not set, and how to read and write it."""

    name: str
    default: Any
    """None: nothing."""
    read: Callable[[Any, str], Any]
    write: Callable[[Any, str, Any, Props], None]
    canonical: Callable[[Any], Any] = lambda value: value
    """The value as compared (declared and read values may differ in form only)."""

    def same(self, have: Any, want: Any) -> bool:
        return bool(self.canonical(have) == self.canonical(want))


def configure(efs: Any, system_id: str, known: Mapping[str, Any], desired: Props) -> None:
    """Make every setting what is declared, or AWS's default where it is not; settings
    not in `known` are read first."""
    for setting in SETTINGS:
        want = desired.get(setting.name, setting.default)
        have = known[setting.name] if setting.name in known else setting.read(efs, system_id)
        if not setting.same(have, want):
            setting.write(efs, system_id, want, desired)


def _read_lifecycle(efs: Any, system_id: str) -> list[dict[str, str]]:
    answer = efs.describe_lifecycle_configuration(FileSystemId=system_id)
    return list(answer["LifecyclePolicies"])


def _write_lifecycle(efs: Any, system_id: str, policies: Any, desired: Props) -> None:
    efs.put_lifecycle_configuration(FileSystemId=system_id, LifecyclePolicies=policies)


def _unordered(policies: Any) -> Any:
    return sorted(json.dumps(policy, sort_keys=True) for policy in policies)


_SETTLED = {"ENABLING": "ENABLED", "DISABLING": "DISABLED"}


def _read_backup(efs: Any, system_id: str) -> dict[str, str]:
    """The backup policy; DISABLED when none was ever put."""
    with ignoring("PolicyNotFound"):
        status = efs.describe_backup_policy(FileSystemId=system_id)["BackupPolicy"]["Status"]
        return {"Status": _SETTLED.get(status, status)}
    return {"Status": "DISABLED"}


def _write_backup(efs: Any, system_id: str, policy: Any, desired: Props) -> None:
    efs.put_backup_policy(FileSystemId=system_id, BackupPolicy={"Status": policy["Status"]})


def _read_policy(efs: Any, system_id: str) -> Any:
    with ignoring("PolicyNotFound"):
        return json.loads(efs.describe_file_system_policy(FileSystemId=system_id)["Policy"])
    return None


def _write_policy(efs: Any, system_id: str, policy: Any, desired: Props) -> None:
    if policy is None:
        with ignoring("PolicyNotFound"):
            efs.delete_file_system_policy(FileSystemId=system_id)
        return
    efs.put_file_system_policy(
        FileSystemId=system_id,
        Policy=policy if isinstance(policy, str) else json.dumps(policy),
        BypassPolicyLockoutSafetyCheck=desired.get("BypassPolicyLockoutSafetyCheck", False),
    )


def _document(policy: Any) -> Any:
    """A policy declared as JSON text, as the object it is."""
    return json.loads(policy) if isinstance(policy, str) else policy


SETTINGS = (
    Setting("LifecyclePolicies", [], _read_lifecycle, _write_lifecycle, _unordered),
    Setting("BackupPolicy", {"Status": "DISABLED"}, _read_backup, _write_backup),
    Setting("FileSystemPolicy", None, _read_policy, _write_policy, _document),
)
