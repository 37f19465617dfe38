"""Apply a plan: each resource as soon as what it needs is done, under one bound.

State is written the moment a resource exists and after every change to it, so a crash
loses at most the resource in flight (and the next run finds that one by its tag).
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from typing import Any

from landform.engine.accounts import account_address, role_of
from landform.engine.context import Context
from landform.engine.desired import UNKNOWN, has_unknown, resolve
from landform.engine.diff import diff_properties
from landform.engine.events import Event
from landform.engine.plan import POLICY, Action, Change, Plan
from landform.engine.sensitive import conceal, redact, secrets_of
from landform.errors import LandformError
from landform.handlers.base import DeletionRefused, Handler, Live
from landform.handlers.registry import handler_for
from landform.model.schema import schema_for
from landform.state.base import ResourceState, deposed_key


class ApplyFailed(LandformError):
    """Some resources failed; everything that succeeded is in state."""


@dataclass
class Outcome:
    done: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    """Deletions AWS's protection refused (key -> why); those resources stay in state."""


class _FairQueue:
    """Ready work per account, taken in turn: one busy account cannot starve the others
    of the run's concurrency bound."""

    def __init__(self) -> None:
        self._queues: OrderedDict[str, deque[str]] = OrderedDict()

    def push(self, account: str, node_id: str) -> None:
        self._queues.setdefault(account, deque()).append(node_id)

    def pop(self, accounts: set[str] | None) -> str | None:
        """The next node of the next account in turn (among `accounts`, if given)."""
        for account, queue in self._queues.items():
            if accounts is None or account in accounts:
                node_id = queue.popleft()
                if queue:
                    self._queues.move_to_end(account)
                else:
                    del self._queues[account]
                return node_id
        return None

    def __bool__(self) -> bool:
        return bool(self._queues)


@dataclass
class _Node:
    id: str
    change: Change
    run: Callable[[], None]
    needs: set[str]
    dependents: set[str] = field(default_factory=set)


def apply_plan(context: Context, plan: Plan) -> Outcome:
    """Carry out every change of `plan`; raise ApplyFailed if any resource failed."""
    walker = _Walker(context, plan)
    outcome = walker.run()
    if outcome.failed or outcome.refused:
        counts = [f"{len(outcome.failed)} resource(s) failed"]
        hint = "fix the cause and run apply again: what succeeded is in state"
        if outcome.refused:
            counts.append(f"{len(outcome.refused)} refused deletion")
            hint += (
                "; a protected resource is deleted only once its protection is off "
                "(declare it off and apply, then destroy)"
            )
        counts += [
            f"{len(outcome.skipped)} skipped because they depend on them",
            f"{len(outcome.done)} done",
        ]
        lines = [f"  - {a}: {m}" for a, m in {**outcome.failed, **outcome.refused}.items()]
        raise ApplyFailed(", ".join(counts) + ":\n" + "\n".join(lines), hint=hint)
    return outcome


