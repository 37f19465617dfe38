"""How plans read to people."""

from __future__ import annotations

from landform.cli.render import describe_change, summary
from landform.engine.desired import UNKNOWN
from landform.engine.diff import ABSENT, PropertyChange
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
