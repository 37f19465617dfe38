"""What the rules on credentials share: the account-level types they read, users' active
keys, and how old a time is."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from landform.rules.base import Subject, Unknown, UnknownValue
from landform.rules.values import get, is_true, listed

USER = "Landform::IAM::User"
ROOT = "Landform::IAM::Root"


def active_keys(subject: Subject) -> list[Any]:
    """The user's active access keys."""
    return [
        key for key in listed(get(subject.properties, "AccessKeys")) if is_true(get(key, "Active"))
    ]


def days_since(moment: Any) -> int:
    """Whole days from an ISO-8601 time (UTC where it names no zone) to now."""
    if isinstance(moment, Unknown):
        raise UnknownValue(moment.why)
    when = datetime.fromisoformat(moment)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (datetime.now(UTC) - when).days
