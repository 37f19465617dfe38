"""`landform audit` reads the live account and shows what breaks the rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from landform.cli.main import cli
from tests.conftest import ACCOUNT, REGION


def run(project: Path, *args: str) -> Result:
    command = ["--local", "--project", str(project), "audit", *args]
    return CliRunner().invoke(cli, command, env={"COLUMNS": "300"})  # no wrapped cells


@pytest.fixture
def ssh_open(aws: Any) -> str:
    """A security group admitting SSH from anywhere, made outside Landform."""
    ec2 = aws("ec2")
    group = ec2.create_security_group(GroupName="ssh-open", Description="ssh from anywhere")
    ec2.authorize_security_group_ingress(
        GroupId=group["GroupId"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    return str(group["GroupId"])


def test_audit_as_json_lists_the_findings_and_exits_3_on_high(
    local_project: Path, ssh_open: str
) -> None:
    result = run(local_project, "--format", "json", "--regions", REGION)

    assert result.exit_code == 3, result.output
    report = json.loads(result.stdout)
    assert report["errors"] == []
    (finding,) = [f for f in report["findings"] if f["rule"] == "LF-NET-002"]
    assert finding["resource"] == ssh_open and finding["severity"] == "high"
    assert (finding["account"], finding["region"]) == (ACCOUNT, REGION)
    assert {f["type"] for f in report["findings"]} >= {"Landform::IAM::Root"}


def test_audit_table_names_the_account_and_the_resource(local_project: Path, ssh_open: str) -> None:
    result = run(local_project, "--accounts", ACCOUNT, "--fail-on", "critical")

    assert result.exit_code == 3, "a root user without MFA is critical"
    assert ssh_open in result.stdout and "LF-NET-002" in result.stdout
    assert f"{ACCOUNT}/{REGION}" in result.stdout


def test_audit_table_says_what_it_could_not_read(local_project: Path, aws: Any) -> None:
    """The emulator does not serve list_tags_for_vault, so a vault cannot be read: the
    rest is audited and the table's warnings name what was not."""
    aws("glacier").create_vault(vaultName="archive")
    result = run(local_project, "--regions", REGION)
    assert "not read:" in result.output and "AWS::Glacier::Vault" in result.output
    assert "LF-IAM-010" in result.stdout, "the rest was audited"
