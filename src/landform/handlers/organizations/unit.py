"""AWS::Organizations::OrganizationalUnit"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    ignoring,
    present,
    read_each,
    tag_list,
)
from landform.handlers.organizations.common import (
    NOT_IN_USE,
    SERVICE,
    organization_id,
    path_of,
    roots,
    sync_tags,
    tags_of,
)
from landform.handlers.registry import register

_PROPS = ("Name", "ParentId", "Tags")
_GONE = ("OrganizationalUnitNotFoundException", "TargetNotFoundException", NOT_IN_USE)


@dataclass(frozen=True)
class _Unit:
    """An OU as the walk down the tree finds it."""

    ou: dict[str, Any]
    parent_id: str
    path: str


@register
class OrganizationalUnit(Handler):
    """An OU; its physical id is its id. A new Name renames it in place; a new ParentId
    replaces it (AWS moves accounts between OUs, never OUs).

    Organizations lists OUs one parent at a time and filters nothing on tags: `list`
    walks the tree from the root, one list_organizational_units_for_parent per root and
    OU (the parents of one level read by READERS threads, shared per Api), then reads
    the tags of every OU (list_tags_for_resource, by READERS threads) to keep those
    Landform owns. Deleting an OU that still holds accounts or OUs fails, as in AWS.
    """

    TYPE = "AWS::Organizations::OrganizationalUnit"

    def list(self, api: Api) -> Iterable[Live]:
        found = read_each(lambda unit: _read(api, unit), _tree(api))
        return [live for live in found if live is not None]

    def create(self, api: Api, props: Props, token: str) -> Live:
        ou = api.client(SERVICE).create_organizational_unit(
            ParentId=props["ParentId"], Name=props["Name"], Tags=tag_list(props.get("Tags"))
        )["OrganizationalUnit"]
        path = f"{path_of(api, props['ParentId'])}{ou['Id']}/"
        return Live(ou["Id"], present(props, _PROPS), _attributes(ou, path))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        if changed(current, desired, "Name"):
            api.client(SERVICE).update_organizational_unit(
                OrganizationalUnitId=current.physical_id, Name=desired["Name"]
            )
        sync_tags(api, current.physical_id, current, desired)
        return Live(current.physical_id, present(desired, _PROPS), current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring(*_GONE):
            api.client(SERVICE).delete_organizational_unit(OrganizationalUnitId=current.physical_id)


def _tree(api: Api) -> list[_Unit]:
    """Every OU of the organization, level by level from the root."""
    level = [
        _Unit(root, "", f"{organization_id(root['Arn'])}/{root['Id']}/") for root in roots(api)
    ]
    found: list[_Unit] = []
    while level:
        level = [unit for units in read_each(lambda p: _children(api, p), level) for unit in units]
        found += level
    return found


def _children(api: Api, parent: _Unit) -> list[_Unit]:
    parent_id = parent.ou["Id"]
    units = api.pages(
        SERVICE, "list_organizational_units_for_parent", "OrganizationalUnits", ParentId=parent_id
    )
    return [_Unit(ou, parent_id, f"{parent.path}{ou['Id']}/") for ou in units]


def _read(api: Api, unit: _Unit) -> Live | None:
    """The OU in CloudFormation shape, if `api` keeps it (see `Api.keeps`) and it still
    exists."""
    with ignoring(*_GONE):
        tags = tags_of(api, unit.ou["Id"])
        if not api.keeps(tags):
            return None
        props = {"Name": unit.ou["Name"], "ParentId": unit.parent_id, "Tags": tags}
        return Live(unit.ou["Id"], props, _attributes(unit.ou, unit.path))
    return None


def _attributes(ou: dict[str, Any], path: str) -> dict[str, Any]:
    return {"Id": ou["Id"], "Arn": ou["Arn"], "Path": path}
