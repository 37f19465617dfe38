"""The embedded AWS emulator (moto's server) on a free loopback port.

`start_in_process` serves from a thread of the current process (for one command or a test
session); `start_background` runs it as a detached process and records its port and pid in
`<project>/.landform/emulator.json`, which `--local` reads.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landform.cloud.corrections import behave_as_aws
from landform.errors import LandformError

RECORD = "emulator.json"


@dataclass(frozen=True)
class Emulator:
    """A running emulator: its endpoint, and the pid that serves it."""

    endpoint_url: str
    pid: int


class InProcessEmulator:
    """moto's server in a thread of this process, bound to 127.0.0.1 on port 0.

    Requests are answered one at a time: moto's backends are not thread-safe (concurrent
    creates in one VPC fail with "dictionary changed size during iteration"), while AWS
    is. Clients still overlap their round trips; moto is bound by one core either way.
    """

    def __init__(self, managed_policies: bool = True) -> None:
        """`managed_policies`: hold AWS's managed IAM policies, as every AWS account does
        (loading them takes the emulator a few seconds per account)."""
        if managed_policies:
            os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
        try:
            from moto.moto_server.werkzeug_app import (
                DomainDispatcherApplication,
                create_backend_app,
            )
        except ImportError as error:
            raise LandformError(
                "the local emulator needs moto[server]",
                hint="pip install 'landform[local]'",
            ) from error
        self._app: Any = DomainDispatcherApplication(create_backend_app)
        self._lock = threading.Lock()
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def _serialized(self, environ: Any, start_response: Any) -> list[bytes]:
        with self._lock:
            return list(self._app(environ, start_response))

    def start(self) -> Emulator:
        import logging

        from werkzeug.serving import make_server

        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        behave_as_aws()
        self._server = make_server("127.0.0.1", 0, self._serialized, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return Emulator(f"http://127.0.0.1:{self._server.server_port}", os.getpid())

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
        if self._thread is not None:
            self._thread.join()


def running(state_dir: Path) -> Emulator | None:
    """The background emulator recorded under `state_dir`, if it still answers."""
    record = state_dir / RECORD
    if not record.exists():
        return None
    data = json.loads(record.read_text())
    emulator = Emulator(data["endpoint_url"], int(data["pid"]))
    return emulator if _answers(emulator.endpoint_url) else None


def start_background(state_dir: Path, timeout: float = 30.0) -> Emulator:
    """Start a detached emulator process and wait until it answers."""
    existing = running(state_dir)
    if existing is not None:
        return existing
    state_dir.mkdir(parents=True, exist_ok=True)
    record = state_dir / RECORD
    record.unlink(missing_ok=True)
    log = (state_dir / "emulator.log").open("ab")
    subprocess.Popen(
        [sys.executable, "-m", "landform.cloud.emulator", str(state_dir)],
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        cwd=state_dir,  # not the project's directory, whose landform.py would shadow ours
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = running(state_dir)
        if found is not None:
            return found
        time.sleep(0.1)
    raise LandformError(
        f"the emulator did not start within {timeout:.0f} s",
        hint=f"see {state_dir / 'emulator.log'}",
    )


def stop_background(state_dir: Path) -> bool:
    """Stop the recorded emulator; False if none was running."""
    emulator = running(state_dir)
    (state_dir / RECORD).unlink(missing_ok=True)
    if emulator is None:
        return False
    os.kill(emulator.pid, signal.SIGTERM)
    return True


def _answers(endpoint_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{endpoint_url}/moto-api/", timeout=2):
            return True
    except OSError:
        return False


def _serve(state_dir: Path) -> None:
    """Entry point of the background process: serve until terminated."""
    server = InProcessEmulator()
    emulator = server.start()
    record = state_dir / RECORD
    temporary = record.with_suffix(".tmp")
    temporary.write_text(json.dumps({"endpoint_url": emulator.endpoint_url, "pid": emulator.pid}))
    temporary.replace(record)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    server.stop()


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    _serve(Path(sys.argv[1]))
