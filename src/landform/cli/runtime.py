"""What a command needs before it runs: the project, its state, and AWS access."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from landform.cloud.calls import CallCounter
from landform.cloud.session import CloudConfig, Sessions
from landform.engine.context import DEFAULT_CONCURRENCY, Context
from landform.engine.events import Reporter
from landform.model.app import App

STATE_DIR = ".landform"


@dataclass
class Options:
    """The global options every command shares."""

    project: Path = field(default_factory=Path.cwd)
    local: bool = False
    stacks: tuple[str, ...] = ()
    concurrency: int = DEFAULT_CONCURRENCY

    @property
    def state_dir(self) -> Path:
        return self.project / STATE_DIR

    def load_app(self) -> App:
        from landform.project import load_app

        return load_app(self.project)


def local_requested(flag: bool) -> bool:
    return flag or os.environ.get("LANDFORM_LOCAL", "") not in ("", "0")


@contextlib.contextmanager
def open_context(
    options: Options, report: Reporter, warn: Callable[[str], None], wait: bool = True
) -> Iterator[tuple[Context, CallCounter]]:
    """A Context for this command, with the emulator when --local asks for it."""
    from landform.state.sqlite import SqliteStateStore

    counter = CallCounter()
    with _cloud_config(options, warn) as config:
        config.hooks.append(counter.hook)
        config.max_pool_connections = max(10, options.concurrency * 2)
        store = SqliteStateStore(options.state_dir)
        try:
            yield (
                Context(Sessions(config), store, report, options.concurrency, wait),
                counter,
            )
        finally:
            store.close()


@contextlib.contextmanager
def _cloud_config(options: Options, warn: Callable[[str], None]) -> Iterator[CloudConfig]:
    if not options.local:
        yield CloudConfig()
        return
    from landform.cloud import emulator

    found = emulator.running(options.state_dir)
    if found is not None:
        yield CloudConfig(endpoint_url=found.endpoint_url, local=True)
        return
    warn(
        "no local emulator is running: starting one for this command only; "
        "what it creates vanishes when the command exits (`landform local start` keeps one)"
    )
    server = emulator.InProcessEmulator()
    started = server.start()
    try:
        yield CloudConfig(endpoint_url=started.endpoint_url, local=True)
    finally:
        server.stop()
