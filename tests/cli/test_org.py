"""`landform org` shows the organization as a tree; destroy closes accounts only when
asked to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from landform.cli.main import cli
from landform.state.sqlite import SqliteStateStore

PROGRAM = """\
from landform import Account, App
from landform.aws import ec2
from landform.org import scp

app = App("corp", tags={"Project": "p", "Owner": "o", "CostCenter": "c",
                        "ManagedBy": "landform", "Environment": "production"},
          block_on="critical")  # no organization trail here: the tree is what is tested
org = app.organization(
    accounts=[
        Account("management"),
        Account("security", email="security@example.com", ou="Security"),
        Account("production", email="prod@example.com", ou="Workloads/Production"),
    ],
    policies=[scp.deny_leave_organization()],
)
org.attach(scp.deny_root_user(), "Workloads")
net = app.stack("net", account=org.account("production"), region="us-east-1")
ec2.VPC(net, "vpc", cidr_block="10.0.0.0/16")
"""


@pytest.fixture
def project(local_project: Path) -> Path:
    (local_project / "landform.py").write_text(PROGRAM)
    return local_project


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--local", "--project", str(project), *args])


def in_state(project: Path) -> set[str]:
    store = SqliteStateStore(project / ".landform")
    try:
        return {record.address for record in store.all()}
    finally:
        store.close()


def child(node: dict[str, Any], name: str) -> dict[str, Any]:
    (found,) = [c for c in node["children"] if c["name"] == name]
    return found


def test_org_tree_and_account_closing(project: Path, aws: Any) -> None:
    applied = run(project, "apply", "--yes")
    assert applied.exit_code == 0, applied.output

    shown = run(project, "org", "--json")
    assert shown.exit_code == 0, shown.output
    root = json.loads(shown.stdout)["organization"]
    assert root["kind"] == "root" and root["policies"] == ["deny-leave-organization"]
    workloads = child(root, "Workloads")
    assert workloads["kind"] == "ou" and workloads["policies"] == ["deny-root-user"]
    production = child(child(workloads, "Production"), "production")
    assert production["status"] == "ACTIVE" and production["stacks"] == {"net": 1}
    assert child(child(root, "Security"), "security")["stacks"] == {}
    (management,) = [c for c in root["children"] if c["name"].startswith("management")]
    assert management["stacks"] == {"organization": 8}

    table = run(project, "org")
    assert table.exit_code == 0, table.output
    for text in ("Workloads", "Production", "production", "net (1)", "deny-root-user"):
        assert text in table.stdout

    refused = run(project, "destroy", "--yes")
    assert refused.exit_code == 1
    assert "--allow-account-close" in refused.output
    organizations = aws("organizations")
    members = [a for a in organizations.list_accounts()["Accounts"] if a["Name"] != "master"]
    assert {a["Status"] for a in members} == {"ACTIVE"}, "no account was closed"
    assert in_state(project) == {
        "corp/organization/Organization",
        "corp/organization/OuSecurity",
        "corp/organization/OuWorkloads",
        "corp/organization/OuWorkloadsProduction",
        "corp/organization/AccountSecurity",
        "corp/organization/AccountProduction",
    }, "the accounts stay, with the OUs and organization holding them"

    closing = run(project, "destroy", "--yes", "--allow-account-close")
    members = [a for a in organizations.list_accounts()["Accounts"] if a["Name"] != "master"]
    assert {a["Status"] for a in members} == {"SUSPENDED"}, closing.output
    assert not {a for a in in_state(project) if "/Account" in a}
