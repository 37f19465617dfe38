"""AWS::RDS::DBSubnetGroup"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    error_code,
    ignoring,
    present,
    tag_list,
)
from landform.handlers.rds.names import derived_name, same_owner, taken
from landform.handlers.rds.tags import read_tags, sync_tags, tags_of
from landform.handlers.registry import register

GONE = "DBSubnetGroupNotFoundFault"
PROPERTIES = ("DBSubnetGroupDescription", "DBSubnetGroupName", "SubnetIds", "Tags")


@register
class DBSubnetGroup(Handler):
    """A DB subnet group. An undeclared DBSubnetGroupName is derived from the address and
    the run (see names.derived_name); AWS reports names in lower case, so the name is
    compared with state.

    describe_db_subnet_groups neither returns tags nor filters on them: `list` is that one
    paginated call, then one list_tags_for_resource per group of the region, made by
    READERS threads, to keep the groups that carry the ownership tag.
    """

    TYPE = "AWS::RDS::DBSubnetGroup"
    SERVICE: ClassVar[str] = "rds"
    NAME = "DBSubnetGroupName"
    UNREADABLE = frozenset({"DBSubnetGroupName"})

    def list(self, api: Api) -> Iterable[Live]:
        groups = api.pages(self.SERVICE, "describe_db_subnet_groups", "DBSubnetGroups")
        arns = [group["DBSubnetGroupArn"] for group in groups]
        found = read_tags(api.client(self.SERVICE), arns, GONE)
        for group, tags in zip(groups, found, strict=True):
            if api.keeps(tags):
                yield _live(group, tags)

    def create(self, api: Api, props: Props, token: str) -> Live:
        client = api.client(self.SERVICE)
        declared = props.get("DBSubnetGroupName")
        name = str(declared or derived_name(api, props, token))
        try:
            group = client.create_db_subnet_group(
                DBSubnetGroupName=name,
                DBSubnetGroupDescription=props["DBSubnetGroupDescription"],
                SubnetIds=props["SubnetIds"],
                Tags=tag_list(props.get("Tags")),
            )["DBSubnetGroup"]
        except Exception as error:
            if error_code(error) != "DBSubnetGroupAlreadyExists":
                raise
            if declared:
                raise taken("DB subnet group", name, "DBSubnetGroupName") from error
            return _adopt(client, name, props)
        return Live(group["DBSubnetGroupName"], present(props, PROPERTIES), _attributes(group))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        client = api.client(self.SERVICE)
        if changed(current, desired, "DBSubnetGroupDescription") or sorted(
            current.properties["SubnetIds"]
        ) != sorted(desired["SubnetIds"]):
            client.modify_db_subnet_group(
                DBSubnetGroupName=current.physical_id,
                DBSubnetGroupDescription=desired["DBSubnetGroupDescription"],
                SubnetIds=desired["SubnetIds"],
            )
        arn = current.attributes["DBSubnetGroupArn"]
        sync_tags(client, arn, current.properties.get("Tags"), desired.get("Tags"))
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring(GONE):
            api.client(self.SERVICE).delete_db_subnet_group(DBSubnetGroupName=current.physical_id)


def _live(group: Mapping[str, Any], tags: list[dict[str, str]]) -> Live:
    props = {
        "DBSubnetGroupDescription": group["DBSubnetGroupDescription"],
        "DBSubnetGroupName": group["DBSubnetGroupName"],
        "SubnetIds": [subnet["SubnetIdentifier"] for subnet in group.get("Subnets", ())],
        "Tags": tags,
    }
    return Live(group["DBSubnetGroupName"], props, _attributes(group))


def _attributes(group: Mapping[str, Any]) -> dict[str, Any]:
    return {"DBSubnetGroupArn": group["DBSubnetGroupArn"]}


def _adopt(client: Any, name: str, props: Props) -> Live:
    """What an earlier request of this run created (see names.derived_name)."""
    (group,) = client.describe_db_subnet_groups(DBSubnetGroupName=name)["DBSubnetGroups"]
    tags = tags_of(client, group["DBSubnetGroupArn"], GONE)
    if not same_owner(tags, props):
        raise taken("DB subnet group", name, "DBSubnetGroupName")
    return _live(group, tags)
