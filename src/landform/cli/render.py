"""Plans, drift, state and progress shown to people (rich on a terminal, plain otherwise)."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterable
from typing import Any

from landform.engine.desired import UNKNOWN
from landform.engine.diff import ABSENT, PropertyChange
from landform.engine.drift import Drift
from landform.engine.events import Event
from landform.engine.organization import OrgNode
from landform.engine.plan import Action, Plan

SYMBOLS = {
    Action.CREATE: ("+", "green"),
    Action.UPDATE: ("~", "yellow"),
    Action.REPLACE: ("-/+", "magenta"),
    Action.DELETE: ("-", "red"),
    Action.RETAIN: (".", "blue"),
    Action.ADOPT: ("=", "cyan"),
    Action.NOOP: (" ", "dim"),
}


class Output:
    """Writes to stdout (results) and stderr (progress, warnings)."""

    def __init__(self, json_mode: bool = False) -> None:
        from rich.console import Console

        self.json_mode = json_mode
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    @property
    def interactive(self) -> bool:
        return sys.stdin.isatty() and self.err.is_terminal

    def json(self, data: Any) -> None:
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")

    def warn(self, text: str) -> None:
        self.err.print(f"[yellow]warning:[/] {text}")

    def error(self, text: str) -> None:
        self.err.print(f"[bold red]error:[/] {text}", markup=True)

    def line(self, text: str) -> None:
        self.out.print(text)

    # plans ----------------------------------------------------------------------------

    def plan(self, plan: Plan) -> None:
        for change in plan.changes:
            if change.action is Action.NOOP:
                continue
            symbol, color = SYMBOLS[change.action]
            why = f"  [dim]({change.reason})[/]" if change.reason else ""
            self.out.print(
                f"[{color}]{symbol:>3} {change.action:<8}[/] {change.key} "
                f"[dim]{change.type_name}[/]{why}"
            )
            if change.action not in (Action.DELETE, Action.RETAIN):
                for prop in change.changes:
                    self.out.print("      " + describe_change(prop), markup=False)
        self.out.print(summary(plan))

    def drift(self, drifts: list[Drift]) -> None:
        if not drifts:
            self.out.print("No drift: every managed resource matches state.")
            return
        for drift in drifts:
            if drift.deleted:
                self.out.print(f"[red]deleted[/] {drift.address} ({drift.physical_id})")
                continue
            self.out.print(f"[yellow]drifted[/] {drift.address} ({drift.physical_id})")
            for prop in drift.changes:
                self.out.print(
                    f"      {prop.name}: recorded {_show(prop.after)}, live {_show(prop.before)}",
                    markup=False,
                )
        self.out.print(f"{len(drifts)} resource(s) drifted.")

    def organization(self, root: OrgNode) -> None:
        from rich.tree import Tree

        def label(node: OrgNode) -> str:
            text = {
                "root": f"[bold]{node.name}[/] [dim]{node.id}[/]",
                "ou": f"[bold blue]{node.name}[/] [dim]{node.id}[/]",
                "account": f"[bold]{node.name}[/] {node.id} [dim]{node.status}[/]",
            }[node.kind]
            if node.policies:
                text += "\n[yellow]policies:[/] " + ", ".join(node.policies)
            if node.stacks:
                stacks = (f"{name} ({count})" for name, count in node.stacks.items())
                text += "\n[green]stacks:[/] " + ", ".join(stacks)
            return text

        def grow(tree: Tree, node: OrgNode) -> None:
            for child in node.children:
                grow(tree.add(label(child)), child)

        tree = Tree(label(root))
        grow(tree, root)
        self.out.print(tree, soft_wrap=False)

    def table(self, title: str, columns: list[str], rows: Iterable[list[str]]) -> None:
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*row)
        self.out.print(table)

    # progress -------------------------------------------------------------------------

    def progress(self, total: int) -> ProgressReporter:
        return ProgressReporter(self, total)


class ProgressReporter:
    """Renders engine events: a line per finished resource; on a terminal, also a live
    bar with the count, the elapsed time and what is in flight."""

    def __init__(self, output: Output, total: int) -> None:
        self.output = output
        self.total = total
        self.finished = 0
        self.in_flight: dict[str, str] = {}
        self.waiting_since: dict[str, float] = {}
        self._lock = threading.Lock()
        self._bar: Any = None
        if output.err.is_terminal and not output.json_mode:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn("applying"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("[dim]{task.description}"),
                console=output.err,
                transient=True,
            )
            self._task = self._bar.add_task("", total=total)
            self._bar.start()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, event: Event) -> None:
        if self.output.json_mode or event.kind in ("refresh", "refreshed"):
            return
        with self._lock:
            if event.kind in ("start", "wait"):
                verb = "waiting for" if event.kind == "wait" else event.action
                self.in_flight[event.address] = f"{verb} {event.address}"
                if event.kind == "wait":
                    self.waiting_since[event.address] = time.monotonic()
                    if self._bar is None:
                        self._print(f"[dim]waiting for {event.address} to be ready[/]")
            else:
                self.in_flight.pop(event.address, None)
                self.finished += 1
                self._print(self._line(event))
            if self._bar is not None:
                latest = list(self.in_flight.values())[-3:]
                self._bar.update(self._task, completed=self.finished, description="; ".join(latest))

    def _line(self, event: Event) -> str:
        count = f"[dim][{self.finished}/{self.total}][/]"
        if event.kind == "done":
            took = f"{event.elapsed:.1f}s"
            since = self.waiting_since.pop(event.address, None)
            if since is not None:
                took += f", {time.monotonic() - since:.1f}s of it waiting until ready"
            return f"{count} [green]{event.action}[/] {event.address} ({took})"
        if event.kind == "failed":
            return f"{count} [red]failed[/] {event.action} {event.address}: {event.message}"
        return f"{count} [yellow]{event.kind}[/] {event.address}: {event.message}"

    def _print(self, text: str) -> None:
        console = self._bar.console if self._bar is not None else self.output.err
        console.print(text)


def describe_change(change: PropertyChange) -> str:
    after = (
        "(known after apply)"
        if change.known_after_apply and change.after != ABSENT
        else _show(change.after)
    )
    text = f"{change.name}: {_show(change.before)} -> {after}"
    return text + " (forces replacement)" if change.replaces else text


def summary(plan: Plan) -> str:
    counts = plan.counts()
    parts = [
        f"{counts.get('create', 0)} to create",
        f"{counts.get('update', 0)} to update",
        f"{counts.get('replace', 0)} to replace",
        f"{counts.get('delete', 0)} to delete",
    ]
    if counts.get("retain"):
        parts.append(f"{counts['retain']} to retain (left in AWS, removed from state)")
    if counts.get("adopt"):
        parts.append(f"{counts['adopt']} to adopt")
    if not plan.has_changes:
        return f"No changes. {counts.get('no-op', 0)} resource(s) up to date."
    return "Plan: " + ", ".join(parts) + f"; {counts.get('no-op', 0)} unchanged."


def _show(value: Any) -> str:
    if value in (ABSENT, UNKNOWN):
        return str(value)
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 160 else text[:157] + "..."
