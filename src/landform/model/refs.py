"""References from one resource's properties to another resource's attributes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from landform.model.resource import Resource

T = TypeVar("T")


class Ref:
    """A value known once `resource` exists: its id (`attribute` None) or a named attribute.

    References are how Landform finds dependencies: a property that holds a Ref makes
    its resource depend on the referenced one.
    """

    __slots__ = ("attribute", "resource")

    def __init__(self, resource: Resource, attribute: str | None = None):
        self.resource = resource
        self.attribute = attribute

    @property
    def address(self) -> str:
        return self.resource.address

    def describe(self) -> str:
        return f"{self.resource.address}.{self.attribute or 'id'}"

    def __repr__(self) -> str:
        return f"Ref({self.describe()})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Ref)
            and other.resource is self.resource
            and other.attribute == self.attribute
        )

    def __hash__(self) -> int:
        return hash((id(self.resource), self.attribute))

    def __str__(self) -> str:
        raise TypeError(
            f"{self.describe()} is known only after apply and cannot be formatted into a "
            "string; pass it as a property value, or use landform.join(...)"
        )


class AccountId:
    """The id of the account a resource is deployed in (CloudFormation's AWS::AccountId),
    for a stack whose account is the caller's: known once the plan knows the caller."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "AccountId"


ACCOUNT_ID = AccountId()

Part = str | Ref | AccountId
"""What a Join joins."""


class Join:
    """A string built from literal parts and references, joined at apply time."""

    __slots__ = ("parts",)

    def __init__(self, *parts: Part):
        self.parts = parts

    def __repr__(self) -> str:
        return "Join(" + ", ".join(repr(p) for p in self.parts) + ")"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Join) and other.parts == self.parts

    def __hash__(self) -> int:
        return hash(self.parts)


def join(*parts: Part) -> Join:
    """Build a string from literals and references, e.g. join(bucket.arn, "/*")."""
    return Join(*parts)


def iter_refs(value: Any) -> Iterator[Ref]:
    """Every Ref inside a property value, however deeply nested."""
    if isinstance(value, Ref):
        yield value
    elif isinstance(value, Join):
        for part in value.parts:
            yield from iter_refs(part)
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_refs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from iter_refs(item)


def substitute(value: Any, replace: Callable[[Ref], Any]) -> Any:
    """A copy of `value` with each Ref replaced by `replace(ref)`; Joins are joined.

    A Join whose parts are not all strings after replacement stays a Join.
    """
    if isinstance(value, Ref):
        return replace(value)
    if isinstance(value, Join):
        parts = [substitute(part, replace) for part in value.parts]
        if all(isinstance(part, str) for part in parts):
            return "".join(parts)
        return Join(*parts)
    if isinstance(value, dict):
        return {key: substitute(item, replace) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [substitute(item, replace) for item in value]
    return value
