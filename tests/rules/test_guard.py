"""Guardrails before any AWS call: plan and apply refuse the model's findings at or above
the app's threshold, list suppressed ones, and leave destroy alone."""

from __future__ import annotations

import pytest

from landform import App, ValidationError
from landform.aws import ec2
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.rules.guard import GuardrailViolation, guard
from tests.conftest import TAGS
from tests.support import plan

HERE = "tests/rules/test_guard.py"


def bastion(suppress: dict[str, str] | None = None, block_on: str = "high") -> App:
    app = App("guarded", tags=TAGS, block_on=block_on)
    stack = app.stack("main", region="us-east-1")
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    ec2.SecurityGroup(
        stack,
        "bastion",
        group_description="bastion",
        vpc_id=vpc.id,
        security_group_ingress=[
            {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"}
        ],
        suppress=suppress,
    )
    return app


def test_a_high_finding_blocks_the_plan_before_any_call(
    context: Context, calls: CallCounter
) -> None:
    with pytest.raises(GuardrailViolation) as blocked:
        plan(bastion(), context)
    assert blocked.value.exit_code == 3
    text = str(blocked.value)
    assert "LF-NET-002 [high] guarded/main/bastion" in text
    assert HERE in text and "SSH (port 22) is open to 0.0.0.0/0" in text
    assert "fix: Admit 22 and 3389 from known address ranges" in text
    assert calls.total == 0, "no AWS call before the guardrails pass"


def test_a_suppressed_finding_is_listed_not_blocking() -> None:
    report = guard(bastion({"LF-NET-002": "public bastion, IP-restricted by its NACL"}))
    (finding,) = [f for f in report.findings if f.rule.id == "LF-NET-002"]
    assert finding.status == "suppressed"
    assert finding.reason == "public bastion, IP-restricted by its NACL"


def test_the_threshold_is_the_apps() -> None:
    report = guard(bastion(block_on="critical"))
    assert [f.status for f in report.findings if f.rule.id == "LF-NET-002"] == ["fail"]
    with pytest.raises(ValidationError, match="block_on='severe' is not a severity"):
        App("x", block_on="severe")


def test_suppressing_needs_a_known_rule_and_a_reason() -> None:
    with pytest.raises(ValidationError, match="without a rule id and a written reason") as raised:
        bastion({"LF-NET-002": "  "})
    assert HERE in str(raised.value)
    with pytest.raises(ValidationError, match="no guardrail rule LF-NET-999"):
        guard(bastion({"LF-NET-999": "typo"}))


def test_destroy_is_not_guarded(context: Context) -> None:
    assert plan(bastion(), context, destroy=True).changes == []
