"""What the ElastiCache handlers share: names, ownership by tag, tag sync, idempotent create.

ElastiCache's describe calls neither return tags nor filter on them: a list reads the
tags of each candidate with list_tags_for_resource, one call per ARN, made by READERS
threads.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from botocore.exceptions import ClientError

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Live,
    Props,
    address_of,
    error_code,
    ignoring,
    physical_name,
    present,
    read_each,
    tag_delta,
    tag_list,
    tag_map,
)
from landform.model.tags import ADDRESS_TAG

GONE = ("CacheClusterNotFound", "ReplicationGroupNotFoundFault", "CacheSubnetGroupNotFoundFault")
"""Error codes of a resource that no longer exists."""

Item = dict[str, Any]


def owned(api: Api, items: Iterable[Item]) -> list[tuple[Item, list[dict[str, str]]]]:
    """The items (describe results, with an "ARN") that `api` keeps (see `Api.keeps`),
    with their tags: one list_tags_for_resource per item."""
    ec = api.client("elasticache")
    candidates = list(items)
    tags = read_each(lambda item: tags_of(ec, item["ARN"]), candidates)
    return [(item, found) for item, found in zip(candidates, tags, strict=True) if api.keeps(found)]


def tags_of(ec: Any, arn: str) -> list[dict[str, str]]:
    """The resource's tags; none once it is gone."""
    with ignoring(*GONE, "InvalidARN"):
        return tag_list(ec.list_tags_for_resource(ResourceName=arn)["TagList"])
    return []


def clusters(api: Api) -> list[Item]:
    """Every cache cluster of the region with its nodes: standalone clusters and the
    members of replication groups, read once per Api for both types."""
    return api.pages(
        "elasticache", "describe_cache_clusters", "CacheClusters", ShowCacheNodeInfo=True
    )


def sync_tags(ec: Any, arn: Callable[[], str], current: Live, desired: Props) -> None:
    """Make the resource's tags exactly the desired ones (aws: tags are left alone);
    `arn` is called only when there is something to change."""
    stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
    if not (stale or fresh):
        return
    resource = arn()
    if stale:
        ec.remove_tags_from_resource(ResourceName=resource, TagKeys=stale)
    if fresh:
        ec.add_tags_to_resource(ResourceName=resource, Tags=tag_list(fresh))


def settings_to_change(
    have: Mapping[str, Any], desired: Mapping[str, Any], names: Iterable[str], defaults: Props
) -> Props:
    """The settings among `names` whose declared value differs from what exists (lists
    compared unordered). A setting no longer declared goes back to its AWS default where
    it has one and is known to differ; one without a default is left as it is."""
    params: Props = {}
    for name in names:
        if name in desired:
            want = desired[name]
        elif name in defaults and name in have:
            want = defaults[name]
        else:
            continue
        if _comparable(have.get(name)) != _comparable(want):
            params[name] = want
    return params


def _comparable(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def name_of(
    api: Api, props: Mapping[str, Any], prop: str, replacing: Iterable[str], max_length: int
) -> str:
    """The declared name, or one derived from the address (in lower case, as ElastiCache
    keeps names). The derived name's hash also covers the properties whose change
    replaces the resource, so that a replacement, which exists beside the old resource
    for a while, gets a name of its own."""
    if prop in props:
        return str(props[prop])
    kept = json.dumps(present(props, tuple(sorted(replacing))), sort_keys=True, default=str)
    return physical_name(address_of(props), api.account, f"{api.region}\n{kept}", max_length)


def create_once(
    ec: Any,
    create: Callable[[], Item],
    exists: str,
    describe: Callable[[], Item],
    props: Props,
    conflicts: Callable[[Item], list[str]],
) -> Item:
    """What `create` makes. When the name is taken (`exists`) by a resource carrying this
    declaration's ownership tag (a create that AWS carried out though its answer was lost),
    that one, unless `conflicts` finds properties it does not have as declared: then the
    name is the old copy's in a replacement, which needs a name of its own."""
    try:
        return create()
    except ClientError as error:
        if error_code(error) != exists:
            raise
    item = describe()
    if tag_map(tags_of(ec, item["ARN"])).get(ADDRESS_TAG) != address_of(props):
        raise LandformError(
            f"{item['ARN']} exists and was not made by Landform for this declaration",
            hint="declare another name, or delete or rename the existing resource",
        )
    moved = conflicts(item)
    if moved:
        raise LandformError(
            f"{item['ARN']} exists with another {', '.join(moved)}: replacing it needs a "
            "name of its own",
            hint="declare a new name, or leave the name out for Landform to derive one",
        )
    return item


def conflicts_of(
    props: Props, found: Props, replacing: Iterable[str], secret: Iterable[str] = ()
) -> list[str]:
    """The declared properties among `replacing` that an existing resource (read as
    `found`) does not have as declared; a secret cannot be read back, so it counts."""
    secrets = set(secret)
    return sorted(
        name
        for name in replacing
        if name in props and (name in secrets or (name in found and found[name] != props[name]))
    )


def endpoint(found: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """An endpoint as CloudFormation's GetAtt gives it: Address and Port."""
    if not found or "Address" not in found:
        return None
    return {"Address": found["Address"], "Port": found["Port"]}
