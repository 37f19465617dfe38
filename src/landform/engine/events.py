"""The event stream from the engine to whoever renders it (the CLI, a test, a bench)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Event:
    """Something that happened to one resource (or, with no address, to the run).

    kind: refresh (a list starts) | refreshed (all lists done) | start | wait | done |
    failed | refused (deletion protection) | skipped
    """

    kind: str
    address: str = ""
    action: str = ""
    message: str = ""
    elapsed: float = 0.0


class Reporter(Protocol):
    def __call__(self, event: Event) -> None: ...


def silent(event: Event) -> None:
    """A reporter that drops every event."""
