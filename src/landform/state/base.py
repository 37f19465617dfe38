"""The state record of one managed resource, and the protocol every store implements."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeAlias

Identity: TypeAlias = tuple[tuple[str, str, str], str]
"""A resource in AWS: ((type, account, region), physical id)."""


@dataclass(frozen=True)
class ResourceState:
    """What Landform knows of one resource it manages.

    `key` is the address, or `address#deposed-<physical id>` for a replaced resource
    whose old copy still waits to be deleted. `deletion_policy` is as last declared (None:
    the type's default): it decides what becomes of the resource once its declaration is
    gone. No secret is ever stored here.
    """

    key: str
    address: str
    type_name: str
    account: str
    region: str
    physical_id: str
    properties: dict[str, Any]
    attributes: dict[str, Any] = field(default_factory=dict)
    dependencies: tuple[str, ...] = ()
    deletion_policy: str | None = None

    @property
    def retain(self) -> bool:
        return self.deletion_policy == "Retain"

    @property
    def deposed(self) -> bool:
        return self.key != self.address

    @property
    def identity(self) -> Identity:
        return (self.type_name, self.account, self.region), self.physical_id


def deposed_key(address: str, physical_id: str) -> str:
    return f"{address}#deposed-{physical_id}"


class StateStore(Protocol):
    """Per-resource, transactional storage of ResourceState, with an exclusive lock."""

    def all(self) -> list[ResourceState]: ...

    def get(self, key: str) -> ResourceState | None: ...

    def put(self, record: ResourceState) -> None:
        """Write one record in its own transaction (its resource is no longer released)."""

    def remove(self, key: str) -> None:
        """Delete one record in its own transaction."""

    def release(self, key: str) -> None:
        """Delete one record and remember its resource as released, in one transaction:
        retained in AWS, it is never again adopted or deleted by its ownership tag
        (until a record names it again)."""

    def released(self) -> set[Identity]:
        """The resources released so far."""

    def rename(self, key: str, new_key: str) -> None:
        """Give a record a new key, atomically (a replaced resource becomes deposed)."""

    def serial(self) -> int:
        """A number that grows with every write: a plan file records it."""

    def lock(self, purpose: str) -> AbstractContextManager[None]:
        """Hold the exclusive lock; raise StateLocked naming the holder if taken."""

    def holder(self) -> str | None:
        """Who holds the lock and since when, or None when it is free."""

    def unlock(self) -> str | None:
        """Remove a lock a dead process left; the holder it named (None: it was free)."""

    def close(self) -> None:
        """Release what the store holds open."""
