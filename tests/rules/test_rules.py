"""Every rule: complete metadata, and table-driven cases that pass and fail it on the
model and, where the emulator serves what it reads, on live resources."""

from __future__ import annotations

import re
from typing import Any

import pytest

from landform.engine.context import Context
from landform.rules.audit import live_subjects
from landform.rules.registry import ANY_TYPE, all_rules
from landform.rules.runner import FAIL, evaluate
from tests.conftest import REGION
from tests.rules.harness import load_cases, model_subject

RULES = all_rules()
CASES = load_cases()
LIVE = sorted(rule_id for rule_id, cases in CASES.items() if cases.live_failing is not None)


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_is_complete_and_has_cases(rule_id: str) -> None:
    rule = RULES[rule_id]
    assert re.fullmatch(r"LF-[A-Z0-9]+-\d{3}", rule_id)
    assert rule.title and rule.remediation and rule.types
    references = rule.references
    assert references.cis or references.fsbp or references.prowler, "cite a control"
    assert rule_id in CASES, f"add cases for {rule_id} under tests/rules/cases/"
    cases = CASES[rule_id]
    assert cases.type_name in rule.types or ANY_TYPE in rule.types
    assert cases.passing and cases.failing, "at least one passing and one failing case"
    live = cases.live_passing is not None and cases.live_failing is not None
    assert live or cases.no_live, "add live cases, or say why the emulator cannot serve them"


def failures(rule_id: str, case: Any) -> list[str]:
    subject = model_subject(CASES[rule_id].type_name, case)
    return [
        f.message for f in evaluate([subject]).findings if f.rule.id == rule_id and f.status == FAIL
    ]


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_model_cases(rule_id: str) -> None:
    cases = CASES[rule_id]
    for case in cases.passing:
        assert failures(rule_id, case) == [], case
    for case in cases.failing:
        assert failures(rule_id, case), case


@pytest.mark.parametrize("rule_id", LIVE)
def test_live_cases(rule_id: str, context: Context, aws: Any) -> None:
    cases = CASES[rule_id]
    assert cases.live_passing is not None and cases.live_failing is not None
    types = {cases.type_name, *cases.live_neighbours}

    def failed_now() -> tuple[set[str], set[str]]:
        context.fresh_reads()
        subjects = live_subjects(context, None, REGION, types)
        failed = {
            f.subject.name
            for f in evaluate(subjects).findings
            if f.rule.id == rule_id and f.status == FAIL
        }
        return {s.name for s in subjects if s.type_name == cases.type_name}, failed

    passing = cases.live_passing(aws)
    if cases.live_in_turn:
        found, failed = failed_now()
        assert passing in found and passing not in failed
    failing = cases.live_failing(aws)
    found, failed = failed_now()
    assert failing in found, "the live read finds the resource"
    assert failing in failed
    if not cases.live_in_turn:
        assert passing in found and passing not in failed
