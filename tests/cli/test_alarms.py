"""`landform alarms` shows the app's alarms as AWS reports them, most pressing first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from landform.cli.main import cli
from landform.cloud.calls import CallCounter
from landform.engine.alarms import read_alarms
from landform.engine.context import Context
from landform.project import load_app
from tests.conftest import ACCOUNT, REGION

PROGRAM = """\
from landform import App
from landform.aws import cloudwatch

app = App("shop", tags={"Project": "p", "Owner": "o", "CostCenter": "c",
                        "ManagedBy": "landform", "Environment": "production"})
web = app.stack("web", region="us-east-1")
for logical_id, name, metric in (("cpu", "web-cpu", "CPUUtilization"),
                                 ("status", "web-status", "StatusCheckFailed")):
    cloudwatch.Alarm(
        web,
        logical_id,
        alarm_name=name,
        namespace="AWS/EC2",
        metric_name=metric,
        dimensions=[{"Name": "InstanceId", "Value": "i-0123456789abcdef0"}],
        statistic="Average",
        period=300,
        evaluation_periods=1,
        threshold=80.0,
        comparison_operator="GreaterThanThreshold",
    )
"""

REASON = "Threshold Crossed: 1 datapoint [95.0 (01/01/25 12:00:00)] was greater than 80.0"
CALM = "Threshold Crossed: 1 datapoint [3.0 (01/01/25 12:00:00)] was not greater than 80.0"


@pytest.fixture
def project(local_project: Path) -> Path:
    (local_project / "landform.py").write_text(PROGRAM)
    applied = run(local_project, "apply", "--yes")
    assert applied.exit_code == 0, applied.output
    return local_project


@pytest.fixture
def status_in_alarm(project: Path, aws: Any) -> None:
    """web-status in ALARM; web-cpu, first by address, in OK."""
    cloudwatch = aws("cloudwatch")
    cloudwatch.set_alarm_state(AlarmName="web-status", StateValue="ALARM", StateReason=REASON)
    cloudwatch.set_alarm_state(AlarmName="web-cpu", StateValue="OK", StateReason=CALM)


def run(project: Path, *args: str) -> Result:
    command = ["--local", "--project", str(project), *args]
    return CliRunner().invoke(cli, command, env={"COLUMNS": "400"})  # no wrapped cells


def listed(project: Path, *args: str) -> list[dict[str, Any]]:
    result = run(project, "alarms", "--format", "json", *args)
    assert result.exit_code in (0, 2), result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


def test_the_table_shows_the_alarm_in_alarm_first_with_its_reason(
    project: Path, status_in_alarm: None
) -> None:
    result = run(project, "alarms")

    assert result.exit_code == 2, "an alarm in ALARM is reported by the exit code"
    lines = result.stdout.splitlines()
    (status,) = [line for line in lines if "web-status" in line]
    (cpu,) = [line for line in lines if "web-cpu" in line]
    assert lines.index(status) < lines.index(cpu), "ALARM comes first"
    assert "ALARM" in status and REASON in status and "AWS/EC2/StatusCheckFailed" in status
    assert f"{ACCOUNT}/{REGION}" in status and "shop/web/status" in status
    assert " OK " in cpu and CALM in cpu and "AWS/EC2/CPUUtilization" in cpu
    assert "2 alarm(s): 1 ALARM, 1 OK" in result.stdout


def test_state_shows_only_the_alarms_in_that_state(project: Path, status_in_alarm: None) -> None:
    assert [a["name"] for a in listed(project, "--state", "ALARM")] == ["web-status"]
    quiet = run(project, "alarms", "--state", "OK")
    assert quiet.exit_code == 0, "no alarm shown needs attention"
    assert "1 alarm(s): 1 OK" in quiet.stdout and "web-status" not in quiet.stdout


def test_json_lists_every_alarm_with_its_state_and_reason(
    project: Path, status_in_alarm: None
) -> None:
    status, cpu = listed(project)

    assert (status["address"], status["state"], status["reason"]) == (
        "shop/web/status",
        "ALARM",
        REASON,
    )
    assert (status["account"], status["region"], status["stack"]) == (ACCOUNT, REGION, "web")
    assert status["metric"] == "AWS/EC2/StatusCheckFailed" and status["since"] is not None
    assert (cpu["address"], cpu["state"], cpu["reason"]) == ("shop/web/cpu", "OK", CALM)


def test_an_alarm_deleted_out_of_band_is_shown_missing(project: Path, aws: Any) -> None:
    aws("cloudwatch").delete_alarms(AlarmNames=["web-status"])

    result = run(project, "alarms", "--format", "json")

    assert result.exit_code == 2, "a missing alarm needs attention"
    missing, cpu = json.loads(result.stdout)
    assert (missing["name"], missing["state"], missing["since"]) == ("web-status", "MISSING", None)
    assert missing["metric"] == "AWS/EC2/StatusCheckFailed", "from what state recorded"
    assert cpu["name"] == "web-cpu" and cpu["state"] != "MISSING"
    table = run(project, "alarms", "--state", "MISSING")
    assert "web-status" in table.stdout and "web-cpu" not in table.stdout


def test_other_accounts_and_regions_are_left_out_when_not_asked_for(project: Path) -> None:
    assert len(listed(project, "--accounts", ACCOUNT, "--regions", REGION)) == 2
    assert listed(project, "--regions", "eu-west-1") == []
    assert listed(project, "--accounts", "210987654321") == []
    in_web = run(project, "--stack", "web", "alarms", "--format", "json")
    assert len(json.loads(in_web.stdout)) == 2
    elsewhere = run(project, "--stack", "jobs", "alarms", "--format", "json")
    assert (elsewhere.exit_code, json.loads(elsewhere.stdout)) == (0, [])


def test_one_describe_alarms_call_reads_the_region(
    project: Path, context: Context, calls: CallCounter
) -> None:
    report = read_alarms(load_app(project), context)

    assert [a.name for a in report.alarms] == ["web-cpu", "web-status"]
    assert calls.calls[("cloudwatch", "DescribeAlarms")] == 1
