"""Shared fixtures: one emulator per test process, reset before each test."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from landform.cloud.calls import CallCounter
from landform.cloud.emulator import RECORD, Emulator, InProcessEmulator
from landform.cloud.session import LOCAL_CREDENTIALS, CloudConfig, Sessions, without_account_host
from landform.engine.context import Context
from landform.state.sqlite import SqliteStateStore

REGION = "us-east-1"
ACCOUNT = "123456789012"
TAGS = {
    "Project": "storefront",
    "Owner": "platform-team",
    "CostCenter": "cc-1234",
    "ManagedBy": "landform",
    "Environment": "development",
}


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    server = InProcessEmulator(managed_policies=False)  # the fixture below loads them
    yield server.start()
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_emulator(request: pytest.FixtureRequest) -> None:
    """Reset the emulator's data before each test that uses it."""
    if "emulator" in request.fixturenames:
        endpoint = request.getfixturevalue("emulator").endpoint_url
        urllib.request.urlopen(
            urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST")
        ).close()


@pytest.fixture
def local_project(tmp_path: Path, emulator: Emulator) -> Path:
    """A project directory whose `--local` commands use the test's emulator."""
    (tmp_path / ".landform").mkdir()
    record = {"endpoint_url": emulator.endpoint_url, "pid": emulator.pid}
    (tmp_path / ".landform" / RECORD).write_text(json.dumps(record))
    return tmp_path


@pytest.fixture
def calls() -> CallCounter:
    """Counts every API call made through the context's sessions."""
    return CallCounter()


@pytest.fixture
def context(emulator: Emulator, calls: CallCounter, tmp_path: Path) -> Context:
    config = CloudConfig(endpoint_url=emulator.endpoint_url, local=True, hooks=[calls.hook])
    return Context(Sessions(config), SqliteStateStore(tmp_path / ".landform"))


@pytest.fixture
def aws(emulator: Emulator) -> Callable[..., Any]:
    """Plain boto3 clients on the emulator, for out-of-band changes and assertions."""

    def client(service: str, region: str = REGION) -> Any:
        made = boto3.client(
            service, region_name=region, endpoint_url=emulator.endpoint_url, **LOCAL_CREDENTIALS
        )
        made.meta.events.register("before-sign.s3-control", without_account_host)
        return made

    return client


@pytest.fixture
def aws_in(emulator: Emulator) -> Callable[[str], Callable[..., Any]]:
    """`aws_in(account)`: plain boto3 clients in another account, with the credentials of
    its OrganizationAccountAccessRole, assumed as AWS's member accounts are reached."""

    def in_account(account: str) -> Callable[..., Any]:
        sts = boto3.client(
            "sts", region_name=REGION, endpoint_url=emulator.endpoint_url, **LOCAL_CREDENTIALS
        )
        role = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
        credentials = sts.assume_role(RoleArn=role, RoleSessionName="tests")["Credentials"]

        def client(service: str, region: str = REGION) -> Any:
            made = boto3.client(
                service,
                region_name=region,
                endpoint_url=emulator.endpoint_url,
                aws_access_key_id=credentials["AccessKeyId"],
                aws_secret_access_key=credentials["SecretAccessKey"],
                aws_session_token=credentials["SessionToken"],
            )
            made.meta.events.register("before-sign.s3-control", without_account_host)
            return made

        return client

    return in_account


@pytest.fixture
def managed_policies(monkeypatch: pytest.MonkeyPatch, emulator: Emulator) -> None:
    """Have the emulator hold AWS's managed IAM policies, as every AWS account does (it
    takes a few seconds, so only the tests that attach them ask for it)."""
    monkeypatch.setenv("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
    reset = urllib.request.Request(f"{emulator.endpoint_url}/moto-api/reset", method="POST")
    urllib.request.urlopen(reset).close()
