"""Credentials come from boto3's chain; what is missing is said before any AWS call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from landform.cloud.emulator import Emulator
from landform.cloud.session import CloudConfig, Sessions
from landform.errors import LandformError

CHAIN = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
)


@pytest.fixture
def aws_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty AWS configuration: no env credentials, no profiles, no SSO cache, no IMDS."""
    for name in CHAIN:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    (tmp_path / "config").write_text("")
    (tmp_path / "credentials").write_text("")
    return tmp_path


def sessions(emulator: Emulator) -> Sessions:
    return Sessions(CloudConfig(endpoint_url=emulator.endpoint_url, default_region="us-east-1"))


def test_environment_variables(
    aws_home: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    assert sessions(emulator).caller_account() == "123456789012"


def test_a_named_profile(
    aws_home: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator
) -> None:
    (aws_home / "config").write_text("[profile platform]\nregion = eu-west-1\n")
    (aws_home / "credentials").write_text(
        "[platform]\naws_access_key_id = AKIAPROFILE\naws_secret_access_key = secret\n"
    )
    monkeypatch.setenv("AWS_PROFILE", "platform")
    found = sessions(emulator)
    assert found.caller_account() == "123456789012"
    assert found.client("s3", None, "eu-west-1")._request_signer._credentials.access_key == (
        "AKIAPROFILE"
    )


def test_an_sso_profile_without_a_login_says_to_log_in(
    aws_home: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator
) -> None:
    (aws_home / "config").write_text(
        "[profile team-sso]\n"
        "sso_session = corp\n"
        "sso_account_id = 123456789012\n"
        "sso_role_name = PlatformAdmin\n"
        "region = us-east-1\n"
        "[sso-session corp]\n"
        "sso_start_url = https://corp.awsapps.com/start\n"
        "sso_region = us-east-1\n"
    )
    monkeypatch.setenv("AWS_PROFILE", "team-sso")
    with pytest.raises(LandformError, match="SSO login of AWS profile 'team-sso'") as error:
        sessions(emulator)
    assert error.value.hint == "run `aws sso login --profile team-sso`, then try again"


def test_a_missing_profile_is_named(
    aws_home: Path, monkeypatch: pytest.MonkeyPatch, emulator: Emulator
) -> None:
    monkeypatch.setenv("AWS_PROFILE", "nope")
    with pytest.raises(LandformError, match="AWS profile 'nope' is not configured"):
        sessions(emulator)


def test_no_credentials_at_all(aws_home: Path, emulator: Emulator) -> None:
    with pytest.raises(LandformError, match="no AWS credentials found") as error:
        sessions(emulator)
    assert "--local" in str(error.value.hint)


def test_a_role_that_cannot_be_assumed_names_account_role_and_what_to_check(
    emulator: Emulator,
) -> None:
    """AWS answers AccessDenied where the role is missing or does not trust the caller
    (the emulator assumes any role, so a before-call handler gives AWS's answer)."""

    def refuse_assume_role(client: Any, account: str, region: str) -> None:
        def access_denied(**_: Any) -> tuple[Any, dict[str, Any]]:
            error = {
                "Code": "AccessDenied",
                "Message": "User: arn:aws:iam::123456789012:user/ci is not authorized to "
                "perform: sts:AssumeRole on resource: "
                "arn:aws:iam::210987654321:role/LandformDeployer",
            }
            response = AWSResponse("https://sts.amazonaws.com", 403, {}, None)
            return response, {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 403}}

        client.meta.events.register("before-call.sts.AssumeRole", access_denied)

    config = CloudConfig(endpoint_url=emulator.endpoint_url, local=True, hooks=[refuse_assume_role])
    found = Sessions(config)
    found.roles["210987654321"] = "LandformDeployer"
    with pytest.raises(LandformError) as raised:
        found.client("ec2", "210987654321", "us-east-1").describe_vpcs()
    text = str(raised.value)
    assert "arn:aws:iam::210987654321:role/LandformDeployer" in text
    assert "account 210987654321" in text and "AccessDenied" in text
    assert "trusts the caller (account 123456789012)" in text
