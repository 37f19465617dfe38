"""What EC2 handlers share: ownership filters, tag specifications, tag sync."""

from __future__ import annotations

from typing import Any

from landform.handlers.base import Live, Props, tag_delta, tag_list
from landform.model.tags import ADDRESS_TAG

OWNED = [{"Name": "tag-key", "Values": [ADDRESS_TAG]}]
"""Filter for describe calls: only resources that carry Landform's ownership tag."""


def tag_specifications(resource_type: str, props: Props) -> list[dict[str, Any]]:
    """TagSpecifications for an EC2 create call (empty when there are no tags)."""
    tags = tag_list(props.get("Tags"))
    return [{"ResourceType": resource_type, "Tags": tags}] if tags else []


def sync_tags(client: Any, resource_id: str, current: Live, desired: Props) -> None:
    """Make the resource's tags exactly the desired ones (aws: tags are left alone)."""
    stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
    if stale:
        client.delete_tags(Resources=[resource_id], Tags=[{"Key": k} for k in stale])
    if fresh:
        client.create_tags(Resources=[resource_id], Tags=tag_list(fresh))


def tags_of(item: dict[str, Any]) -> list[dict[str, str]]:
    return tag_list(item.get("Tags"))
