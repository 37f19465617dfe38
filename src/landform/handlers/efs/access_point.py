"""AWS::EFS::AccessPoint"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present, tag_list
from landform.handlers.efs.common import GONE, owned_tags, sync_tags
from landform.handlers.registry import register

TAGS = "AccessPointTags"
POSIX_IDS = frozenset({"Uid", "Gid", "SecondaryGids", "OwnerUid", "OwnerGid"})
"""Keys whose values CloudFormation writes as strings and the EFS API as integers."""
AVAILABLE_WITHIN = 300.0


@register
class AccessPoint(Handler):
    """An EFS access point. Everything but its tags is create-only.

    `list` is one paginated describe_access_points over the region's access points.
    ClientToken, when not declared, is the run's idempotency token.
    """

    TYPE = "AWS::EFS::AccessPoint"

    def list(self, api: Api) -> Iterable[Live]:
        for point in api.pages("efs", "describe_access_points", "AccessPoints"):
            tags = owned_tags(api, point)
            if tags is not None and point["LifeCycleState"] not in GONE:
                props = {
                    **_posix_ids(
                        present(point, ("FileSystemId", "PosixUser", "RootDirectory")), str
                    ),
                    "ClientToken": point["ClientToken"],
                    TAGS: tags,
                }
                yield Live(point["AccessPointId"], props, _attributes(point))

    def create(self, api: Api, props: Props, token: str) -> Live:
        point = api.client("efs").create_access_point(
            ClientToken=props.get("ClientToken", token),
            Tags=tag_list(props.get(TAGS)),
            **_posix_ids(present(props, ("FileSystemId", "PosixUser", "RootDirectory")), int),
        )
        return Live(point["AccessPointId"], dict(props), _attributes(point))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        efs = api.client("efs")
        sync_tags(efs, current.physical_id, current.properties.get(TAGS), desired.get(TAGS))
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("AccessPointNotFound"):
            api.client("efs").delete_access_point(AccessPointId=current.physical_id)

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait(
            "efs",
            "access_point_available",
            timeout=AVAILABLE_WITHIN,
            AccessPointId=current.physical_id,
        )
        return current


def _attributes(point: Mapping[str, Any]) -> dict[str, str]:
    return {"AccessPointId": point["AccessPointId"], "Arn": point["AccessPointArn"]}


def _posix_ids(value: Any, kind: Callable[[Any], Any]) -> Any:
    """`value` with the POSIX ids in it converted by `kind` (str or int)."""
    if not isinstance(value, Mapping):
        return value
    return {
        key: (_convert(item, kind) if key in POSIX_IDS else _posix_ids(item, kind))
        for key, item in value.items()
    }


def _convert(value: Any, kind: Callable[[Any], Any]) -> Any:
    return [kind(item) for item in value] if isinstance(value, list) else kind(value)
