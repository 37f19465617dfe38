"""The `landform` command end to end on the emulator."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from landform.cli.main import cli

PROGRAM = """\
from landform import App
from landform.aws import ec2
app = App("shop", tags={{"Project": "p", "Owner": "o", "CostCenter": "c",
                        "ManagedBy": "landform", "Environment": "development"}})
s = app.stack("main", region="us-east-1")
ec2.VPC(s, "vpc", cidr_block="{cidr}", enable_dns_support=True)
"""


@pytest.fixture
def project(local_project: Path) -> Path:
    """A project whose --local runs use the test's emulator."""
    (local_project / "landform.py").write_text(PROGRAM.format(cidr="10.0.0.0/16"))
    return local_project


def run(project: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--local", "--project", str(project), *args])


def test_plan_apply_replan_destroy(project: Path) -> None:
    planned = run(project, "plan", "--json")
    assert planned.exit_code == 0, planned.output
    document = json.loads(planned.output)
    assert [c["action"] for c in document["plan"]["changes"]] == ["create"]
    assert document["api_calls"]["mutating"] == {}

    applied = run(project, "apply", "--yes", "--json")
    assert applied.exit_code == 0, applied.output
    assert json.loads(applied.output)["api_calls"]["mutating"]["ec2:CreateVpc"] == 1

    again = run(project, "plan", "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert "No changes" in again.output

    listed = run(project, "state", "list")
    assert "shop/main/vpc" in listed.output
    shown = json.loads(run(project, "state", "show", "shop/main/vpc").output)
    assert shown["properties"]["CidrBlock"] == "10.0.0.0/16"

    assert run(project, "drift").output.startswith("No drift")
    destroyed = run(project, "destroy", "--yes")
    assert destroyed.exit_code == 0, destroyed.output
    assert "0 resource(s) in state" in run(project, "state", "list").output


def test_changes_give_exit_code_2_with_detailed_exitcode(project: Path) -> None:
    result = run(project, "plan", "--detailed-exitcode")
    assert result.exit_code == 2
    assert "Plan: 1 to create" in result.output


def test_saved_plan_is_applied_exactly_and_refused_when_stale(project: Path) -> None:
    saved = project / "plan.json"
    assert run(project, "plan", "--out", str(saved)).exit_code == 0
    (project / "landform.py").write_text(PROGRAM.format(cidr="10.9.0.0/16"))
    refused = run(project, "apply", str(saved))
    assert refused.exit_code == 1
    assert "the code changed since this plan was made" in refused.output

    (project / "landform.py").write_text(PROGRAM.format(cidr="10.0.0.0/16"))
    assert run(project, "apply", str(saved)).exit_code == 0
    assert run(project, "plan", "--detailed-exitcode").exit_code == 0
    stale = run(project, "apply", str(saved))
    assert stale.exit_code == 1
    assert "the state changed since this plan was made" in stale.output


def test_apply_without_terminal_needs_yes(project: Path) -> None:
    result = run(project, "apply")
    assert result.exit_code == 1
    assert "pass --yes" in result.output
    assert "0 resource(s) in state" in run(project, "state", "list").output


def test_state_rm_forgets_and_the_next_plan_adopts_by_tag(project: Path) -> None:
    assert run(project, "apply", "--yes").exit_code == 0
    assert run(project, "state", "rm", "shop/main/vpc", "--yes").exit_code == 0
    plan = json.loads(run(project, "plan", "--json").output)["plan"]
    assert [c["action"] for c in plan["changes"]] == ["adopt"]
    assert run(project, "apply", "--yes").exit_code == 0
    assert run(project, "plan", "--detailed-exitcode").exit_code == 0


def test_graph_is_dot(project: Path) -> None:
    result = run(project, "graph")
    assert result.output.startswith("digraph landform {")
    assert '"shop/main/vpc"' in result.output


def test_init_scaffolds_a_project_that_passes_its_checks(tmp_path: Path) -> None:
    from landform.engine.operations import check
    from landform.project import load_app

    result = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    app = load_app(tmp_path / "new")
    check(app)
    assert app.name == "new"
    assert len(list(app.resources())) > 10
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "new")])
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_help_imports_nothing_heavy() -> None:
    """`landform --help` stays fast (bench/RESULTS.md times it): no AWS SDK, emulator,
    schemas or rendering library is imported to answer it."""
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from landform.cli.main import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0\n"
        "heavy = ('boto3', 'botocore', 'moto', 'cfnlint', 'rich', 'jsonschema')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "[]"


def test_local_start_status_stop(tmp_path: Path) -> None:
    base = ["--project", str(tmp_path)]
    started = CliRunner().invoke(cli, [*base, "local", "start"])
    try:
        assert started.exit_code == 0, started.output
        assert "emulator running at http://127.0.0.1:" in started.output
        status = CliRunner().invoke(cli, [*base, "local", "status"])
        assert status.output == started.output
    finally:
        stopped = CliRunner().invoke(cli, [*base, "local", "stop"])
    assert stopped.output == "emulator stopped\n"
    assert CliRunner().invoke(cli, [*base, "local", "status"]).exit_code == 1


def test_stack_option_limits_plan_apply_and_destroy(project: Path) -> None:
    (project / "landform.py").write_text(
        PROGRAM.format(cidr="10.0.0.0/16")
        + 'other = app.stack("other", region="us-east-1")\n'
        + 'ec2.VPC(other, "vpc", cidr_block="10.1.0.0/16")\n'
    )
    planned = json.loads(run(project, "--stack", "other", "plan", "--json").output)["plan"]
    assert [c["address"] for c in planned["changes"]] == ["shop/other/vpc"]
    assert run(project, "apply", "--yes").exit_code == 0
    assert run(project, "--stack", "main", "destroy", "--yes").exit_code == 0
    listed = run(project, "state", "list").output
    assert "shop/other/vpc" in listed
    assert "shop/main/vpc" not in listed
    unknown = run(project, "--stack", "nope", "plan")
    assert unknown.exit_code == 1
    assert "no stack named nope" in unknown.output


PROTECTED = """\
from landform import App
from landform.aws import dynamodb
app = App("shop", tags={"Project": "p", "Owner": "o", "CostCenter": "c",
                        "ManagedBy": "landform", "Environment": "production"})
s = app.stack("main", region="us-east-1")
dynamodb.Table(s, "orders", key_schema=[{"AttributeName": "id", "KeyType": "HASH"}],
               attribute_definitions=[{"AttributeName": "id", "AttributeType": "S"}],
               billing_mode="PAY_PER_REQUEST", deletion_protection_enabled=True,
               sse_specification={"SSEEnabled": True})
"""


def test_destroy_reports_a_refused_deletion_and_exits_1(project: Path) -> None:
    (project / "landform.py").write_text(PROTECTED)
    assert run(project, "apply", "--yes").exit_code == 0
    destroyed = run(project, "destroy", "--yes")
    assert destroyed.exit_code == 1
    assert "refused shop/main/orders" in destroyed.output
    assert "deletion protection" in destroyed.output
    assert "shop/main/orders" in run(project, "state", "list").output


def test_local_state_is_read_without_aws_credentials(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(project, "apply", "--yes").exit_code == 0
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    (tmp_path / "empty").write_text("")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "empty"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "empty"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.delenv("LANDFORM_LOCAL", raising=False)
    listed = CliRunner().invoke(cli, ["--project", str(project), "state", "list"])
    assert listed.exit_code == 0, listed.output
    assert "shop/main/vpc" in listed.output
