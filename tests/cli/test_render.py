"""How plans read to people."""

from __future__ import annotations

import re

import pytest

from landform.cli.render import Output, ProgressReporter, describe_change, summary
from landform.engine.desired import UNKNOWN
from landform.engine.diff import ABSENT, PropertyChange
from landform.engine.events import Event
from landform.engine.plan import Action, Change, Plan


def test_property_lines_show_before_after_and_replacement() -> None:
    assert describe_change(PropertyChange("CidrBlock", "10.0.1.0/24", "10.0.9.0/24", True)) == (
        'CidrBlock: "10.0.1.0/24" -> "10.0.9.0/24" (forces replacement)'
    )
    assert describe_change(PropertyChange("SubnetIds", ["subnet-1"], [UNKNOWN])) == (
        'SubnetIds: ["subnet-1"] -> (known after apply)'
    )
    assert describe_change(PropertyChange("MapPublicIpOnLaunch", True, ABSENT)) == (
        "MapPublicIpOnLaunch: true -> (not set)"
    )


def change(action: Action) -> Change:
    return Change(action, "a/s/x", "a/s/x", "AWS::EC2::VPC", "1", "us-east-1")


def test_summary_counts_each_action() -> None:
    plan = Plan(
        [change(Action.CREATE), change(Action.REPLACE), change(Action.NOOP), change(Action.ADOPT)],
        0,
        "",
    )
    assert summary(plan) == (
        "Plan: 1 to create, 0 to update, 1 to replace, 0 to delete, 1 to adopt; 1 unchanged."
    )
    assert summary(Plan([change(Action.NOOP)], 0, "")) == "No changes. 1 resource(s) up to date."


def test_a_retained_resource_is_shown_as_left_in_aws(capsys: pytest.CaptureFixture[str]) -> None:
    retained = Change(
        Action.RETAIN,
        "a/s/db",
        "a/s/db",
        "AWS::RDS::DBInstance",
        "1",
        "us-east-1",
        changes=[PropertyChange("DBInstanceClass", "db.t3.micro", ABSENT)],
        reason="DeletionPolicy Retain: left in AWS, removed from state",
        deletion_policy="Retain",
    )
    plan = Plan([retained, change(Action.DELETE)], 0, "")
    Output().plan(plan)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        ".",
        "retain",
        "a/s/db",
        "AWS::RDS::DBInstance",
        "(DeletionPolicy",
        "Retain:",
        "left",
        "in",
        "AWS,",
        "removed",
        "from",
        "state)",
    ]
    assert lines[1].split()[:2] == ["-", "delete"], "no property lines for what is retained"
    assert lines[-1] == (
        "Plan: 0 to create, 0 to update, 0 to replace, 1 to delete, "
        "1 to retain (left in AWS, removed from state); 0 unchanged."
    )
    assert Plan.from_json(plan.as_json()).changes[0].retain, "a saved plan keeps the policy"


def test_a_resource_waited_for_says_how_long_of_its_time_was_waiting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    reporter = ProgressReporter(Output(), total=2)
    reporter(Event("start", "shop/main/db", "create"))
    reporter(Event("wait", "shop/main/db", "create"))
    reporter(Event("done", "shop/main/db", "create", "", 12.5))
    reporter(Event("start", "shop/main/vpc", "create"))
    reporter(Event("done", "shop/main/vpc", "create", "", 0.25))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "waiting for shop/main/db to be ready"
    assert re.fullmatch(
        r"\[1/2\] create shop/main/db \(12\.5s, \d+\.\ds of it waiting until ready\)", lines[1]
    )
    assert lines[2] == "[2/2] create shop/main/vpc (0.2s)"
