"""ECS values in CloudFormation's shape to and from the ECS API's, by the API's model.

CloudFormation names keys in PascalCase, the API in camelCase: keys are matched to the
API's members without regard to case (EFSVolumeConfiguration is efsVolumeConfiguration),
and the few names that differ otherwise are in RENAMED. Maps (log driver options, Docker
labels) keep their keys as written.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

import botocore.session

from landform.handlers.base import Props
from landform.model.schema import ResourceSchema, schema_for

RENAMED = {
    "ClusterSettings": "settings",
    "PlacementStrategies": "placementStrategy",
    "ProxyConfigurationProperties": "properties",
}
"""CloudFormation names -> the API's, where they differ by more than case."""

_BACK = {api: name for name, api in RENAMED.items()}


@functools.cache
def _model() -> Any:
    return botocore.session.get_session().get_service_model("ecs")


def request(operation: str, props: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The parameters of `operation` for those of the properties `names` that are in `props`."""
    declared = {name: props[name] for name in names if name in props}
    return dict(_to_api(declared, _model().operation_model(operation).input_shape))


def properties(type_name: str, shape: str, item: Mapping[str, Any], names: Iterable[str]) -> Props:
    """The properties `names` of a `type_name`, read from an API structure named `shape`."""
    structure = _model().shape_for(shape)
    schema = schema_for(type_name)
    found: Props = {}
    for name in names:
        member = _member(structure, name)
        if item.get(member) is not None:
            node = schema.properties.get(name, {})
            found[name] = _from_api(item[member], structure.members[member], schema, node)
    return found


def _member(structure: Any, name: str) -> str:
    """The member of an API structure that holds CloudFormation key `name`."""
    wanted = RENAMED.get(name, name)
    members = {member.lower(): member for member in structure.members}
    return str(members.get(wanted.lower(), wanted[:1].lower() + wanted[1:]))


def _to_api(value: Any, shape: Any) -> Any:
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        result = {}
        for key, item in value.items():
            member = _member(shape, key)
            known = member in shape.members
            result[member] = _to_api(item, shape.members[member]) if known else item
        return result
    if kind == "list" and isinstance(value, list):
        return [_to_api(item, shape.member) for item in value]
    if kind == "map" and isinstance(value, Mapping):
        return {key: _to_api(item, shape.value) for key, item in value.items()}
    return value


def _from_api(value: Any, shape: Any, schema: ResourceSchema, node: Mapping[str, Any]) -> Any:
    node = schema.resolve(node)
    kind = shape.type_name
    if kind == "structure" and isinstance(value, Mapping):
        known = node.get("properties", {})
        names = {name.lower(): name for name in known}
        result = {}
        for key, item in value.items():
            name = names.get(key.lower()) or _BACK.get(key) or key[:1].upper() + key[1:]
            member = shape.members.get(key)
            child = known.get(name, {})
            result[name] = item if member is None else _from_api(item, member, schema, child)
        return result
    if kind == "list" and isinstance(value, list):
        return [_from_api(item, shape.member, schema, node.get("items", {})) for item in value]
    return value
