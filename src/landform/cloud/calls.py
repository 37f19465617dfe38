"""Count API calls (the cost AWS charges in latency and throttling) via botocore events."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_READ_PREFIXES = ("Describe", "List", "Get", "Head", "Lookup")


def is_mutating(operation: str) -> bool:
    """True for calls that change something in AWS."""
    return not operation.startswith(_READ_PREFIXES)


@dataclass
class CallCounter:
    """Counts every API call made by the clients it is hooked into."""

    calls: Counter[tuple[str, str]] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hook(self, client: Any, account: str, region: str) -> None:
        service = client.meta.service_model.service_name
        client.meta.events.register(
            f"before-call.{service}", lambda model, **_: self._count(service, model.name)
        )

    def _count(self, service: str, operation: str) -> None:
        with self._lock:
            self.calls[(service, operation)] += 1

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    @property
    def mutating(self) -> dict[str, int]:
        return {f"{s}:{op}": n for (s, op), n in self.calls.items() if is_mutating(op)}


@dataclass
class AddedLatency:
    """Sleeps before each request is sent: a stand-in for AWS's round trip in benchmarks."""

    seconds: float

    def hook(self, client: Any, account: str, region: str) -> None:
        client.meta.events.register("before-send", self._delay)

    def _delay(self, **_: Any) -> None:
        time.sleep(self.seconds)
