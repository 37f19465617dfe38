"""Tags merged from app, stack and resource, and the policy they must satisfy."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from landform.errors import ValidationError
from landform.model.refs import Join, Ref

if TYPE_CHECKING:
    from landform.model.resource import Resource

ADDRESS_TAG = "landform:address"
"""Every taggable resource carries its Landform address under this key."""


@dataclass(frozen=True)
class TagRule:
    """A required tag key, and the values it may take (any value when empty)."""

    key: str
    allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class TagPolicy:
    """Tags every taggable resource must carry."""

    rules: tuple[TagRule, ...] = field(default_factory=tuple)

    @classmethod
    def default(cls) -> TagPolicy:
        return cls(
            (
                TagRule("Environment", ("production", "staging", "development")),
                TagRule("Project"),
                TagRule("Owner"),
                TagRule("CostCenter"),
                TagRule("ManagedBy", ("terraform", "cloudformation", "manual", "landform")),
            )
        )

    @classmethod
    def of(cls, required: Mapping[str, Sequence[str]] | Iterable[str]) -> TagPolicy:
        """Build from `{"Key": ["allowed", ...]}` (empty list: any value) or a list of keys."""
        if isinstance(required, Mapping):
            return cls(tuple(TagRule(k, tuple(v)) for k, v in required.items()))
        return cls(tuple(TagRule(k) for k in required))

    def violations(self, resource: Resource, tags: Mapping[str, Any]) -> list[ValidationError]:
        return [
            ValidationError(message, where=resource.where("Tags"), hint=hint)
            for message, hint in self.problems(tags)
        ]

    def problems(self, tags: Mapping[str, Any]) -> list[tuple[str, str]]:
        """(what is wrong, what to do) for each rule `tags` break."""
        found = []
        for rule in self.rules:
            value = tags.get(rule.key)
            if value is None or value == "":
                allowed = f" (one of: {', '.join(rule.allowed)})" if rule.allowed else ""
                found.append(
                    (
                        f"missing required tag {rule.key}",
                        f"set {rule.key} on the app, the stack or the resource{allowed}",
                    )
                )
            elif rule.allowed and isinstance(value, str) and value not in rule.allowed:
                found.append(
                    (
                        f"tag {rule.key}={value!r} is not allowed",
                        f"use one of: {', '.join(rule.allowed)}",
                    )
                )
        return found


def merged_tags(resource: Resource) -> dict[str, str | Ref | Join]:
    """App, then stack, then resource tags (later wins), then the ownership tag."""
    tags: dict[str, str | Ref | Join] = {}
    tags.update(resource.stack.app.tags)
    tags.update(resource.stack.tags)
    tags.update(resource.tags)
    tags[ADDRESS_TAG] = resource.address
    return tags


def tags_property(resource: Resource, tags: Mapping[str, Any]) -> Any:
    """Tags in the shape the type's schema wants: a map, or a list of Key/Value."""
    if resource.schema.tags_as_map:
        return dict(tags)
    return [{"Key": key, "Value": value} for key, value in sorted(tags.items())]
