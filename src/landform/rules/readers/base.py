"""What a reader of a pseudo type is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from landform.handlers.base import Api, Live


@dataclass(frozen=True)
class Reader:
    """How to read one pseudo type: `read` returns its records (a Live each, named by
    `physical_id`) in the account and region of the Api."""

    type_name: str
    read: Callable[[Api], list[Live]]
    account_wide: bool
    """True where the setting is the account's (IAM, S3's account settings): read once
    per account, not in every region."""
