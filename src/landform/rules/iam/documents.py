"""What the IAM and organization rules share: reading policy documents."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from landform.rules.base import Unknown, UnknownValue
from landform.rules.values import get, listed


def statements(document: Any) -> list[Mapping[str, Any]]:
    """The statements of a policy document, given as data or as its JSON text (absent:
    none); UnknownValue if the document is not known or not JSON."""
    if isinstance(document, Unknown):
        raise UnknownValue(document.why)
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            raise UnknownValue("the policy document is not JSON") from None
    return listed(get(document or {}, "Statement"))


def any_of(values: Iterable[Any], test: Callable[[Any], bool]) -> bool:
    """Whether one of `values` (a statement's actions, resources or principals) passes
    `test`; UnknownValue where none does and one of them is not known."""
    unknown: Unknown | None = None
    for value in values:
        if isinstance(value, Unknown):
            unknown = value
        elif test(value):
            return True
    if unknown is not None:
        raise UnknownValue(unknown.why)
    return False


def allows(statement: Mapping[str, Any]) -> bool:
    return bool(get(statement, "Effect") == "Allow")


def denies(statement: Mapping[str, Any]) -> bool:
    return bool(get(statement, "Effect") == "Deny")
