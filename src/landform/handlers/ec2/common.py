"""What EC2 handlers share: ownership filters, tag specifications, tag sync."""

from __future__ import annotations

from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Live, Props, tag_list, tag_map
from landform.model.tags import ADDRESS_TAG

OWNED = [{"Name": "tag-key", "Values": [ADDRESS_TAG]}]
"""Filter for describe calls: only resources that carry Landform's ownership tag."""


def tag_specifications(resource_type: str, props: Props) -> list[dict[str, Any]]:
    """TagSpecifications for an EC2 create call (empty when there are no tags)."""
    tags = tag_list(props.get("Tags"))
    return [{"ResourceType": resource_type, "Tags": tags}] if tags else []


def sync_tags(client: Any, resource_id: str, current: Live, desired: Props) -> None:
    """Make the resource's tags exactly the desired ones (aws: tags are left alone)."""
    have = {
        k: v for k, v in tag_map(current.properties.get("Tags")).items() if not k.startswith("aws:")
    }
    want = tag_map(desired.get("Tags"))
    stale = [{"Key": k} for k in have if k not in want]
    fresh = [{"Key": k, "Value": v} for k, v in want.items() if have.get(k) != v]
    if stale:
        client.delete_tags(Resources=[resource_id], Tags=stale)
    if fresh:
        client.create_tags(Resources=[resource_id], Tags=fresh)


def tags_of(item: dict[str, Any]) -> list[dict[str, str]]:
    return tag_list(item.get("Tags"))


def tag_delta(have: Any, want: Any) -> tuple[list[str], dict[str, str]]:
    """Keys to remove and tags to set to turn tags `have` into `want` (aws: keys kept)."""
    old = {k: v for k, v in tag_map(have).items() if not k.startswith("aws:")}
    new = tag_map(want)
    return [k for k in old if k not in new], {k: v for k, v in new.items() if old.get(k) != v}


def present(item: dict[str, Any], names: tuple[str, ...]) -> Props:
    """The entries of `item` among `names` (EC2's API and CloudFormation share most names)."""
    return {name: item[name] for name in names if name in item}


def unsupported(type_name: str, props: Props, names: tuple[str, ...]) -> None:
    """Refuse declared properties that Landform does not manage yet for the type."""
    found = [name for name in names if name in props]
    if found:
        raise LandformError(
            f"Landform does not support {', '.join(found)} of {type_name} yet",
            hint="remove it from the declaration, or manage this resource outside Landform",
        )


def refuse_changes(type_name: str, current: Live, desired: Props, names: tuple[str, ...]) -> None:
    """Refuse to change `names` in place: Landform sets them only when it creates.

    Only declared values count (lists compared unordered); a removed one is left as it is.
    """
    moved = [
        name
        for name in names
        if name in desired and _unordered(desired[name]) != _unordered(current.properties.get(name))
    ]
    if moved:
        raise LandformError(
            f"Landform cannot change {', '.join(moved)} of {type_name} in place yet",
            hint="declare the old value again, or give the resource a new logical id to replace it",
        )


def _unordered(value: Any) -> Any:
    return sorted(map(str, value)) if isinstance(value, list) else value
