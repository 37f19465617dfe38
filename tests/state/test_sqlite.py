"""The SQLite state store: per-record transactions, file mode, the lock."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from landform.errors import StateLocked
from landform.state.base import ResourceState
from landform.state.sqlite import SqliteStateStore


def record(key: str = "app/s/vpc", physical_id: str = "vpc-1") -> ResourceState:
    return ResourceState(
        key,
        key,
        "AWS::EC2::VPC",
        "123456789012",
        "us-east-1",
        physical_id,
        {"CidrBlock": "10.0.0.0/16"},
        {"VpcId": physical_id},
        ("app/s/x",),
    )


def test_records_round_trip_and_bump_the_serial(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path)
    before = store.serial()
    store.put(record())
    assert store.get("app/s/vpc") == record()
    store.rename("app/s/vpc", "app/s/vpc#deposed-vpc-1")
    assert store.get("app/s/vpc") is None
    assert store.get("app/s/vpc#deposed-vpc-1") is not None
    assert store.get("app/s/vpc#deposed-vpc-1").deposed  # type: ignore[union-attr]
    store.remove("app/s/vpc#deposed-vpc-1")
    assert store.all() == []
    assert store.serial() == before + 3


def test_state_file_is_private(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path)
    store.put(record())
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600


def hold_lock(directory: Path) -> subprocess.Popen[str]:
    """Another process that takes the lock and keeps it until its stdin closes."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys
            from pathlib import Path
            from landform.state.sqlite import SqliteStateStore
            with SqliteStateStore(Path({str(directory)!r})).lock("apply"):
                print("locked", flush=True)
                sys.stdin.readline()
        """),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def test_second_holder_fails_at_once_naming_the_first(tmp_path: Path) -> None:
    holder = hold_lock(tmp_path)
    try:
        with pytest.raises(StateLocked) as raised, SqliteStateStore(tmp_path).lock("apply"):
            pass
        message = str(raised.value)
        assert f"pid {holder.pid}" in message
        assert "(apply) since 20" in message
    finally:
        holder.communicate("\n")
    with SqliteStateStore(tmp_path).lock("apply"):
        pass  # released when its holder exits


def test_lock_of_a_killed_process_is_released(tmp_path: Path) -> None:
    holder = hold_lock(tmp_path)
    holder.kill()
    holder.wait()
    with SqliteStateStore(tmp_path).lock("apply"):
        pass


def test_a_released_resource_is_remembered_until_a_record_names_it_again(
    tmp_path: Path,
) -> None:
    store = SqliteStateStore(tmp_path)
    store.put(replace(record(), deletion_policy="Retain"))
    assert store.get("app/s/vpc") == replace(record(), deletion_policy="Retain")
    store.release("app/s/vpc")

    reopened = SqliteStateStore(tmp_path)
    assert reopened.all() == []
    assert reopened.released() == {(("AWS::EC2::VPC", "123456789012", "us-east-1"), "vpc-1")}
    reopened.put(record())
    assert SqliteStateStore(tmp_path).released() == set()


def test_state_written_before_deletion_policies_gains_the_column(tmp_path: Path) -> None:
    """A state.db made with the table as it was before deletion policies (no `retain`)."""
    with sqlite3.connect(tmp_path / "state.db") as db:
        db.execute(
            "CREATE TABLE resources (key TEXT PRIMARY KEY, address TEXT NOT NULL, "
            "type_name TEXT NOT NULL, account TEXT NOT NULL, region TEXT NOT NULL, "
            "physical_id TEXT NOT NULL, properties TEXT NOT NULL, attributes TEXT NOT NULL, "
            "dependencies TEXT NOT NULL)"
        )
        old = record()
        db.execute(
            "INSERT INTO resources VALUES (?,?,?,?,?,?,?,?,?)",
            (
                *(old.key, old.address, old.type_name, old.account, old.region),
                old.physical_id,
                json.dumps(old.properties),
                json.dumps(old.attributes),
                json.dumps(list(old.dependencies)),
            ),
        )
    store = SqliteStateStore(tmp_path)
    assert store.all() == [record()]
    store.put(replace(record("app/s/other", "vpc-2"), deletion_policy="Retain"))
    assert store.get("app/s/other") == replace(
        record("app/s/other", "vpc-2"), deletion_policy="Retain"
    )
