"""What the Lambda handlers share: reads made in parallel, function names, new roles."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from landform.handlers.base import error_code

T = TypeVar("T")
R = TypeVar("R")

READERS = 8
"""Threads making the per-resource reads of a list."""

ROLE_DELAYS = (2.0, 4.0, 8.0, 15.0, 30.0, 30.0, 30.0)
"""Seconds between attempts while a service cannot yet assume a role IAM just made
(about two minutes in all: IAM propagates in seconds, rarely a minute)."""


def read_each(read: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """`read` of every item, by READERS threads, in the items' order."""
    with ThreadPoolExecutor(max_workers=READERS) as pool:
        return list(pool.map(read, items))


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


def with_new_role(
    call: Callable[[], R],
    code: str,
    messages: Sequence[str],
    delays: Sequence[float] = ROLE_DELAYS,
) -> R:
    """`call`, made again after each of `delays` while it fails with error `code` and
    one of `messages`: what AWS answers while a role made seconds ago has not reached
    the service that must assume it."""
    for delay in delays:
        try:
            return call()
        except Exception as error:
            if error_code(error) != code or not any(m in str(error) for m in messages):
                raise
        time.sleep(delay)
    return call()
