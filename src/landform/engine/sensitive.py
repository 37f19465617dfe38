"""Secrets among properties (a handler's SENSITIVE ones): state, plans, events and
errors carry a digest of the value, never the value.

The digest is salted with the resource's address, so one password used twice does not
show as one digest, and it is stable, so an unchanged secret plans as no change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.registry import handler_for

PREFIX = "(sensitive) sha256:"


def digest(address: str, value: Any) -> Any:
    """What is recorded and shown in place of a secret `value` (a digest stays as it is)."""
    if is_concealed(value):
        return value
    text = json.dumps(value, sort_keys=True, default=str)
    return PREFIX + hashlib.sha256(f"{address}\n{text}".encode()).hexdigest()[:16]


def is_concealed(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def conceal(type_name: str, address: str, props: Mapping[str, Any]) -> dict[str, Any]:
    """`props` with the type's sensitive properties replaced by their digests."""
    names = handler_for(type_name).SENSITIVE
    return {k: digest(address, v) if k in names else v for k, v in props.items()}


def secrets_of(type_name: str, props: Mapping[str, Any]) -> set[str]:
    """The literal secret strings among `props`, to strike from messages."""
    names = handler_for(type_name).SENSITIVE
    return {
        v for k, v in props.items() if k in names and isinstance(v, str) and not is_concealed(v)
    }


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every secret in it replaced by asterisks."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "****")
    return text
