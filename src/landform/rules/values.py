"""Reading properties inside rules, safely where values may be unknown."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.rules.base import Subject, Unknown, UnknownValue


def get(properties: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path ("BucketEncryption.ServerSideEncryptionConfiguration"),
    None where absent; UnknownValue if a step of the way is not known."""
    value: Any = properties
    for step in path.split("."):
        if isinstance(value, Unknown):
            raise UnknownValue(value.why)
        if not isinstance(value, Mapping):
            return None
        value = value.get(step)
    return value


def present(value: Any) -> bool:
    """Whether a value is set (an unknown value is set: it is known after apply)."""
    if isinstance(value, Unknown):
        return True
    return value is not None and value != []


def listed(value: Any) -> list[Any]:
    """A list property as a list (absent: empty); UnknownValue if it is not known."""
    if isinstance(value, Unknown):
        raise UnknownValue(value.why)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def is_true(value: Any) -> bool:
    """True only for a literal true ("true" too, as templates write it)."""
    if isinstance(value, Unknown):
        raise UnknownValue(value.why)
    return value is True or (isinstance(value, str) and value.lower() == "true")


def refers_to(value: Any, subject: Subject) -> bool:
    """Whether `value` names `subject`: its id (live), or a reference to it (model)."""
    if isinstance(value, Unknown):
        return value.refers_to == subject.name
    return isinstance(value, str) and value == subject.name
