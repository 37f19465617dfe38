"""Plan: desired (the model) against state (what Landform made) against live (AWS)."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from landform.engine.accounts import account_address, account_groups, known_accounts, role_of
from landform.engine.context import Context
from landform.engine.desired import UNKNOWN, Desired, resolve
from landform.engine.diff import ABSENT, PropertyChange, diff_properties
from landform.engine.events import Event
from landform.engine.graph import topological_order
from landform.engine.refresh import Group, LiveIndex, is_declared_as, refresh
from landform.engine.sensitive import conceal
from landform.errors import ValidationError
from landform.handlers.base import Live
from landform.handlers.registry import handler_for
from landform.model.schema import schema_for
from landform.state.base import ResourceState


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    REPLACE = "replace"
    DELETE = "delete"
    RETAIN = "retain"
    """Forget it, leaving it in AWS: its deletion policy is Retain."""
    ADOPT = "adopt"
    NOOP = "no-op"


@dataclass
class Change:
    """What apply will do to one resource, and why."""

    action: Action
    key: str
    address: str
    type_name: str
    account: str
    region: str
    properties: dict[str, Any] | None = None
    dependencies: tuple[str, ...] = ()
    current: Live | None = None
    changes: list[PropertyChange] = field(default_factory=list)
    reason: str = ""
    source: str | None = None
    deletion_policy: str | None = None
    """The resource's deletion policy (None: the type's default), recorded with it."""

    @property
    def group(self) -> Group:
        return (self.type_name, self.account, self.region)

    @property
    def retain(self) -> bool:
        return self.deletion_policy == "Retain"

    def as_json(self) -> dict[str, Any]:
        current = self.current
        return {
            "action": str(self.action),
            "key": self.key,
            "address": self.address,
            "type": self.type_name,
            "account": self.account,
            "region": self.region,
            "properties": None
            if self.properties is None
            else conceal(self.type_name, self.address, self.properties),
            "dependencies": list(self.dependencies),
            "current": None
            if current is None
            else {
                "physical_id": current.physical_id,
                "properties": current.properties,
                "attributes": current.attributes,
            },
            "changes": [c.as_json() for c in self.changes],
            "reason": self.reason,
            "source": self.source,
            "deletion_policy": self.deletion_policy,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Change:
        current = data["current"]
        return cls(
            action=Action(data["action"]),
            key=data["key"],
            address=data["address"],
            type_name=data["type"],
            account=data["account"],
            region=data["region"],
            properties=data["properties"],
            dependencies=tuple(data["dependencies"]),
            current=None if current is None else Live(**current),
            changes=[
                PropertyChange(c["property"], c["before"], c["after"], c["replaces"])
                for c in data["changes"]
            ],
            reason=data["reason"],
            source=data["source"],
            deletion_policy=data.get("deletion_policy"),
        )


@dataclass
class Plan:
    """Every change, in dependency order, and what the plan was computed from."""

    changes: list[Change]
    state_serial: int
    model_hash: str
    destroy: bool = False

    def counts(self) -> Counter[str]:
        return Counter(str(c.action) for c in self.changes)

    @property
    def has_changes(self) -> bool:
        return any(c.action is not Action.NOOP for c in self.changes)

    def as_json(self) -> dict[str, Any]:
        return {
            "format": 1,
            "state_serial": self.state_serial,
            "model_hash": self.model_hash,
            "destroy": self.destroy,
            "changes": [c.as_json() for c in self.changes],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        return cls(
            changes=[Change.from_json(c) for c in data["changes"]],
            state_serial=int(data["state_serial"]),
            model_hash=str(data["model_hash"]),
            destroy=bool(data.get("destroy", False)),
        )


def dependency_order(desired: Mapping[str, Desired]) -> list[str]:
    """Addresses in dependency order; ValidationError naming the cycle if there is one."""
    edges = {a: list(d.dependencies) for a, d in desired.items()}

    def label(address: str) -> str:
        source = desired[address].source
        return f"{address} ({source})" if source else address

    return topological_order(edges, label)


def make_plan(
    context: Context,
    desired: Mapping[str, Desired],
    model_hash: str,
    *,
    destroy: bool = False,
    in_scope: Callable[[str], bool] = lambda address: True,
) -> Plan:
    """Compare and decide, per resource; makes only list calls (and, for a resource
    adopted by its tag, the reads that complete its attributes).

    Records whose address is not `in_scope` (other stacks under --stack) are left alone.
    """
    order = dependency_order(desired)
    serial = context.store.serial()
    records = {r.key: r for r in context.store.all() if in_scope(r.address)}
    if destroy:  # what is still declared goes under the policy it is declared with now
        records = {key: _as_declared(r, desired) for key, r in records.items()}
    leaving = {
        r.address: r
        for r in records.values()
        if not r.deposed and (destroy or r.address not in desired)
    }
    _check_retained(leaving)
    started = time.monotonic()
    first = account_groups(desired)
    index = refresh(context, first)
    desired = _with_known_accounts(context, desired, known_accounts(desired, records, index))
    groups = {(d.type_name, d.account, d.region) for d in desired.values()}
    groups |= {(r.type_name, r.account, r.region) for r in records.values()}
    groups = {g for g in groups - first if account_address(g[1]) is None}  # none in a new account
    index.by_id.update(refresh(context, groups).by_id)
    context.report(
        Event(
            "refreshed",
            message=f"{len(first) + len(groups)} list(s)",
            elapsed=time.monotonic() - started,
        )
    )
    planner = _Planner(context, desired, records, index)
    changes = [] if destroy else [planner.plan_one(address) for address in order]
    changes += planner.deletions(keep=set() if destroy else set(desired))
    return Plan(changes, serial, model_hash, destroy)


def _as_declared(record: ResourceState, desired: Mapping[str, Desired]) -> ResourceState:
    """`record` with the deletion policy its resource is declared with, if it is."""
    declared = desired.get(record.address)
    if record.deposed or declared is None:
        return record
    return replace(record, deletion_policy=declared.deletion_policy)


def _check_retained(leaving: Mapping[str, ResourceState]) -> None:
    """Refuse, before any AWS call, to delete what a resource retained by the same plan
    uses: AWS would refuse to delete it (a subnet group in use), or the retained resource
    would lose it (its key, its role)."""
    for record in leaving.values():
        lost = [d for d in record.dependencies if d in leaving and not leaving[d].retain]
        if record.retain and lost:
            raise ValidationError(
                f"{record.address} is retained (DeletionPolicy Retain), but this plan deletes "
                f"what it uses: {', '.join(lost)}",
                hint="retain what it uses too (deletion_policy='Retain', applied while it is "
                "still declared), so it stays usable; or let the retained resource go with it",
            )


def _with_known_accounts(
    context: Context, desired: Mapping[str, Desired], known: Mapping[str, str]
) -> dict[str, Desired]:
    """`desired` with each account that exists already named by its id (and its role
    registered for the sessions)."""
    for pending, account_id in known.items():
        made_by = desired[str(account_address(pending))]
        context.sessions.roles[account_id] = role_of(made_by.properties)
    return {
        address: replace(d, account=known.get(d.account, d.account))
        for address, d in desired.items()
    }


class _Planner:
    def __init__(
        self,
        context: Context,
        desired: Mapping[str, Desired],
        records: Mapping[str, ResourceState],
        index: LiveIndex,
    ) -> None:
        self.context = context
        self.desired = desired
        self.records = records
        self.index = index
        self.values: dict[str, Live | None] = {}
        self.known = {r.identity for r in records.values()} | context.store.released()
        """What is in state, and what was retained (released): never found by its tag."""
        self.orphans: list[tuple[str, Live, Group]] = []

    def lookup(self, address: str, attribute: str | None) -> Any:
        if address in self.values:
            live = self.values[address]
        else:
            record = self.records.get(address)
            live = None if record is None else Live(record.physical_id, {}, record.attributes)
        if live is None:
            return UNKNOWN
        if attribute is None:
            return live.physical_id
        return live.attributes.get(attribute, UNKNOWN)

    def plan_one(self, address: str) -> Change:
        d = self.desired[address]
        group = (d.type_name, d.account, d.region)
        schema = schema_for(d.type_name)
        handler = handler_for(d.type_name)
        record = self.records.get(address)
        resolved = resolve(d.properties, self.lookup)
        shown = conceal(d.type_name, address, resolved)
        current, reason = None, ""
        if record is not None:
            current = self.index.get(group, record.physical_id)
            reason = "" if current else f"{record.physical_id} was deleted outside Landform"
            if current is not None:  # update needs what only state knows (write-only)
                unreadable = handler.UNREADABLE | schema.write_only
                kept = {k: v for k, v in record.properties.items() if k in unreadable}
                attributes = {**record.attributes, **current.attributes}
                current = Live(current.physical_id, {**kept, **current.properties}, attributes)
        adopted = False
        candidates = self._unknown_matches(group, address, resolved)
        if current is None and candidates:
            listed = candidates.pop(0)
            current = handler.describe(self.context.api(d.account, d.region), listed)
            adopted = True
            reason = f"found {current.physical_id} by its ownership; adopting it"
        self.orphans += [(address, extra, group) for extra in candidates]
        if current is None:
            action = Action.CREATE
            changes = [PropertyChange(k, ABSENT, v) for k, v in sorted(shown.items())]
        else:
            recorded = record.properties if record is not None else {}
            changes = diff_properties(
                schema,
                shown,
                current.properties,
                recorded,
                handler.UNREADABLE,
                handler.IMMUTABLE,
            )
            if record is not None and record.deletion_policy != d.deletion_policy:
                before, after = _policy(record.deletion_policy), _policy(d.deletion_policy)
                changes.append(PropertyChange(POLICY, before, after))
            if any(c.replaces for c in changes):
                action = Action.REPLACE
            elif changes:
                action = Action.UPDATE
            else:
                action = Action.ADOPT if adopted else Action.NOOP
        self.values[address] = None if action in (Action.CREATE, Action.REPLACE) else current
        return Change(
            action=action,
            key=address,
            address=address,
            type_name=d.type_name,
            account=d.account,
            region=d.region,
            properties=d.properties,
            dependencies=d.dependencies,
            current=current,
            changes=changes,
            reason=reason,
            source=d.source,
            deletion_policy=d.deletion_policy,
        )

    def _unknown_matches(self, group: Group, address: str, resolved: dict[str, Any]) -> list[Live]:
        """Live resources not in state that are this resource: by tag, or natural key."""
        handler = handler_for(group[0])
        key = handler.natural_key(resolved)
        found = []
        for live in self.index.in_group(group):
            if (group, live.physical_id) in self.known:
                continue
            if is_declared_as(handler, live, address, key):
                found.append(live)
                self.known.add((group, live.physical_id))
        return found

    def deletions(self, keep: set[str]) -> list[Change]:
        """Deletes for what state holds but the model no longer declares, deposed
        copies left by an interrupted replacement, and duplicates found by tag."""
        changes = []
        for record in self.records.values():
            if record.address in keep and not record.deposed:
                continue
            group = (record.type_name, record.account, record.region)
            current = self.index.get(group, record.physical_id)
            if current is not None:  # delete may need what only state knows (write-only)
                properties = {**record.properties, **current.properties}
                current = Live(current.physical_id, properties, current.attributes)
            reason = "replaced; the old copy is left to delete" if record.deposed else ""
            if current is None:
                reason = "already gone from AWS; only state is cleaned"
            changes.append(
                self._delete(
                    record.key,
                    record.address,
                    group,
                    current,
                    reason,
                    record.dependencies,
                    record.deletion_policy,
                )
            )
        for address, live, group in self.orphans:
            key = f"{address}#orphan-{live.physical_id}"
            changes.append(
                self._delete(
                    key, address, group, live, "a duplicate left by an interrupted run", ()
                )
            )
        return changes

    @staticmethod
    def _delete(
        key: str,
        address: str,
        group: Group,
        current: Live | None,
        reason: str,
        dependencies: tuple[str, ...],
        policy: str | None = None,
    ) -> Change:
        type_name, account, region = group
        before = current.properties if current else {}
        retain = policy == "Retain" and current is not None
        if retain:
            reason = "DeletionPolicy Retain: left in AWS, removed from state"
        return Change(
            action=Action.RETAIN if retain else Action.DELETE,
            key=key,
            address=address,
            type_name=type_name,
            account=account,
            region=region,
            dependencies=dependencies,
            current=current,
            changes=[PropertyChange(k, v, ABSENT) for k, v in sorted(before.items())],
            reason=reason,
            deletion_policy=policy,
        )


POLICY = "DeletionPolicy"
"""How a plan names a change of deletion policy (a resource attribute, not a property)."""


def _policy(policy: str | None) -> str:
    return policy or "(the type's default)"
