"""The four settings of an S3 public access block (shared by the account and bucket
rules; no rule of its own)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.model.schema import schema_for
from landform.rules.values import get, is_true

SETTINGS = schema_for("Landform::S3::AccountPublicAccessBlock").settable
"""The four settings, as an account's block and a bucket's PublicAccessBlockConfiguration
both name them."""


def settings_off(block: Mapping[str, Any]) -> str | None:
    """Which of the settings of `block` are not on; None when all four are."""
    off = [name for name in SETTINGS if not is_true(get(block, name))]
    return ", ".join(off) if off else None
