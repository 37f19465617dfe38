"""What CloudWatch's taggable types (alarms, dashboards) share: their tags, read and
changed through the resource's ARN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from landform.handlers.base import ignoring, tag_delta, tag_list

GONE = ("ResourceNotFound", "ResourceNotFoundException")
"""CloudWatch's error codes for a resource that does not exist."""


def tags_of(cw: Any, arn: str) -> list[dict[str, str]]:
    """The resource's tags; none for one deleted since it was listed."""
    with ignoring(*GONE):
        return list(cw.list_tags_for_resource(ResourceARN=arn)["Tags"])
    return []


def sync_tags(cw: Any, arn: Callable[[], str], have: Any, want: Any) -> None:
    """Make tags `have` into `want`; `arn` is asked for only when they differ."""
    stale, fresh = tag_delta(have, want)
    if not (stale or fresh):
        return
    resource = arn()
    if stale:
        cw.untag_resource(ResourceARN=resource, TagKeys=stale)
    if fresh:
        cw.tag_resource(ResourceARN=resource, Tags=tag_list(fresh))
