"""Encryption rules: data at rest under KMS keys, data in transit under TLS, and keys
that rotate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.rules.base import UnknownValue
from landform.rules.values import get, is_true, present


def unencrypted_storage(properties: Mapping[str, Any], sources: tuple[str, ...]) -> str | None:
    """What is wrong with a database's StorageEncrypted: None where it is true. A database
    restored from a snapshot or made from a source (one of `sources` is set) inherits the
    source's encryption, which its properties do not say: UnknownValue."""
    if is_true(get(properties, "StorageEncrypted")):
        return None
    for source in sources:
        if present(get(properties, source)):
            raise UnknownValue(f"its storage encryption is inherited from {source}")
    return "storage is not encrypted (StorageEncrypted is not true)"
