"""S3 state through the command: the lock between two applies, no secret in S3, unlock,
and migrating the local state into S3."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from landform.cli.main import cli
from landform.state.s3 import S3State, S3StateStore

BUCKET = "team-state"
SECRET = "hunter2-S3cret-value"
PROGRAM = """\
from landform import App, S3State
from landform.aws import ec2, secretsmanager
app = App("shop", tags={{"Project": "p", "Owner": "o", "CostCenter": "c",
                        "ManagedBy": "landform", "Environment": "development"}}{state})
s = app.stack("main", region="us-east-1")
ec2.VPC(s, "vpc", cidr_block="10.0.0.0/16")
secretsmanager.Secret(s, "token", secret_string="{secret}")
"""
IN_S3 = ', state=S3State("team-state", prefix="teams/platform")'


def write(project: Path, state: str) -> None:
    (project / "landform.py").write_text(PROGRAM.format(state=state, secret=SECRET))


@pytest.fixture
def project(local_project: Path, aws: Any) -> Path:
    s3 = aws("s3")
    s3.create_bucket(Bucket=BUCKET)
    s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
    write(local_project, IN_S3)
    return local_project


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--local", "--project", str(project), *args])


def store(aws: Any) -> S3StateStore:
    return S3StateStore(aws("s3"), S3State(BUCKET, prefix="teams/platform"), "shop")


def test_an_apply_while_another_holds_the_lock_fails_at_once_naming_it(
    project: Path, aws: Any
) -> None:
    with store(aws).lock("apply"):
        refused = run(project, "apply", "--yes")
    assert refused.exit_code == 1
    assert f"pid {os.getpid()} (apply)" in refused.output
    assert "state unlock" in refused.output
    assert (
        aws("ec2").describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["landform:address"]}])[
            "Vpcs"
        ]
        == []
    ), "nothing was created"

    applied = run(project, "apply", "--yes")
    assert applied.exit_code == 0, applied.output
    assert "shop/main/vpc" in run(project, "state", "list").output
    body = aws("s3").get_object(Bucket=BUCKET, Key="teams/platform/shop/state.json")
    assert body["ServerSideEncryption"] == "aws:kms"
    assert SECRET not in body["Body"].read().decode()
    assert not (project / ".landform" / "state.db").exists(), "nothing kept locally"


def test_unlock_removes_a_lock_left_behind(project: Path, aws: Any) -> None:
    dead = {"holder": "ci@runner-7 pid 4242", "purpose": "apply", "since": "2026-11-27T10:00:00"}
    aws("s3").put_object(  # what a process killed while applying leaves behind
        Bucket=BUCKET, Key="teams/platform/shop/state.lock", Body=json.dumps(dead).encode()
    )
    assert "pid 4242 (apply)" in run(project, "apply", "--yes").output
    unlocked = run(project, "state", "unlock", "--yes")
    assert unlocked.output.startswith("Removed the lock held by ci@runner-7 pid 4242 (apply)")
    assert store(aws).holder() is None
    assert run(project, "state", "unlock", "--yes").output.startswith("The state is not locked")
    assert run(project, "apply", "--yes").exit_code == 0


def test_migrate_copies_the_local_state_into_s3(project: Path, aws: Any) -> None:
    write(project, "")
    assert run(project, "apply", "--yes").exit_code == 0
    write(project, IN_S3)
    migrated = run(project, "state", "migrate", "--from", "local", "--yes")
    assert migrated.exit_code == 0, migrated.output
    assert "Copied 2 record(s) from local to s3://team-state/teams/platform" in migrated.output
    assert {r.key for r in store(aws).all()} == {"shop/main/vpc", "shop/main/token"}
    assert "No changes" in run(project, "plan").output
    again = run(project, "state", "migrate", "--from", "local", "--yes")
    assert again.exit_code == 1 and "already holds records" in again.output
