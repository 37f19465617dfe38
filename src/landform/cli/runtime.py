"""What a command needs before it runs: the project, its state, and AWS access."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landform.engine.limits import DEFAULT_CONCURRENCY

if TYPE_CHECKING:  # the commands import these when they run, so `--help` stays fast
    from landform.cloud.calls import CallCounter
    from landform.cloud.session import CloudConfig, Sessions
    from landform.engine.context import Context
    from landform.engine.events import Reporter
    from landform.model.app import App
    from landform.state.s3 import S3State

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


def open_store(
    options: Options, sessions: Sessions, location: S3State | None, app: App | None
) -> Any:
    """The S3 store at `location` for `app`, or the project's SQLite store when None."""
    if location is None or app is None:
        from landform.state.sqlite import SqliteStateStore

        return SqliteStateStore(options.state_dir)
    from landform.state.s3 import S3StateStore

    region = (
        location.region
        or os.environ.get("AWS_REGION")
        or os.environ.get("AWS_DEFAULT_REGION", "us-east-1")
    )
    return S3StateStore(sessions.client("s3", None, region), location, app.name)


def parse_location(text: str) -> S3State | None:
    """`local` -> None (the SQLite store); `s3://bucket/prefix` -> S3State."""
    from landform.errors import LandformError
    from landform.state.s3 import S3State

    if text == "local":
        return None
    bucket, _, prefix = text.removeprefix("s3://").partition("/")
    if not text.startswith("s3://") or not bucket:
        raise LandformError(
            f"cannot read state location {text!r}", hint="local or s3://BUCKET/PREFIX"
        )
    return S3State(bucket, prefix=prefix.strip("/"))


def local_requested(flag: bool) -> bool:
    return flag or os.environ.get("LANDFORM_LOCAL", "") not in ("", "0")


@contextlib.contextmanager
def open_context(
    options: Options,
    report: Reporter,
    warn: Callable[[str], None],
    wait: bool = True,
    app: App | None = None,
) -> Iterator[tuple[Context, CallCounter]]:
    """A Context for this command, with the emulator when --local asks for it, and the
    state store `app` declares (S3) or the project's SQLite file."""
    from landform.cloud.calls import CallCounter
    from landform.cloud.session import Sessions
    from landform.engine.context import Context

    counter = CallCounter()
    with _cloud_config(options, warn) as config:
        config.hooks.append(counter.hook)
        config.max_pool_connections = max(10, options.concurrency * 2)
        sessions = Sessions(config)
        store = open_store(options, sessions, app.state if app is not None else None, app)
        try:
            yield (
                Context(sessions, store, report, options.concurrency, wait),
                counter,
            )
        finally:
            store.close()


@contextlib.contextmanager
def _cloud_config(options: Options, warn: Callable[[str], None]) -> Iterator[CloudConfig]:
    from landform.cloud.session import CloudConfig

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
