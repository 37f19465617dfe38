"""The default state store: one SQLite file in the project's `.landform/`, mode 0600."""

from __future__ import annotations

import contextlib
import fcntl
import getpass
import json
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from landform.errors import StateLocked
from landform.state.base import Identity, ResourceState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    key TEXT PRIMARY KEY,
    address TEXT NOT NULL,
    type_name TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    physical_id TEXT NOT NULL,
    properties TEXT NOT NULL,
    attributes TEXT NOT NULL,
    dependencies TEXT NOT NULL,
    deletion_policy TEXT
);
CREATE TABLE IF NOT EXISTS released (
    type_name TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    physical_id TEXT NOT NULL,
    address TEXT NOT NULL,
    PRIMARY KEY (type_name, account, region, physical_id)
);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('serial', 0);
"""
_COLUMNS = (
    "key, address, type_name, account, region, physical_id, properties, attributes, "
    "dependencies, deletion_policy"
)


class SqliteStateStore:
    """State in `<directory>/state.db`; the lock is an flock on `<directory>/lock`.

    The kernel releases an flock when its process dies, so a killed apply never leaves
    a stale lock behind; the lock file names the holder for the error message.
    """

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.path = directory / "state.db"
        self._lock_path = directory / "lock"
        if not self.path.exists():
            self.path.touch(mode=0o600)
        os.chmod(self.path, 0o600)
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(resources)")}
        if "deletion_policy" not in columns:  # state written before deletion policies
            self._db.execute("ALTER TABLE resources ADD COLUMN deletion_policy TEXT")
        self._mutex = threading.Lock()

    def all(self) -> list[ResourceState]:
        with self._mutex:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM resources ORDER BY key").fetchall()
        return [_record(row) for row in rows]

    def get(self, key: str) -> ResourceState | None:
        with self._mutex:
            query = f"SELECT {_COLUMNS} FROM resources WHERE key = ?"
            row = self._db.execute(query, (key,)).fetchone()
        return _record(row) if row else None

    def put(self, record: ResourceState) -> None:
        row = (
            record.key,
            record.address,
            record.type_name,
            record.account,
            record.region,
            record.physical_id,
            json.dumps(record.properties, sort_keys=True),
            json.dumps(record.attributes, sort_keys=True),
            json.dumps(list(record.dependencies)),
            record.deletion_policy,
        )
        with self._mutex, self._transaction():
            self._db.execute(
                f"INSERT OR REPLACE INTO resources ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?)", row
            )
            self._db.execute(
                "DELETE FROM released WHERE type_name = ? AND account = ? AND region = ? "
                "AND physical_id = ?",
                row[2:6],
            )

    def remove(self, key: str) -> None:
        with self._mutex, self._transaction():
            self._db.execute("DELETE FROM resources WHERE key = ?", (key,))

    def release(self, key: str) -> None:
        with self._mutex, self._transaction():
            self._db.execute(
                "INSERT OR REPLACE INTO released "
                "SELECT type_name, account, region, physical_id, address FROM resources "
                "WHERE key = ?",
                (key,),
            )
            self._db.execute("DELETE FROM resources WHERE key = ?", (key,))

    def released(self) -> set[Identity]:
        with self._mutex:
            rows = self._db.execute(
                "SELECT type_name, account, region, physical_id FROM released"
            ).fetchall()
        return {((type_name, account, region), pid) for type_name, account, region, pid in rows}

    def rename(self, key: str, new_key: str) -> None:
        with self._mutex, self._transaction():
            self._db.execute("UPDATE resources SET key = ? WHERE key = ?", (new_key, key))

    def serial(self) -> int:
        with self._mutex:
            return int(self._db.execute("SELECT value FROM meta WHERE name='serial'").fetchone()[0])

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("UPDATE meta SET value = value + 1 WHERE name = 'serial'")
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    @contextlib.contextmanager
    def lock(self, purpose: str) -> Iterator[None]:
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = self._lock_path.read_text() or "an unknown process"
                raise StateLocked(
                    f"the state is locked by {holder}",
                    hint="wait for that run to finish; the lock is released when it exits",
                ) from None
            since = datetime.now(UTC).isoformat(timespec="seconds")
            who = f"{getpass.getuser()}@{socket.gethostname()} pid {os.getpid()}"
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{who} ({purpose}) since {since}".encode(), 0)
            try:
                yield
            finally:
                os.ftruncate(fd, 0)
        finally:
            os.close(fd)

    def holder(self) -> str | None:
        """Who holds the lock and since when, or None when it is free."""
        fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return self._lock_path.read_text() or "an unknown process"
        finally:
            os.close(fd)  # closing releases the flock if this call took it
        return None

    def unlock(self) -> str | None:
        """Nothing to remove: the kernel frees the lock when its holder exits, so a held
        one belongs to a running process, which is refused."""
        holder = self.holder()
        if holder is not None:
            raise StateLocked(
                f"the state is locked by {holder}, which is still running",
                hint="wait for it, or stop that process; its lock goes with it",
            )
        return None

    def close(self) -> None:
        self._db.close()


def _record(row: tuple[str, ...]) -> ResourceState:
    key, address, type_name, account, region, physical_id, props, attrs, deps, policy = row
    return ResourceState(
        key=key,
        address=address,
        type_name=type_name,
        account=account,
        region=region,
        physical_id=physical_id,
        properties=json.loads(props),
        attributes=json.loads(attrs),
        dependencies=tuple(json.loads(deps)),
        deletion_policy=policy,
    )
