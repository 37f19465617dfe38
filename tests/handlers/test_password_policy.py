"""Landform::IAM::PasswordPolicy against the emulator: the account's policy set, read
back, changed (a setting left out takes AWS's default), changed or deleted outside
Landform (drift), adopted where it is set already, and deleted on destroy; and how
LF-IAM-012 judges a declared policy and an account without one."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App
from landform.aws import iam
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.handlers.registry import handler_for
from landform.rules.audit import live_subjects
from landform.rules.guard import guard
from landform.rules.runner import FAIL, evaluate
from tests.conftest import ACCOUNT, REGION
from tests.support import actions, converge, destroy, new_app, plan

TYPE = "Landform::IAM::PasswordPolicy"
ADDRESS = "shop/main/password-policy"
CIS = {
    "MinimumPasswordLength": 14,
    "PasswordReusePrevention": 24,
    "RequireSymbols": True,
    "AllowUsersToChangePassword": True,
}


def policy_app(**settings: Any) -> App:
    app, stack = new_app()
    iam.PasswordPolicy(
        stack,
        "password-policy",
        minimum_password_length=settings.get("MinimumPasswordLength"),
        password_reuse_prevention=settings.get("PasswordReusePrevention"),
        require_symbols=settings.get("RequireSymbols"),
        allow_users_to_change_password=settings.get("AllowUsersToChangePassword"),
        max_password_age=settings.get("MaxPasswordAge"),
    )
    return app


def live_policy(aws: Any) -> dict[str, Any]:
    return aws("iam").get_account_password_policy()["PasswordPolicy"]  # type: ignore[no-any-return]


def test_create_sets_the_policy_and_list_reads_it_back(context: Context, aws: Any) -> None:
    assert actions(plan(policy_app(**CIS), context)) == {ADDRESS: "create"}
    converge(policy_app(**CIS), context)

    assert {k: v for k, v in live_policy(aws).items() if k in CIS} == CIS
    record = context.store.get(ADDRESS)
    assert record is not None
    assert record.physical_id == ACCOUNT
    assert record.attributes == {"AccountId": ACCOUNT, "ExpirePasswords": False}
    (listed,) = handler_for(TYPE).list(context.api(ACCOUNT, REGION))
    assert {k: listed.properties[k] for k in CIS} == CIS


def test_update_sets_the_whole_policy_again(context: Context, aws: Any) -> None:
    converge(policy_app(**CIS), context)
    stricter = {**CIS, "MinimumPasswordLength": 16, "MaxPasswordAge": 90}
    del stricter["RequireSymbols"]

    planned = plan(policy_app(**stricter), context)
    assert actions(planned) == {ADDRESS: "update"}
    (change,) = planned.changes
    assert sorted(c.name for c in change.changes) == [
        "MaxPasswordAge",
        "MinimumPasswordLength",
        "RequireSymbols",
    ]
    converge(policy_app(**stricter), context)
    policy = live_policy(aws)
    assert (policy["MinimumPasswordLength"], policy["MaxPasswordAge"]) == (16, 90)
    assert policy["RequireSymbols"] is False, "left out: AWS's default"
    record = context.store.get(ADDRESS)
    assert record is not None and record.attributes["ExpirePasswords"] is True


def test_a_policy_weakened_outside_landform_is_drift_and_set_again(
    context: Context, aws: Any
) -> None:
    converge(policy_app(**CIS), context)
    aws("iam").update_account_password_policy(MinimumPasswordLength=8)

    (drift,) = detect_drift(context, lambda address: True)
    assert drift.address == ADDRESS and not drift.deleted
    weakened = {c.name: (c.before, c.after) for c in drift.changes}
    assert weakened["MinimumPasswordLength"] == (8, 14)
    assert actions(plan(policy_app(**CIS), context)) == {ADDRESS: "update"}
    converge(policy_app(**CIS), context)
    assert live_policy(aws)["MinimumPasswordLength"] == 14


def test_a_policy_deleted_outside_landform_is_made_again(context: Context, aws: Any) -> None:
    converge(policy_app(**CIS), context)
    aws("iam").delete_account_password_policy()

    (drift,) = detect_drift(context, lambda address: True)
    assert (drift.address, drift.deleted) == (ADDRESS, True)
    assert actions(plan(policy_app(**CIS), context)) == {ADDRESS: "create"}
    converge(policy_app(**CIS), context)
    assert live_policy(aws)["PasswordReusePrevention"] == 24


def test_a_policy_set_already_is_adopted_and_updated(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    aws("iam").update_account_password_policy(**CIS)

    assert actions(plan(policy_app(**CIS), context)) == {ADDRESS: "adopt"}
    converge(policy_app(**CIS), context)
    assert calls.calls[("iam", "UpdateAccountPasswordPolicy")] == 0
    stricter = {**CIS, "MinimumPasswordLength": 20}
    assert actions(plan(policy_app(**stricter), context)) == {ADDRESS: "update"}


def test_destroy_deletes_the_policy(context: Context, aws: Any) -> None:
    converge(policy_app(**CIS), context)

    destroy(policy_app(**CIS), context)

    with pytest.raises(aws("iam").exceptions.NoSuchEntityException):
        live_policy(aws)
    assert context.store.all() == []
    assert list(handler_for(TYPE).list(context.api(ACCOUNT, REGION))) == []


def test_the_rule_passes_a_strong_declared_policy_and_fails_a_weak_one() -> None:
    def failing(app: App) -> list[str]:
        return [
            f.message for f in guard(app).findings if f.rule.id == "LF-IAM-012" and f.status == FAIL
        ]

    assert failing(policy_app(**CIS)) == []
    assert failing(policy_app(**{**CIS, "MinimumPasswordLength": 8})) == [
        "the password policy has minimum length 8 (at least 14)"
    ]


def test_audit_reports_an_account_without_a_policy(context: Context) -> None:
    subjects = live_subjects(context, None, REGION, [TYPE])
    assert [(s.name, dict(s.properties)) for s in subjects] == [
        (ACCOUNT, {"AccountId": ACCOUNT, "Present": False})
    ]
    (finding,) = [f for f in evaluate(subjects).findings if f.rule.id == "LF-IAM-012"]
    assert (finding.status, finding.message) == (FAIL, "the account has no password policy")
