"""CloudFormation properties of RDS and DocumentDB clusters and instances, and how the
shared API names, reads and changes each one.

A `Field` says, for one property: the create parameter, the modify parameter (or none
when AWS sets it at creation only), how a describe item reports it, and the value an
update restores when the property is no longer declared (AWS's default; KEEP leaves it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from landform.handlers.base import Props, present

KEEP: Any = object()
"""An undeclared property is left as it is."""

MISSING: Any = object()
"""What a reader returns when the describe item does not report the property."""

Reader = Callable[[Mapping[str, Any]], Any]
Change = Callable[[Any, Any, Mapping[str, Any]], Props]
"""(current, new, desired properties) -> modify parameters."""


def key(name: str, convert: Callable[[Any], Any] = lambda value: value) -> Reader:
    """Read `name` of the describe item (converted), if it is there."""
    return lambda item: convert(item[name]) if item.get(name) is not None else MISSING


def first(name: str, inner: str) -> Reader:
    """Read `inner` of the first member of list `name` (a parameter or option group)."""
    return lambda item: item[name][0][inner] if item.get(name) else MISSING


def nested(name: str, inner: str) -> Reader:
    """Read `inner` of the object `name` (an instance's subnet group)."""
    return lambda item: (item.get(name) or {}).get(inner, MISSING)


def group_ids(item: Mapping[str, Any]) -> Any:
    """The ids of the VPC security groups of the item."""
    return [group["VpcSecurityGroupId"] for group in item.get("VpcSecurityGroups", ())]


def _managed_secret(item: Mapping[str, Any]) -> Any:
    """MasterUserSecret in CloudFormation's shape, when RDS manages the password."""
    secret = item.get("MasterUserSecret")
    return present(secret, ("SecretArn", "KmsKeyId")) if secret else MISSING


def _manages_password(item: Mapping[str, Any]) -> bool:
    """ManageMasterUserPassword: RDS reports the secret it keeps."""
    return "MasterUserSecret" in item


def log_exports(current: Any, new: Any, desired: Mapping[str, Any]) -> Props:
    """Enable and disable log types, as modify calls take them."""
    have, want = set(current or ()), set(new or ())
    return {
        "CloudwatchLogsExportConfiguration": {
            "EnableLogTypes": sorted(want - have),
            "DisableLogTypes": sorted(have - want),
        }
    }


def upgrade(current: Any, new: Any, desired: Mapping[str, Any]) -> Props:
    """A cluster's engine version change: declaring the version is the consent to a
    major upgrade (clusters have no AllowMajorVersionUpgrade property)."""
    return {"EngineVersion": new, "AllowMajorVersionUpgrade": True}


def version_matches(current: Any, declared: Any) -> bool:
    """A declared engine version ("16" or "16.4") is met by any release within it."""
    have, want = str(current), str(declared)
    return have == want or have.startswith(want + ".")


@dataclass(frozen=True)
class Field:
    """How one CloudFormation property is created, read and modified."""

    name: str
    param: str = ""
    """The create and modify parameter, when it is not `name`."""
    modify: str | None = ""
    """The modify parameter when it is not `param`; None: set at creation only."""
    read: Reader | None = None
    """How a describe item reports it (default: under `name`)."""
    to_api: Callable[[Any], Any] = lambda value: value
    reset: Any = KEEP
    change: Change | None = None
    """Modify parameters for a change, when not {modify parameter: new value}."""
    matches: Callable[[Any, Any], bool] | None = None
    """Whether a current value meets the declared one, when not equality."""
    readable: bool = True
    """False for a secret AWS never reports: it is sent whenever it is declared."""

    @property
    def create_param(self) -> str:
        return self.param or self.name

    def value_of(self, item: Mapping[str, Any]) -> Any:
        return (self.read or key(self.name))(item) if self.readable else MISSING

    def same(self, current: Any, declared: Any) -> bool:
        if current is MISSING:
            return False
        if self.matches is not None:
            return self.matches(current, declared)
        return bool(_canonical(self.to_api(current)) == _canonical(self.to_api(declared)))

    def modify_params(self, current: Any, new: Any, desired: Mapping[str, Any]) -> Props:
        if self.change is not None:
            return self.change(None if current is MISSING else current, new, desired)
        return {self.modify or self.create_param: self.to_api(new)}


MASTER_PASSWORD = (
    Field("ManageMasterUserPassword", read=_manages_password),
    Field("MasterUserPassword", readable=False),
    Field(
        "MasterUserSecret",
        param="MasterUserSecretKmsKeyId",
        to_api=lambda secret: secret.get("KmsKeyId"),
        read=_managed_secret,
    ),
)
"""The master password, the user's or kept by RDS in Secrets Manager: the same fields
on instances and clusters."""


def _canonical(value: Any) -> Any:
    return sorted(map(str, value)) if isinstance(value, list) else value


def pick(fields: Iterable[Field], *names: str) -> tuple[Field, ...]:
    """The fields named, from a larger table."""
    by_name = {f.name: f for f in fields}
    return tuple(by_name[name] for name in names)


def with_pending(item: Mapping[str, Any]) -> dict[str, Any]:
    """The describe item with its pending modifications applied: a change made with
    ApplyImmediately shows there until AWS completes it, and it is what was declared."""
    pending = dict(item.get("PendingModifiedValues") or {})
    pending.pop("MasterUserPassword", None)
    logs = pending.pop("PendingCloudwatchLogsExports", None)
    merged = {**item, **pending}
    if logs:
        enabled = set(item.get("EnabledCloudwatchLogsExports") or ())
        enabled |= set(logs.get("LogTypesToEnable", ()))
        enabled -= set(logs.get("LogTypesToDisable", ()))
        merged["EnabledCloudwatchLogsExports"] = sorted(enabled)
    return merged


def read_fields(fields: Iterable[Field], item: Mapping[str, Any]) -> Props:
    """The CloudFormation properties the describe item reports."""
    found = {f.name: f.value_of(item) for f in fields}
    return {name: value for name, value in found.items() if value is not MISSING}


def create_params(fields: Iterable[Field], props: Mapping[str, Any]) -> Props:
    """Create parameters for the declared properties among `fields`."""
    params = {f.create_param: f.to_api(props[f.name]) for f in fields if f.name in props}
    return {name: value for name, value in params.items() if value is not None}


def fixed(fields: Iterable[Field]) -> frozenset[str]:
    """Properties set at creation only: changing one replaces the resource."""
    return frozenset(f.name for f in fields if f.modify is None)


def modify_params(
    fields: Iterable[Field],
    current: Mapping[str, Any],
    desired: Mapping[str, Any],
    resets: bool,
) -> Props:
    """Modify parameters that turn `current` into `desired`.

    An undeclared property AWS reports is put back to its `reset` value when `resets`;
    a property AWS never reports (a password) is sent whenever it is declared.
    """
    params: Props = {}
    for f in fields:
        if f.modify is None:
            continue
        have = current.get(f.name, MISSING)
        if f.name in desired:
            new = desired[f.name]
        elif resets and f.reset is not KEEP and have is not MISSING:
            new = f.reset
        else:
            continue
        if not f.readable or not f.same(have, new):
            params.update(f.modify_params(have, new, desired))
    return params
