"""Headless Chromium, driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
commands go in on fd 3, replies and events come out on fd 4, each JSON text ending in
NUL), so a test can open a page and read what the browser made of it."""

from __future__ import annotations

import json
import os
import select
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)
"""Headless, and quiet on a machine with no network: without the background-networking
flags Chromium keeps trying Google's hosts. Shared memory goes to /tmp, as containers'
/dev/shm is often too small for it."""
TIMEOUT = 60.0
"""Seconds a reply may take before the test fails rather than hangs."""


def executable() -> str:
    """The Chromium to run: $CHROMIUM, or the first of NAMES on PATH."""
    found = os.environ.get("CHROMIUM") or next(filter(None, map(shutil.which, NAMES)), None)
    if not found:
        raise RuntimeError(
            "no Chromium found for the browser test: `make test` installs Debian's "
            "chromium package; elsewhere install Chromium or set CHROMIUM=/path/to/chrome"
        )
    return found


class Browser:
    """One Chromium process and its protocol pipe; `events` keeps every event seen."""

    def __init__(self, profile: Path) -> None:
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        files = [
            (os.POSIX_SPAWN_DUP2, commands_read, 3),
            (os.POSIX_SPAWN_DUP2, replies_write, 4),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        ]
        path = executable()
        self._pid = os.posix_spawn(
            path,
            [path, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            os.environ,
            file_actions=files,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        """Runs one protocol command and returns its result; an error reply raises."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply["result"]
                return result

    def open(self, url: str, read: str) -> tuple[Any, list[str]]:
        """Opens `url` in a new tab and waits for its load event; returns the value of
        the JavaScript expression `read` there, and the tab's console errors."""
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session)
        self.send("Page.navigate", session, url=url)
        self._wait_for("Page.loadEventFired", session)
        value = self.send("Runtime.evaluate", session, expression=read, returnByValue=True)
        tab = [event for event in self.events if event.get("sessionId") == session]
        return value["result"]["value"], console_errors(tab)

    def _wait_for(self, method: str, session: str) -> None:
        while not any(
            event["method"] == method and event.get("sessionId") == session for event in self.events
        ):
            self._receive()

    def _receive(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._replies], [], [], left)[0]:
                raise TimeoutError(f"Chromium sent nothing for {TIMEOUT:.0f} s")
            chunk = os.read(self._replies, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed its protocol pipe")
            self._buffer += chunk
        text, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(text)
        if "method" in message:
            self.events.append(message)
        return message

    def close(self) -> None:
        """Asks the browser to quit and waits for it."""
        try:
            self.send("Browser.close")
        finally:
            os.close(self._commands)
            os.close(self._replies)
            os.waitpid(self._pid, 0)


@contextmanager
def browser(profile: Path) -> Iterator[Browser]:
    """A headless Chromium with a new profile in `profile`, closed on exit."""
    running = Browser(profile)
    try:
        yield running
    finally:
        running.close()


def console_errors(events: Iterable[dict[str, Any]]) -> list[str]:
    """What a page's console showed as an error or warning: console calls, uncaught
    exceptions and the browser's own log (blocked loads, policy violations)."""
    errors = []
    for event in events:
        params = event.get("params", {})
        if event["method"] == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"]["text"])
        elif event["method"] == "Runtime.consoleAPICalled" and params["type"] in (
            "error",
            "warning",
            "assert",
        ):
            errors.append(" ".join(str(arg.get("value")) for arg in params["args"]))
        elif event["method"] == "Log.entryAdded" and params["entry"]["level"] in (
            "error",
            "warning",
        ):
            errors.append(params["entry"]["text"])
    return errors
