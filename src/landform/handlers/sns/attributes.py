"""SNS attributes: text in the API, typed values in CloudFormation."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def to_text(value: Any) -> str:
    """A property's value as SNS takes it: "true"/"false", JSON, or the string itself
    ("" for None, which is how SNS clears an attribute)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping | list):
        return json.dumps(value)
    return str(value)


def from_text(text: str | None, default: Any) -> Any:
    """An attribute's text as a property value of the kind of `default` (a bool, a string,
    or None for a JSON document); `default` where SNS reports nothing."""
    if not text:
        return default
    if isinstance(default, bool):
        return text == "true"
    if default is None:
        return json.loads(text)
    return text
