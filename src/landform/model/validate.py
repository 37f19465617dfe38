"""Check declared properties against their CloudFormation schema."""

from __future__ import annotations

import difflib
import ipaddress
import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from landform.errors import ValidationError, Where
from landform.model.refs import Join, substitute
from landform.model.schema import ResourceSchema

_UNKNOWN = "\x00known-after-apply\x00"


def normalize_keys(schema: ResourceSchema, node: Mapping[str, Any], value: Any) -> Any:
    """Accept snake_case keys in nested objects: map them to the schema's property names."""
    node = schema.resolve(node)
    if isinstance(value, dict) and "properties" in node:
        names = {_fold(name): name for name in node["properties"]}
        result = {}
        for key, item in value.items():
            name = names.get(_fold(key), key)
            child = node["properties"].get(name, {})
            result[name] = normalize_keys(schema, child, item)
        return result
    if isinstance(value, list | tuple) and "items" in node:
        return [normalize_keys(schema, node["items"], item) for item in value]
    return value


def _fold(name: str) -> str:
    return name.replace("_", "").lower()


def validate_properties(
    schema: ResourceSchema, properties: Mapping[str, Any], where: Where
) -> None:
    """Raise ValidationError for the first problem found, naming the property path."""
    from jsonschema import Draft7Validator, FormatChecker

    read_only = schema.read_only & properties.keys()
    if read_only:
        name = sorted(read_only)[0]
        raise ValidationError(
            f"{name} is read-only: AWS sets it",
            where=_at(where, name),
            hint="read it as an attribute of the resource instead of declaring it",
        )
    one_of = schema.raw.get("requiredXor", ())
    if one_of and not any(name in properties for name in one_of):
        raise ValidationError(
            f"one of {', '.join(one_of)} is required",
            where=where,
            hint=f"declare exactly one of: {', '.join(one_of)}",
        )

    checker = FormatChecker(formats=())
    checker.checks("ipv4-network", raises=ValueError)(_ipv4_network)
    checker.checks("ipv6-network", raises=ValueError)(_ipv6_network)
    checker.checks("ipv4", raises=ValueError)(_ipv4_address)
    placeholders = itertools.count()  # distinct, so two references are not duplicates
    instance = substitute(dict(properties), lambda _ref: f"{_UNKNOWN}{next(placeholders)}")
    instance = _blank_joins(instance, placeholders)
    validator = Draft7Validator(dict(schema.raw), format_checker=checker)
    errors = sorted(
        (e for e in validator.iter_errors(instance) if not _about_unknown(e.instance)),
        key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))),
    )
    if errors:
        raise _explain(schema, errors[0], where)


def _blank_joins(value: Any, placeholders: Iterator[int]) -> Any:
    if isinstance(value, Join):
        return f"{_UNKNOWN}{next(placeholders)}"
    if isinstance(value, dict):
        return {key: _blank_joins(item, placeholders) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank_joins(item, placeholders) for item in value]
    return value


def _about_unknown(instance: Any) -> bool:
    return isinstance(instance, str) and instance.startswith(_UNKNOWN)


def _ipv4_network(value: object) -> bool:
    if isinstance(value, str):
        ipaddress.IPv4Network(value, strict=True)
    return True


def _ipv6_network(value: object) -> bool:
    if isinstance(value, str):
        ipaddress.IPv6Network(value, strict=True)
    return True


def _ipv4_address(value: object) -> bool:
    if isinstance(value, str):
        ipaddress.IPv4Address(value)
    return True


def _at(where: Where, prop: str) -> Where:
    return Where(where.source, where.stack, where.logical_id, prop)


def _explain(schema: ResourceSchema, error: Any, where: Where) -> ValidationError:
    path = ".".join(str(p) for p in error.absolute_path) or None
    validator = error.validator
    if validator == "additionalProperties":
        container = error.instance if isinstance(error.instance, dict) else {}
        allowed = schema.resolve(error.schema).get("properties", {})
        unknown = sorted(set(container) - set(allowed))
        name = unknown[0] if unknown else "?"
        close = difflib.get_close_matches(name, list(allowed), n=1)
        hint = f"did you mean {close[0]}?" if close else "see the CloudFormation documentation"
        full = f"{path}.{name}" if path else name
        return ValidationError(
            f"unknown property {full} for {schema.type_name}", where=_at(where, full), hint=hint
        )
    if validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        full = f"{path}.{missing}" if path else missing
        return ValidationError(
            f"missing required property {full} for {schema.type_name}",
            where=_at(where, full),
            hint=f"declare {full}",
        )
    if validator == "type":
        return ValidationError(
            f"{path} must be of type {error.validator_value}, got {error.instance!r}",
            where=_at(where, path or ""),
            hint=f"pass a {error.validator_value} value",
        )
    if validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return ValidationError(
            f"{path} is {error.instance!r}, not one of the allowed values",
            where=_at(where, path or ""),
            hint=f"use one of: {allowed}",
        )
    if validator == "format":
        return ValidationError(
            f"{path} is {error.instance!r}, not a valid {error.validator_value}",
            where=_at(where, path or ""),
            hint=_format_hint(str(error.validator_value)),
        )
    return ValidationError(
        f"{path or 'properties'}: {error.message}",
        where=_at(where, path or ""),
        hint="see the CloudFormation documentation of " + schema.type_name,
    )


def _format_hint(fmt: str) -> str:
    if fmt.endswith("network"):
        return "write a network address with its prefix length, host bits zero, e.g. 10.0.0.0/16"
    return f"write a valid {fmt}"
