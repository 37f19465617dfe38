"""The root user on the emulator: its credential report row and account summary say what
a person left it with, and an account an organization made has no root credentials."""

from __future__ import annotations

import csv
import io
from typing import Any

from landform.engine.context import Context
from landform.rules.audit import audit_accounts
from landform.rules.runner import FAIL
from tests.conftest import ACCOUNT
from tests.rules.root import set_root

ROOT_RULES = ("LF-IAM-009", "LF-IAM-010", "LF-IAM-011")


def report_rows(iam: Any) -> list[dict[str, str]]:
    iam.generate_credential_report()
    content = iam.get_credential_report()["Content"].decode()
    return list(csv.DictReader(io.StringIO(content)))


def test_the_credential_report_and_summary_show_the_root_user_as_left(aws: Any) -> None:
    iam = aws("iam")
    iam.create_user(UserName="alice")
    set_root(ACCOUNT, mfa="virtual", access_key=True)

    root, alice = report_rows(iam)
    assert root["user"] == "<root_account>" and alice["user"] == "alice"
    assert root["arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert (root["password_enabled"], root["mfa_active"]) == ("true", "true")
    assert (root["access_key_1_active"], root["cert_1_active"]) == ("true", "false")
    summary = iam.get_account_summary()["SummaryMap"]
    assert (summary["AccountMFAEnabled"], summary["AccountAccessKeysPresent"]) == (1, 1)
    (device,) = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert device["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"

    set_root(ACCOUNT, password=False)

    (root, _) = report_rows(iam)
    assert (root["password_enabled"], root["mfa_active"]) == ("false", "false")
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"] == []


def test_only_a_root_with_credentials_needs_mfa_across_the_organization(
    context: Context, aws: Any
) -> None:
    """The management account was opened by signing up: its root has a password until a
    person registers an MFA device for it. A member the organization made has no root
    credentials, so no root rule finds it."""
    organizations = aws("organizations")
    organizations.create_organization(FeatureSet="ALL")
    member = organizations.create_account(Email="member@example.com", AccountName="member")[
        "CreateAccountStatus"
    ]["AccountId"]

    def root_findings() -> set[tuple[str, str]]:
        report = audit_accounts(context, [], [])
        assert report.errors == []
        return {
            (f.rule.id, f.subject.account)
            for f in report.findings
            if f.rule.id in ROOT_RULES and f.status == FAIL
        }

    assert root_findings() == {("LF-IAM-010", ACCOUNT), ("LF-IAM-011", ACCOUNT)}
    set_root(ACCOUNT, mfa="hardware")
    assert root_findings() == set()
    set_root(member, access_key=True, password=False)
    assert root_findings() == {(rule_id, member) for rule_id in ROOT_RULES}
