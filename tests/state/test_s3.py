"""The S3 state store on the emulator: records, encryption, versioning, the lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
from dataclasses import asdict, replace
from typing import Any

import pytest

from landform import App
from landform.aws import ec2
from landform.cloud.emulator import Emulator
from landform.cloud.session import CloudConfig, Sessions
from landform.engine import operations
from landform.engine.apply import apply_plan
from landform.engine.context import Context
from landform.errors import LandformError, StateLocked
from landform.state.base import ResourceState
from landform.state.s3 import S3State, S3StateStore
from tests.conftest import TAGS

BUCKET = "team-state"
LOCATION = S3State(BUCKET, prefix="landform")


def record(key: str, **props: Any) -> ResourceState:
    return ResourceState(key, key, "AWS::EC2::VPC", "123456789012", "us-east-1", f"id-{key}", props)


@pytest.fixture
def s3(aws: Any) -> Any:
    client = aws("s3")
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    return client


def test_records_round_trip_through_one_encrypted_object_per_app(s3: Any) -> None:
    store = S3StateStore(s3, LOCATION, "shop")
    store.put(record("shop/main/vpc", CidrBlock="10.0.0.0/16"))
    store.put(record("shop/main/other"))
    store.rename("shop/main/other", "shop/main/other#deposed-id-1")
    store.remove("shop/main/missing")  # nothing there: no write
    assert store.serial() == 3

    again = S3StateStore(s3, LOCATION, "shop")
    assert [r.key for r in again.all()] == ["shop/main/other#deposed-id-1", "shop/main/vpc"]
    assert again.get("shop/main/vpc") == record("shop/main/vpc", CidrBlock="10.0.0.0/16")
    assert again.serial() == 3
    head = s3.head_object(Bucket=BUCKET, Key="landform/shop/state.json")
    assert head["ServerSideEncryption"] == "aws:kms"
    versions = s3.list_object_versions(Bucket=BUCKET, Prefix="landform/shop/state.json")
    assert len(versions["Versions"]) == 3, "every write is a version"
    assert S3StateStore(s3, LOCATION, "other-app").all() == []


def test_a_bucket_without_versioning_is_refused(s3: Any) -> None:
    s3.create_bucket(Bucket="no-versions")
    with pytest.raises(LandformError, match="does not keep versions") as error:
        S3StateStore(s3, S3State("no-versions"), "shop")
    assert "put-bucket-versioning" in str(error.value.hint)
    with pytest.raises(LandformError, match="does not exist"):
        S3StateStore(s3, S3State("no-such-bucket"), "shop")


def test_the_lock_is_exclusive_names_its_holder_and_rereads_state(s3: Any) -> None:
    first = S3StateStore(s3, LOCATION, "shop")
    second = S3StateStore(s3, LOCATION, "shop")
    with first.lock("apply"):
        locked = rf"locked by .* pid {os.getpid()} \(apply\) since"
        with pytest.raises(StateLocked, match=locked), second.lock("apply"):
            pass
        first.put(record("shop/main/vpc"))
    assert second.holder() is None
    with second.lock("apply"):
        assert second.get("shop/main/vpc") is not None, "read afresh once locked"


HOLDER = """
import sys, boto3
from landform.cloud.session import LOCAL_CREDENTIALS
from landform.state.s3 import S3State, S3StateStore
from tests.conftest import TAGS
s3 = boto3.client("s3", region_name="us-east-1", endpoint_url=sys.argv[1], **LOCAL_CREDENTIALS)
with S3StateStore(s3, S3State("team-state", prefix="landform"), "shop").lock("apply"):
    print("locked", flush=True)
    sys.stdin.read()  # holds the lock until killed
"""


def test_a_lock_left_by_a_killed_process_is_removed_by_unlock(s3: Any, emulator: Emulator) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(HOLDER), emulator.endpoint_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=30)
    finally:
        if holder.poll() is None:
            holder.kill()
    store = S3StateStore(s3, LOCATION, "shop")
    with pytest.raises(StateLocked, match=rf"pid {holder.pid} \(apply\)"), store.lock("apply"):
        pass
    assert f"pid {holder.pid}" in str(store.unlock())
    assert store.unlock() is None
    with store.lock("apply"):
        assert store.holder() is not None
    assert store.holder() is None


def test_two_applies_started_at_once_one_runs_the_other_fails_naming_it(
    s3: Any, emulator: Emulator, aws: Any
) -> None:
    """Both start together; the one that takes the lock holds it (its first resource
    waits) until the other has been refused, so the two truly overlap."""
    app = App("shop", tags=TAGS)
    ec2.VPC(app.stack("main", region="us-east-1"), "vpc", cidr_block="10.0.0.0/16")
    start = threading.Barrier(2)
    refused = threading.Event()
    results: dict[str, str] = {}

    def apply(name: str) -> None:
        config = CloudConfig(endpoint_url=emulator.endpoint_url, local=True)
        context = Context(Sessions(config), S3StateStore(s3, LOCATION, "shop"))
        context.report = lambda event: event.kind != "start" or refused.wait(timeout=60)
        start.wait()
        try:
            with context.store.lock("apply"):
                apply_plan(context, operations.plan(app, context))
            results[name] = "applied"
        except StateLocked as error:
            results[name] = str(error)
            refused.set()

    threads = [threading.Thread(target=apply, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    (loser,) = [outcome for outcome in results.values() if outcome != "applied"]
    assert len(results) == 2 and f"pid {os.getpid()} (apply)" in loser
    tagged = [{"Name": "tag-key", "Values": ["landform:address"]}]
    assert len(aws("ec2").describe_vpcs(Filters=tagged)["Vpcs"]) == 1
    assert [r.key for r in S3StateStore(s3, LOCATION, "shop").all()] == ["shop/main/vpc"]


def test_a_released_resource_is_remembered_until_a_record_names_it_again(s3: Any) -> None:
    store = S3StateStore(s3, LOCATION, "shop")
    store.put(replace(record("shop/main/vpc"), deletion_policy="Retain"))
    store.release("shop/main/vpc")

    reopened = S3StateStore(s3, LOCATION, "shop")
    assert reopened.all() == []
    assert reopened.released() == {
        (("AWS::EC2::VPC", "123456789012", "us-east-1"), "id-shop/main/vpc")
    }
    reopened.put(record("shop/main/vpc"))
    assert S3StateStore(s3, LOCATION, "shop").released() == set()


def test_state_written_before_deletion_policies_reads_as_delete(s3: Any) -> None:
    """A state document without `deletion_policy` and `released` (as written before them)."""
    old = asdict(record("shop/main/vpc"))
    del old["deletion_policy"]
    document = {"format": 1, "serial": 3, "resources": [old]}
    s3.put_object(Bucket=BUCKET, Key=LOCATION.key("shop", "state.json"), Body=json.dumps(document))
    store = S3StateStore(s3, LOCATION, "shop")
    assert store.all() == [record("shop/main/vpc")]
    assert (store.released(), store.serial()) == (set(), 3)