class _Walker:
    def __init__(self, context: Context, plan: Plan) -> None:
        self.context = context
        self.run_id = uuid.uuid4().hex
        self.values: dict[str, Live] = {}
        self.values_lock = threading.Lock()
        self.recorded_dependencies: dict[str, tuple[str, ...]] = {}
        self.secrets: set[str] = set()
        for record in context.store.all():
            if not record.deposed:
                self.values[record.address] = Live(record.physical_id, {}, record.attributes)
                self.recorded_dependencies[record.address] = record.dependencies
        self.declared = {c.address: c.properties for c in plan.changes}
        self.nodes = self._build(plan)

    # graph --------------------------------------------------------------------------

    def _build(self, plan: Plan) -> dict[str, _Node]:
        nodes: dict[str, _Node] = {}
        for change in plan.changes:
            if change.action is Action.NOOP:
                continue
            self.secrets |= secrets_of(change.type_name, change.properties or {})
            if change.action in (Action.DELETE, Action.RETAIN):
                node_id = f"-{change.key}"
                nodes[node_id] = _Node(node_id, change, self._deleter(change), set())
                continue
            node_id = f"+{change.address}"
            nodes[node_id] = _Node(node_id, change, self._applier(change), set())
            if change.action is Action.REPLACE and change.current is not None:
                old = deposed_key(change.address, change.current.physical_id)
                delete = Change(
                    Action.RETAIN if change.retain else Action.DELETE,
                    old,
                    change.address,
                    change.type_name,
                    change.account,
                    change.region,
                    current=change.current,
                    dependencies=self.recorded_dependencies.get(change.address, ()),
                    deletion_policy=change.deletion_policy,
                )
                nodes[f"-{old}"] = _Node(f"-{old}", delete, self._deleter(delete), {node_id})
        creators = {n.change.address: n.id for n in nodes.values() if n.id.startswith("+")}
        users: dict[str, set[str]] = {}
        for node in nodes.values():
            used = set(node.change.dependencies)
            if node.id.startswith("+"):  # what it used before this change counts too
                used |= set(self.recorded_dependencies.get(node.change.address, ()))
            for dep in used:
                users.setdefault(dep, set()).add(node.id)
        for node in nodes.values():
            if node.id.startswith("+"):
                node.needs |= {creators[d] for d in node.change.dependencies if d in creators}
            else:
                # delete after whatever used the resource is gone or moved off it
                node.needs |= {u for u in users.get(node.change.address, ()) if u != node.id}
        for node in nodes.values():
            for need in node.needs:
                nodes[need].dependents.add(node.id)
        return nodes

    # walk ---------------------------------------------------------------------------

    def run(self) -> Outcome:
        outcome = Outcome()
        waiting = {n.id: set(n.needs) for n in self.nodes.values()}
        ready = _FairQueue()
        running: dict[Future[None], str] = {}
        limit = self.context.concurrency
        with ThreadPoolExecutor(max_workers=limit) as pool:
            while waiting or running or ready:
                for node_id in [node_id for node_id, needs in waiting.items() if not needs]:
                    del waiting[node_id]
                    ready.push(self.nodes[node_id].change.account, node_id)
                busy = {self.nodes[node_id].change.account for node_id in running.values()}
                while len(running) < limit:
                    chosen = ready.pop(self._admissible(busy))
                    if chosen is None:
                        break
                    busy.add(self.nodes[chosen].change.account)
                    running[pool.submit(self._execute, self.nodes[chosen])] = chosen
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    node_id = running.pop(future)
                    node = self.nodes[node_id]
                    error = future.exception()
                    if error is None:
                        outcome.done.append(node.change.address)
                        for dependent in node.dependents:
                            waiting.get(dependent, set()).discard(node_id)
                    else:
                        refusals = isinstance(error, DeletionRefused)
                        found = outcome.refused if refusals else outcome.failed
                        found[node.change.key] = self._message(error)
                        self._skip(node, waiting, outcome)
        return outcome

    def _admissible(self, busy: set[str]) -> set[str] | None:
        """The accounts whose work may start now (None: any), under `accounts_at_once`."""
        most = self.context.accounts_at_once
        return set(busy) if most is not None and len(busy) >= most else None

    def _skip(self, failed: _Node, waiting: dict[str, set[str]], outcome: Outcome) -> None:
        pending = list(failed.dependents)
        while pending:
            node_id = pending.pop()
            if waiting.pop(node_id, None) is None:
                continue
            node = self.nodes[node_id]
            outcome.skipped.append(node.change.key)
            self.context.report(
                Event(
                    "skipped",
                    node.change.key,
                    str(node.change.action),
                    f"{failed.change.key} failed",
                )
            )
            pending.extend(node.dependents)

    def _execute(self, node: _Node) -> None:
        change = node.change
        action = str(change.action)
        self.context.report(Event("start", change.key, action))
        started = time.monotonic()
        try:
            node.run()
        except Exception as error:
            kind = "refused" if isinstance(error, DeletionRefused) else "failed"
            elapsed = time.monotonic() - started
            self.context.report(Event(kind, change.key, action, self._message(error), elapsed))
            raise
        self.context.report(Event("done", change.key, action, "", time.monotonic() - started))

    # actions ------------------------------------------------------------------------

    def _applier(self, change: Change) -> Callable[[], None]:
        return lambda: self._apply(change)

    def _deleter(self, change: Change) -> Callable[[], None]:
        return lambda: self._delete(change)

    def _apply(self, change: Change) -> None:
        change = replace(change, account=self._account_of(change))
        handler = handler_for(change.type_name)
        api = self.context.api(change.account, change.region)
        props = resolve(change.properties or {}, self._lookup)
        if has_unknown(props):
            raise LandformError(f"a value of {change.address} is still unknown at apply time")
        store = self.context.store
        policy_only = change.action is Action.UPDATE and all(
            c.name == POLICY for c in change.changes
        )
        if change.action is Action.ADOPT or policy_only:
            assert change.current is not None
            self._record(change, change.current, props)
            return
        if change.action is Action.UPDATE:
            assert change.current is not None
            live = handler.update(api, change.current, props)
            self._record(change, live, props)
            return
        if change.action is Action.REPLACE and change.current is not None:
            old = store.get(change.address)
            if old is not None:
                deposed = deposed_key(change.address, old.physical_id)
                store.rename(change.address, deposed)
                if old.deletion_policy != change.deletion_policy:  # it goes as now declared
                    store.put(replace(old, key=deposed, deletion_policy=change.deletion_policy))
        live = handler.create(api, props, self._token(change.address))
        recorded = live.properties
        self._record(change, live, recorded)
        remaining = diff_properties(schema_for(change.type_name), props, live.properties, {})
        if remaining:
            live = handler.update(api, live, props)
            recorded = props
            self._record(change, live, recorded)
        waits = type(handler).wait_ready is not Handler.wait_ready
        if waits and (self.context.wait or self.nodes[f"+{change.address}"].dependents):
            self.context.report(Event("wait", change.address, str(change.action)))
            ready = handler.wait_ready(api, live)
            if ready.attributes != live.attributes:  # e.g. an endpoint, given once ready
                self._record(change, ready, recorded)

    def _delete(self, change: Change) -> None:
        if change.action is Action.RETAIN:
            self.context.store.release(change.key)
            return
        if change.current is not None:
            handler = handler_for(change.type_name)
            if handler.CLOSES_ACCOUNT and not self.context.allow_account_close:
                raise DeletionRefused(
                    f"AWS account {change.current.physical_id} ({change.address})",
                    "Landform's account-close protection",
                    "closing an account ends its workloads and makes its email unusable; "
                    "run destroy (or apply) with --allow-account-close to close it",
                )
            api = self.context.api(change.account, change.region)
            handler.delete_under(api, change.current, change.deletion_policy)
        self.context.store.remove(change.key)

    def _account_of(self, change: Change) -> str:
        """The change's account id, known by now if the run had to make the account."""
        made_by = account_address(change.account)
        if made_by is None:
            return change.account
        with self.values_lock:
            account = self.values.get(made_by)
        if account is None:
            raise LandformError(f"the account of {change.address} ({made_by}) was not made")
        self.context.sessions.roles[account.physical_id] = role_of(self.declared.get(made_by))
        return account.physical_id

    def _record(self, change: Change, live: Live, properties: dict[str, Any]) -> None:
        properties = conceal(change.type_name, change.address, properties)
        self.context.store.put(
            ResourceState(
                key=change.address,
                address=change.address,
                type_name=change.type_name,
                account=change.account,
                region=change.region,
                physical_id=live.physical_id,
                properties=properties,
                attributes=live.attributes,
                dependencies=change.dependencies,
                deletion_policy=change.deletion_policy,
            )
        )
        with self.values_lock:
            self.values[change.address] = live

    def _lookup(self, address: str, attribute: str | None) -> Any:
        with self.values_lock:
            live = self.values.get(address)
        if live is None:
            return UNKNOWN
        if attribute is None:
            return live.physical_id
        if attribute not in live.attributes:
            raise LandformError(f"{address} has no attribute {attribute} after apply")
        return live.attributes[attribute]

    def _message(self, error: BaseException) -> str:
        """What went wrong, without any secret of the plan in it."""
        text = str(error)
        if not isinstance(error, LandformError):
            text = f"{type(error).__name__}: {text}"
        return redact(text, self.secrets)

    def _token(self, address: str) -> str:
        return hashlib.sha256(f"{address}\n{self.run_id}".encode()).hexdigest()[:32]
