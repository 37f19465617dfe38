"""What the Lambda handlers share: function names and qualifiers."""

from __future__ import annotations


def function_name(value: str) -> str:
    """The function's name, from its name, partial ARN or ARN (a qualifier dropped)."""
    return _name_and_qualifier(value)[0]


def qualified(value: str) -> bool:
    """Whether a function name or ARN names a version or alias of the function."""
    return len(_name_and_qualifier(value)) > 1


def _name_and_qualifier(value: str) -> list[str]:
    """[name] or [name, qualifier] of `name[:qualifier]`, of
    `account:function:name[:qualifier]` or of an ARN."""
    parts = value.split(":")
    if value.startswith("arn:"):
        return parts[6:]
    if len(parts) > 2 and parts[1] == "function":
        return parts[2:]
    return parts
