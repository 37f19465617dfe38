"""What the EFS handlers share: ownership under the type's own tag property, tag sync."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import Api, tag_delta, tag_list

GONE = frozenset({"deleting", "deleted"})
"""Life cycle states of EFS resources that are on their way out: not listed."""


def owned_tags(api: Api, item: Mapping[str, Any]) -> list[dict[str, str]] | None:
    """The tags of a described item (CloudFormation-shaped), or None when `api` does not
    keep it (see `Api.keeps`)."""
    tags = tag_list(item.get("Tags"))
    return tags if api.keeps(tags) else None


def sync_tags(efs: Any, resource_id: str, have: Any, want: Any) -> None:
    """Make a file system's or access point's tags exactly `want` (aws: tags left alone)."""
    stale, fresh = tag_delta(have, want)
    if stale:
        efs.untag_resource(ResourceId=resource_id, TagKeys=stale)
    if fresh:
        efs.tag_resource(ResourceId=resource_id, Tags=tag_list(fresh))
