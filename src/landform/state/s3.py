"""State in S3, for teams: one encrypted JSON object per app, locked by a conditional write.

The bucket must keep versions (every write is a new version, so any earlier state can
be restored). Each write puts the whole state with SSE-KMS; the lock is an object created
with `If-None-Match: *`, which S3 lets only one writer create, naming its holder. A
process that dies holding it leaves it behind: `landform state unlock` removes it.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from landform.errors import LandformError, StateLocked
from landform.handlers.base import error_code
from landform.state.base import Identity, ResourceState


@dataclass(frozen=True)
class S3State:
    """Where a team keeps an app's state: `s3://bucket/prefix/<app>/`.

    `kms_key_id` encrypts it (None: the account's AWS managed key for S3); `region` is
    the bucket's (None: the session's).
    """

    bucket: str
    prefix: str = "landform"
    kms_key_id: str | None = None
    region: str | None = None

    def key(self, app: str, name: str) -> str:
        return "/".join(part for part in (self.prefix.strip("/"), app, name) if part)

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix.strip('/')}"


class S3StateStore:
    """A StateStore on S3 (see the module's docstring); `client` is an S3 client."""

    def __init__(self, client: Any, location: S3State, app: str) -> None:
        self._s3 = client
        self.location = location
        self._state_key = location.key(app, "state.json")
        self._lock_key = location.key(app, "state.lock")
        self._mutex = threading.Lock()
        self._require_versioning()
        self._records, self._released, self._serial = self._read()

    # reading ------------------------------------------------------------------------

    def all(self) -> list[ResourceState]:
        with self._mutex:
            return [self._records[key] for key in sorted(self._records)]

    def get(self, key: str) -> ResourceState | None:
        with self._mutex:
            return self._records.get(key)

    def serial(self) -> int:
        with self._mutex:
            return self._serial

    def released(self) -> set[Identity]:
        with self._mutex:
            return set(self._released)

    # writing (each change is one PUT of the whole state) -----------------------------

    def put(self, record: ResourceState) -> None:
        with self._mutex:
            self._records[record.key] = record
            self._released.pop(record.identity, None)
            self._write()

    def remove(self, key: str) -> None:
        with self._mutex:
            if self._records.pop(key, None) is not None:
                self._write()

    def release(self, key: str) -> None:
        with self._mutex:
            record = self._records.pop(key, None)
            if record is not None:
                self._released[record.identity] = record.address
                self._write()

    def rename(self, key: str, new_key: str) -> None:
        with self._mutex:
            record = self._records.pop(key)
            self._records[new_key] = ResourceState(**{**asdict(record), "key": new_key})
            self._write()

    # locking ------------------------------------------------------------------------

    @contextlib.contextmanager
    def lock(self, purpose: str) -> Iterator[None]:
        """Create the lock object, or fail at once naming whoever holds it; read the state
        afresh once held (another run may have written since this store was opened)."""
        since = datetime.now(UTC).isoformat(timespec="seconds")
        holder = f"{getpass.getuser()}@{socket.gethostname()} pid {os.getpid()}"
        body = json.dumps({"holder": holder, "purpose": purpose, "since": since})
        try:
            self._s3.put_object(
                Bucket=self.location.bucket,
                Key=self._lock_key,
                Body=body.encode(),
                IfNoneMatch="*",
                **self._encryption(),
            )
        except Exception as error:
            if error_code(error) not in ("PreconditionFailed", "ConditionalRequestConflict"):
                raise
            raise StateLocked(
                f"the state in {self.location} is locked by {self.holder() or 'another run'}",
                hint="wait for that run to finish; if its process died, "
                "`landform state unlock` removes the lock",
            ) from None
        try:
            with self._mutex:
                self._records, self._released, self._serial = self._read()
            yield
        finally:
            self._s3.delete_object(Bucket=self.location.bucket, Key=self._lock_key)

    def holder(self) -> str | None:
        """Who holds the lock and since when, or None when it is free."""
        try:
            answer = self._s3.get_object(Bucket=self.location.bucket, Key=self._lock_key)
        except Exception as error:
            if error_code(error) in ("NoSuchKey", "404"):
                return None
            raise
        lock = json.loads(answer["Body"].read())
        return f"{lock['holder']} ({lock['purpose']}) since {lock['since']}"

    def unlock(self) -> str | None:
        """Remove a lock left by a dead process; the holder it named, or None if free."""
        holder = self.holder()
        if holder is not None:
            self._s3.delete_object(Bucket=self.location.bucket, Key=self._lock_key)
        return holder

    def close(self) -> None:
        """Nothing to release: every write is already in S3."""

    # S3 -----------------------------------------------------------------------------

    def _require_versioning(self) -> None:
        try:
            status = self._s3.get_bucket_versioning(Bucket=self.location.bucket).get("Status")
        except Exception as error:
            if error_code(error) != "NoSuchBucket":
                raise
            raise LandformError(
                f"the state bucket {self.location.bucket} does not exist",
                hint="create it (versioning on, public access blocked) or fix S3State(bucket=...)",
            ) from None
        if status != "Enabled":
            raise LandformError(
                f"the state bucket {self.location.bucket} does not keep versions",
                hint="turn versioning on, so any earlier state can be restored: aws s3api "
                f"put-bucket-versioning --bucket {self.location.bucket} "
                "--versioning-configuration Status=Enabled",
            )

    def _read(self) -> tuple[dict[str, ResourceState], dict[Identity, str], int]:
        try:
            answer = self._s3.get_object(Bucket=self.location.bucket, Key=self._state_key)
        except Exception as error:
            if error_code(error) in ("NoSuchKey", "404"):
                return {}, {}, 0
            raise
        document = json.loads(answer["Body"].read())
        records = {}
        for data in document["resources"]:
            record = ResourceState(**{**data, "dependencies": tuple(data["dependencies"])})
            records[record.key] = record
        released = {
            ((r["type"], r["account"], r["region"]), r["physical_id"]): r["address"]
            for r in document.get("released", [])
        }
        return records, released, int(document["serial"])

    def _write(self) -> None:
        """PUT the whole state, one serial higher (the caller holds the mutex)."""
        document = {
            "format": 1,
            "serial": self._serial + 1,
            "resources": [asdict(self._records[key]) for key in sorted(self._records)],
            "released": [
                {"type": t, "account": a, "region": r, "physical_id": p, "address": address}
                for ((t, a, r), p), address in sorted(self._released.items())
            ],
        }
        self._s3.put_object(
            Bucket=self.location.bucket,
            Key=self._state_key,
            Body=json.dumps(document, sort_keys=True).encode(),
            ContentType="application/json",
            **self._encryption(),
        )
        self._serial += 1

    def _encryption(self) -> dict[str, str]:
        params = {"ServerSideEncryption": "aws:kms"}
        if self.location.kms_key_id:
            params["SSEKMSKeyId"] = self.location.kms_key_id
        return params
