"""`landform check`: the guardrail rules with no AWS access, on CloudFormation templates
and on the project's app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from landform.cli.main import cli

TEMPLATE = """\
Parameters:
  Source: {Type: String, Default: 0.0.0.0/0}
Resources:
  Bastion:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "bastion in ${AWS::Partition}"
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref Source}
"""

PROGRAM = """\
from landform import App
from landform.aws import ec2
app = App("shop", tags={{"Project": "p", "Owner": "o", "CostCenter": "c",
                        "ManagedBy": "landform", "Environment": "development"}})
s = app.stack("main", region="us-east-1")
ec2.SecurityGroup(
    s,
    "bastion",
    group_description="ssh",
    security_group_ingress=[
        {{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}}
    ],
    suppress={suppress},
)
"""
GROUP_LINE = 6
"""The line of PROGRAM declaring the security group."""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "250"})


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE)
    return path


def test_a_high_finding_in_a_template_exits_3(template: Path) -> None:
    result = run("check", str(template))
    assert result.exit_code == 3, result.output
    assert "LF-NET-002" in result.output
    assert "SSH (port 22) is open to 0.0.0.0/0" in result.output


def test_fail_on_critical_lets_a_high_finding_pass(template: Path) -> None:
    result = run("check", "--fail-on", "critical", str(template))
    assert result.exit_code == 0, result.output
    assert "LF-NET-002" in result.output


def test_json_output_parses(template: Path) -> None:
    result = run("check", "--format", "json", str(template))
    assert result.exit_code == 3
    findings = json.loads(result.stdout)["findings"]
    (finding,) = [f for f in findings if f["rule"] == "LF-NET-002"]
    assert finding["status"] == "fail"
    assert finding["resource"] == "Bastion"
    assert finding["source"] == f"{template}:4"


def test_a_malformed_template_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("Description: no resources\n")
    result = run("check", str(path))
    assert result.exit_code == 1
    assert f"{path}: not a CloudFormation template: it has no Resources section" in result.output


def project(tmp_path: Path, suppress: dict[str, str] | None) -> Path:
    (tmp_path / "landform.py").write_text(PROGRAM.format(suppress=repr(suppress)))
    return tmp_path


def test_the_app_with_ssh_open_exits_3(tmp_path: Path) -> None:
    directory = project(tmp_path, None)
    table = run("--project", str(directory), "check")
    assert table.exit_code == 3, table.output
    assert "LF-NET-002" in table.output
    assert "shop/main/bastion" in table.output

    document = run("--project", str(directory), "check", "--format", "json")
    assert document.exit_code == 3
    findings = json.loads(document.stdout)["findings"]
    (finding,) = [f for f in findings if f["rule"] == "LF-NET-002"]
    assert finding["status"] == "fail"
    assert finding["source"] == f"{directory.resolve() / 'landform.py'}:{GROUP_LINE}"


def test_a_suppressed_finding_exits_0_and_is_listed(tmp_path: Path) -> None:
    directory = project(tmp_path, {"LF-NET-002": "bastion reached through a VPN only"})
    result = run("--project", str(directory), "check")
    assert result.exit_code == 0, result.output
    assert "LF-NET-002" in result.output
    assert "suppressed: bastion reached through a VPN only" in result.output
