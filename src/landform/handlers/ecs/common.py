"""What the ECS handlers share: tags in ECS's shape, the region's clusters, reads made in
parallel, and comparing what AWS reports with what is declared."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from landform.handlers.base import Api, Live, Props, tag_delta, tag_list

T = TypeVar("T")
R = TypeVar("R")

DESCRIBED_CLUSTERS = 100
"""The most clusters one describe_clusters call takes."""

LIVE_CLUSTERS = frozenset({"ACTIVE", "PROVISIONING", "FAILED"})
"""Cluster states that are not (being) deleted."""


def batches(items: list[T], size: int) -> list[list[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def clusters(api: Api) -> list[dict[str, Any]]:
    """The region's clusters that are not deleted, with their tags, settings and
    configuration: list_clusters, then describe_clusters by DESCRIBED_CLUSTERS, once per
    Api (the cluster and service lists share them)."""
    arns = api.pages("ecs", "list_clusters", "clusterArns")
    include = ["TAGS", "SETTINGS", "CONFIGURATIONS"]
    found = [
        cluster
        for batch in batches(arns, DESCRIBED_CLUSTERS)
        for cluster in api.pages(
            "ecs", "describe_clusters", "clusters", clusters=batch, include=include
        )
    ]
    return [cluster for cluster in found if cluster["status"] in LIVE_CLUSTERS]


def ecs_tags(tags: Any) -> list[dict[str, str]]:
    """Tags in ECS's key/value shape."""
    return [{"key": t["Key"], "value": t["Value"]} for t in tag_list(tags)]


def tags_of(item: Mapping[str, Any]) -> list[dict[str, str]]:
    """An ECS resource's tags in CloudFormation's Key/Value shape."""
    return tag_list({t["key"]: t.get("value", "") for t in item.get("tags") or ()})


def sync_tags(ecs: Any, arn: str, current: Live, desired: Props) -> None:
    """Make the resource's tags exactly the desired ones (aws: tags are left alone)."""
    stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
    if stale:
        ecs.untag_resource(resourceArn=arn, tagKeys=stale)
    if fresh:
        ecs.tag_resource(resourceArn=arn, tags=ecs_tags(fresh))


def covers(have: Any, want: Any) -> bool:
    """Whether `have`, as AWS reports it, holds everything `want` declares (AWS's extra
    keys and the order of list items aside)."""
    if isinstance(want, Mapping):
        return isinstance(have, Mapping) and all(
            key in have and covers(have[key], value) for key, value in want.items()
        )
    if isinstance(want, list):
        if not isinstance(have, list) or len(have) != len(want):
            return False
        left = list(have)
        for item in want:
            match = next((index for index, h in enumerate(left) if covers(h, item)), None)
            if match is None:
                return False
            left.pop(match)
        return True
    return bool(have == want)
