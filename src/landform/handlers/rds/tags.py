"""Tags of RDS and DocumentDB resources, addressed by ARN through the RDS API."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import ignoring, read_each, tag_delta, tag_list


def sync_tags(client: Any, arn: str, have: Any, want: Any) -> None:
    """Make the resource's tags `want` (aws: tags are left alone)."""
    stale, fresh = tag_delta(have, want)
    if stale:
        client.remove_tags_from_resource(ResourceName=arn, TagKeys=stale)
    if fresh:
        client.add_tags_to_resource(ResourceName=arn, Tags=tag_list(fresh))


def tags_of(client: Any, arn: str, gone: str) -> list[dict[str, str]]:
    """The resource's tags; none when it went away meanwhile (error code `gone`)."""
    with ignoring(gone):
        return tag_list(client.list_tags_for_resource(ResourceName=arn)["TagList"])
    return []


def read_tags(client: Any, arns: Iterable[str], gone: str) -> list[list[dict[str, str]]]:
    """The tags of every resource of `arns`, in order, read by READERS threads."""
    return read_each(lambda arn: tags_of(client, arn, gone), arns)
