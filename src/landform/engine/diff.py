"""Property-by-property comparison of CloudFormation-shaped values."""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from landform.engine.desired import UNKNOWN, has_unknown
from landform.handlers.base import tag_list
from landform.model.schema import ResourceSchema

ABSENT = "(not set)"


@dataclass(frozen=True)
class PropertyChange:
    """One property's before and after; `replaces` when changing it forces replacement."""

    name: str
    before: Any
    after: Any
    replaces: bool = False

    @property
    def known_after_apply(self) -> bool:
        return has_unknown(self.after)

    def as_json(self) -> dict[str, Any]:
        return {
            "property": self.name,
            "before": self.before,
            "after": self.after,
            "replaces": self.replaces,
        }


def diff_properties(
    schema: ResourceSchema,
    desired: Mapping[str, Any],
    live: Mapping[str, Any],
    recorded: Mapping[str, Any],
    unreadable: frozenset[str] = frozenset(),
    immutable: frozenset[str] = frozenset(),
) -> list[PropertyChange]:
    """What must change to turn `live` into `desired`.

    Only properties that are declared, or were declared before (`recorded`), count, and
    within them only the keys declared: AWS defaults for what is not declared are not
    changes. A property that cannot be read back (`unreadable`, and the schema's
    write-only ones) is compared with what was recorded when it was applied.
    """
    changes = []
    unreadable = unreadable | schema.write_only
    for name in sorted(set(desired) | set(recorded)):
        after = desired.get(name, ABSENT)
        if name in unreadable:  # an adopted resource has no record: describe() read it
            actual = recorded.get(name, live.get(name, ABSENT))
        else:
            actual = live.get(name, ABSENT)
        before = project(actual, after)
        if name == schema.tag_property:
            after = tag_list(after) if after != ABSENT else ABSENT
            before = tag_list(before) if before != ABSENT else ABSENT
        if after == ABSENT and name not in recorded:
            continue
        if not same(schema, schema.properties.get(name, {}), before, after):
            replaces = name in schema.create_only or name in immutable
            changes.append(PropertyChange(name, before, after, replaces))
    return changes


def project(actual: Any, declared: Any) -> Any:
    """`actual` limited to the keys `declared` names, recursively.

    List items are paired with the declared item they match (in any order), else by
    position, so AWS's extra keys on rules listed in another order are no difference.
    """
    if isinstance(actual, Mapping) and isinstance(declared, Mapping):
        return {k: project(actual[k], declared[k]) for k in declared if k in actual}
    if isinstance(actual, list) and isinstance(declared, list) and len(actual) == len(declared):
        unmatched = list(declared)
        result = []
        for position, item in enumerate(actual):
            match = next((d for d in unmatched if project(item, d) == d), None)
            if match is not None:
                unmatched.remove(match)
            result.append(project(item, match if match is not None else declared[position]))
        return result
    return actual


def same(schema: ResourceSchema, node: Mapping[str, Any], a: Any, b: Any) -> bool:
    """Equal as CloudFormation means it: unordered lists compared as sets."""
    if a == UNKNOWN or b == UNKNOWN:
        return False
    return bool(_canonical(schema, node, a) == _canonical(schema, node, b))


def _canonical(schema: ResourceSchema, node: Mapping[str, Any], value: Any) -> Any:
    node = schema.resolve(node)
    if isinstance(value, str) and _is_document(node):
        with suppress(ValueError):  # text that is not JSON is compared as text
            value = json.loads(value)
    if isinstance(value, Mapping):
        props = node.get("properties", {})
        return {k: _canonical(schema, props.get(k, {}), v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(schema, node.get("items", {}), v) for v in value]
        if node.get("insertionOrder", True) is False or node.get("uniqueItems"):
            return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
        return items
    kind = node.get("type")
    if kind == "integer" and isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    if kind == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _is_document(node: Mapping[str, Any]) -> bool:
    """Whether the schema takes a JSON document as an object or as its text (the Content
    of an AWS::Organizations::Policy): both forms of one document are the same value."""
    kind = node.get("type")
    return isinstance(kind, list) and set(kind) == {"object", "string"}
