"""AWS::ElastiCache::SubnetGroup"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, changed, ignoring, present, tag_list
from landform.handlers.elasticache.common import create_once, name_of, owned, sync_tags
from landform.handlers.registry import register

NAME_LENGTH = 255


@register
class SubnetGroup(Handler):
    """A cache subnet group, named CacheSubnetGroupName or else after its address.

    `list` costs describe_cache_subnet_groups (one paginated call) and one
    list_tags_for_resource per subnet group of the region. The emulator implements neither
    modify_cache_subnet_group nor delete_cache_subnet_group: those paths are tested with
    botocore's Stubber on AWS-shaped answers.
    """

    TYPE = "AWS::ElastiCache::SubnetGroup"
    NAME = "CacheSubnetGroupName"

    def list(self, api: Api) -> Iterable[Live]:
        groups = api.pages("elasticache", "describe_cache_subnet_groups", "CacheSubnetGroups")
        for group, tags in owned(api, groups):
            yield Live(group["CacheSubnetGroupName"], {**_properties(group), "Tags": tags})

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec = api.client("elasticache")
        name = name_of(api, props, self.NAME, (), NAME_LENGTH)
        create_once(
            ec,
            lambda: ec.create_cache_subnet_group(
                CacheSubnetGroupName=name,
                CacheSubnetGroupDescription=props["Description"],
                SubnetIds=props["SubnetIds"],
                Tags=tag_list(props.get("Tags")),
            )["CacheSubnetGroup"],
            "CacheSubnetGroupAlreadyExists",
            lambda: _describe(ec, name),
            props,
            lambda group: [],
        )
        created = present(props, ("CacheSubnetGroupName", "Description", "SubnetIds", "Tags"))
        return Live(name, created)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec = api.client("elasticache")
        name = current.physical_id
        moved = sorted(current.properties.get("SubnetIds", ())) != sorted(desired["SubnetIds"])
        if moved or changed(current, desired, "Description"):
            ec.modify_cache_subnet_group(
                CacheSubnetGroupName=name,
                CacheSubnetGroupDescription=desired["Description"],
                SubnetIds=desired["SubnetIds"],
            )
        sync_tags(ec, lambda: str(_describe(ec, name)["ARN"]), current, desired)
        return Live(name, desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("CacheSubnetGroupNotFoundFault"):
            api.client("elasticache").delete_cache_subnet_group(
                CacheSubnetGroupName=current.physical_id
            )


def _describe(ec: Any, name: str) -> dict[str, Any]:
    groups = ec.describe_cache_subnet_groups(CacheSubnetGroupName=name)["CacheSubnetGroups"]
    return dict(groups[0])


def _properties(group: dict[str, Any]) -> Props:
    return {
        "CacheSubnetGroupName": group["CacheSubnetGroupName"],
        "Description": group["CacheSubnetGroupDescription"],
        "SubnetIds": [subnet["SubnetIdentifier"] for subnet in group.get("Subnets", ())],
    }
