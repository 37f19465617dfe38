"""AWS::Glacier::Vault (a type Landform defines: src/landform/model/schemas/)"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    ignoring,
    physical_name,
    read_each,
    tag_delta,
    tag_map,
)
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

NAME_LENGTH = 255


@register
class Vault(Handler):
    """An S3 Glacier vault, named VaultName or else after its address; its physical id is
    its name. Tags are a map. create_vault takes no tags, but it is idempotent: a run
    that crashed before tagging the vault gets the same vault back, and tags it.

    Glacier filters vaults on nothing: `list` costs one paginated list_vaults and one
    list_tags_for_vault per vault of the region, made by READERS threads. AccessPolicy and
    Notifications have calls of their own: they are compared with state, and read (one
    call each) when a vault is adopted, or updated with one neither declared nor in state
    (it is removed).

    The emulator serves none of the vault's tags, access policy or notifications: this
    handler is tested with botocore's Stubber on AWS-shaped answers.
    """

    TYPE = "AWS::Glacier::Vault"
    NAME = "VaultName"
    UNREADABLE = frozenset({"AccessPolicy", "Notifications"})

    def list(self, api: Api) -> Iterable[Live]:
        glacier = api.client("glacier")
        vaults = api.pages("glacier", "list_vaults", "VaultList")
        tags = read_each(lambda vault: _tags(glacier, vault["VaultName"]), vaults)
        for vault, found in zip(vaults, tags, strict=True):
            if api.keeps(found):
                props = {"VaultName": vault["VaultName"], "Tags": found}
                yield Live(vault["VaultName"], props, {"Arn": vault["VaultARN"]})

    def describe(self, api: Api, listed: Live) -> Live:
        glacier = api.client("glacier")
        settings = {s.name: s.read(glacier, listed.physical_id) for s in SETTINGS}
        found = {name: value for name, value in settings.items() if value is not None}
        return Live(listed.physical_id, {**listed.properties, **found}, listed.attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        glacier = api.client("glacier")
        address = address_of(props)
        name = props.get("VaultName") or physical_name(
            address, api.account, api.region, NAME_LENGTH
        )
        location = glacier.create_vault(vaultName=name)["location"]
        tags = _tags(glacier, name)
        if tags and tags.get(ADDRESS_TAG) != address:
            raise LandformError(
                f"Glacier vault {name} exists and was not made by Landform for {address}",
                hint="declare another VaultName, or delete that vault",
            )
        account = location.split("/")[1]
        arn = f"arn:{glacier.meta.partition}:glacier:{api.region}:{account}:vaults/{name}"
        known = {} if tags else {s.name: None for s in SETTINGS}
        current = Live(name, {"VaultName": name, "Tags": tags, **known}, {"Arn": arn})
        return self.update(api, current, props)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        glacier = api.client("glacier")
        name = current.physical_id
        stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
        if stale:
            glacier.remove_tags_from_vault(vaultName=name, TagKeys=stale)
        if fresh:
            glacier.add_tags_to_vault(vaultName=name, Tags=fresh)
        for setting in SETTINGS:
            want = desired.get(setting.name)
            if setting.name in current.properties:
                have = current.properties[setting.name]
            else:
                have = setting.read(glacier, name)
            if setting.canonical(want) != setting.canonical(have):
                setting.write(glacier, name, want)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("ResourceNotFoundException"):
            api.client("glacier").delete_vault(vaultName=current.physical_id)


def _tags(glacier: Any, name: str) -> dict[str, str]:
    """The vault's tags; none for a vault gone meanwhile."""
    with ignoring("ResourceNotFoundException"):
        return tag_map(glacier.list_tags_for_vault(vaultName=name)["Tags"])
    return {}


@dataclass(frozen=True)
class _Setting:
    """A vault property with calls of its own to read, put and delete it."""

    name: str
    read: Callable[[Any, str], Any]
    """The value, or None when the vault has none."""
    put: Callable[[Any, str, Any], None]
    remove: Callable[[Any, str], None]
    canonical: Callable[[Any], Any]

    def write(self, glacier: Any, name: str, value: Any) -> None:
        if value is None:
            with ignoring("ResourceNotFoundException"):
                self.remove(glacier, name)
        else:
            self.put(glacier, name, value)


def _read_policy(glacier: Any, name: str) -> Any:
    with ignoring("ResourceNotFoundException"):
        return json.loads(glacier.get_vault_access_policy(vaultName=name)["policy"]["Policy"])
    return None


def _read_notifications(glacier: Any, name: str) -> Any:
    with ignoring("ResourceNotFoundException"):
        found = glacier.get_vault_notifications(vaultName=name)["vaultNotificationConfig"]
        return {"SNSTopic": found["SNSTopic"], "Events": found.get("Events", [])}
    return None


def _events_unordered(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {**value, "Events": sorted(value.get("Events", ()))}
    return value


SETTINGS = (
    _Setting(
        "AccessPolicy",
        _read_policy,
        lambda glacier, name, policy: glacier.set_vault_access_policy(
            vaultName=name, policy={"Policy": json.dumps(policy)}
        ),
        lambda glacier, name: glacier.delete_vault_access_policy(vaultName=name),
        lambda value: value,
    ),
    _Setting(
        "Notifications",
        _read_notifications,
        lambda glacier, name, config: glacier.set_vault_notifications(
            vaultName=name, vaultNotificationConfig=dict(config)
        ),
        lambda glacier, name: glacier.delete_vault_notifications(vaultName=name),
        _events_unordered,
    ),
)
