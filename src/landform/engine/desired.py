"""The model turned into desired resources: plain JSON with CloudFormation intrinsics.

A reference becomes `{"Ref": address}` or `{"Fn::GetAtt": [address, attribute]}`, a Join
becomes `{"Fn::Join": ["", parts]}`, so a plan can be written to a file and read back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from landform.model.app import App
from landform.model.refs import AccountId, Join, Ref
from landform.model.resource import Resource
from landform.model.stack import Stack
from landform.model.tags import merged_tags, tags_property

UNKNOWN = "(known after apply)"


@dataclass(frozen=True)
class Desired:
    """One resource as declared, ready for planning."""

    address: str
    type_name: str
    account: str
    region: str
    properties: dict[str, Any]
    dependencies: tuple[str, ...]
    source: str | None
    deletion_policy: str | None = None
    """As declared (None: the type's default)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "type": self.type_name,
            "account": self.account,
            "region": self.region,
            "properties": self.properties,
            "dependencies": list(self.dependencies),
            "deletion_policy": self.deletion_policy,
        }


def build_desired(app: App, default_account: Callable[[], str]) -> dict[str, Desired]:
    """Every resource of the app, tags merged, references turned into intrinsics."""
    result = {}
    for resource in app.resources():
        properties = dict(resource.properties)
        if resource.schema.tag_property is not None:
            tags = tags_property(resource, merged_tags(resource))
            properties[resource.schema.tag_property] = tags
        dependencies = [dep.address for dep in resource.dependencies()]
        made_by = resource.stack.account_resource
        if made_by is not None and made_by.address not in dependencies:
            dependencies.append(made_by.address)  # made in the account once it exists
        account = _account(resource.stack, default_account)
        own_id = _intrinsics(resource.stack.account_id, account)  # AccountId: the caller's
        result[resource.address] = Desired(
            address=resource.address,
            type_name=resource.type_name,
            account=account,
            region=str(resource.stack.region),
            properties=_intrinsics(properties, own_id),
            dependencies=tuple(dependencies),
            source=resource.source,
            deletion_policy=resource.deletion_policy,
        )
    return result


def _account(stack: Stack, default_account: Callable[[], str]) -> str:
    """The stack's account id; for an account the run may still have to make, a name
    the plan resolves (see landform.engine.accounts)."""
    if stack.account is not None:
        return stack.account
    if stack.account_resource is not None:
        return pending_account(stack.account_resource.address)
    return default_account()


def pending_account(address: str) -> str:
    """How a plan names the account the Account resource at `address` makes."""
    return f"(account of {address})"


def _intrinsics(value: Any, account_id: Any) -> Any:
    """`value` with references as intrinsics, and AccountId as `account_id`."""
    if isinstance(value, AccountId):
        return account_id
    if isinstance(value, Ref):
        if value.attribute is None:
            return {"Ref": value.address}
        return {"Fn::GetAtt": [value.address, value.attribute]}
    if isinstance(value, Join):
        return {"Fn::Join": ["", [_intrinsics(part, account_id) for part in value.parts]]}
    if isinstance(value, Resource):
        return {"Ref": value.address}
    if isinstance(value, Mapping):
        return {str(k): _intrinsics(v, account_id) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_intrinsics(item, account_id) for item in value]
    return value


def fingerprint(desired: Mapping[str, Desired]) -> str:
    """A hash of the whole desired model: a saved plan refuses to run if it changed."""
    text = json.dumps([desired[a].as_json() for a in sorted(desired)], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


Lookup = Callable[[str, str | None], Any]
"""(address, attribute or None for the id) -> value, or UNKNOWN if not known yet."""


def resolve(value: Any, lookup: Lookup) -> Any:
    """Replace intrinsics with values; an unknown part makes the whole string unknown."""
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            return lookup(value["Ref"], None)
        if set(value) == {"Fn::GetAtt"}:
            address, attribute = value["Fn::GetAtt"]
            return lookup(address, attribute)
        if set(value) == {"Fn::Join"}:
            separator, parts = value["Fn::Join"]
            resolved = [resolve(part, lookup) for part in parts]
            if any(part == UNKNOWN for part in resolved):
                return UNKNOWN
            return separator.join(str(part) for part in resolved)
        return {k: resolve(v, lookup) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(item, lookup) for item in value]
    return value


def has_unknown(value: Any) -> bool:
    if value == UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(has_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(has_unknown(v) for v in value)
    return False
