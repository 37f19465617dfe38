"""Drift: what AWS holds now against what Landform recorded when it last applied."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from landform.engine.context import Context
from landform.engine.diff import PropertyChange, diff_properties
from landform.engine.refresh import refresh
from landform.handlers.registry import handler_for
from landform.model.schema import schema_for


@dataclass
class Drift:
    """One resource that no longer matches state: changed properties, or gone."""

    address: str
    type_name: str
    physical_id: str
    deleted: bool = False
    changes: list[PropertyChange] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "type": self.type_name,
            "physical_id": self.physical_id,
            "deleted": self.deleted,
            "changes": [
                {"property": c.name, "recorded": c.after, "live": c.before} for c in self.changes
            ],
        }


def detect_drift(context: Context, in_scope: Callable[[str], bool]) -> list[Drift]:
    """Every managed resource whose live properties differ from state (list calls only)."""
    records = [r for r in context.store.all() if not r.deposed and in_scope(r.address)]
    index = refresh(context, {(r.type_name, r.account, r.region) for r in records})
    found = []
    for record in records:
        live = index.get((record.type_name, record.account, record.region), record.physical_id)
        if live is None:
            found.append(Drift(record.address, record.type_name, record.physical_id, True))
            continue
        changes = diff_properties(
            schema_for(record.type_name),
            record.properties,
            live.properties,
            record.properties,
            handler_for(record.type_name).UNREADABLE,
        )
        if changes:
            found.append(
                Drift(record.address, record.type_name, record.physical_id, changes=changes)
            )
    return found
