"""Read what exists: one list per (type, account, region), all groups concurrently."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from landform.engine.context import Context
from landform.engine.events import Event
from landform.handlers.base import Handler, Live
from landform.handlers.registry import handler_for

Group = tuple[str, str, str]
"""(type name, account, region)"""


@dataclass
class LiveIndex:
    """What the lists returned, by physical id and by ownership tag, per group."""

    by_id: dict[Group, dict[str, Live]] = field(default_factory=dict)

    def get(self, group: Group, physical_id: str) -> Live | None:
        return self.by_id.get(group, {}).get(physical_id)

    def in_group(self, group: Group) -> list[Live]:
        return list(self.by_id.get(group, {}).values())


def refresh(context: Context, groups: Iterable[Group]) -> LiveIndex:
    """List every group once; the lists of one account and region share their calls.

    Always reads AWS afresh: nothing remembered from an earlier refresh is reused.
    """
    context.fresh_reads()
    index = LiveIndex()
    wanted = sorted(set(groups))

    def read(group: Group) -> tuple[Group, list[Live]]:
        type_name, account, region = group
        context.report(Event("refresh", message=f"{type_name} in {account}/{region}"))
        return group, list(handler_for(type_name).list(context.api(account, region)))

    with ThreadPoolExecutor(max_workers=max(1, min(context.concurrency, len(wanted)))) as pool:
        for group, found in pool.map(read, wanted):
            index.by_id[group] = {live.physical_id: live for live in found}
    return index


def is_declared_as(handler: Handler, live: Live, address: str, key: tuple[Any, ...] | None) -> bool:
    """Whether a listed resource is the one declared at `address`: it carries that address
    as its ownership tag, or (for an untaggable type) the declaration's natural `key`."""
    return live.address == address or (
        key is not None and handler.natural_key(live.properties) == key
    )
