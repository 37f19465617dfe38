"""The six-account landing zone on the emulator: plan, apply, re-plan to nothing, audit
clean, and destroy everything but the accounts (which are closed only on request); each
account's resources are found with that account's own assumed-role credentials, and only
there."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.engine.events import Event
from landform.handlers.base import Api
from landform.handlers.registry import handler_for
from landform.project import load_app
from landform.rules.audit import audit_accounts
from landform.state.base import ResourceState
from tests.conftest import ACCOUNT, REGION
from tests.rules.root import set_root
from tests.support import actions, plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "landing_zone"
REGIONS = ["us-east-1", "eu-west-1"]
"""The regions the landing zone governs (its region SCP allows no other)."""
MEMBERS = {"security", "shared-services", "production", "staging", "development"}
ORGANIZATION_TYPES = ("AWS::Organizations::",)


def api_as(aws_in: Any, account: str) -> Api:
    """An Api whose clients use credentials of `account`'s OrganizationAccountAccessRole,
    assumed with plain boto3 (not Landform's sessions)."""
    clients: dict[str, Any] = {}
    made = aws_in(account)

    def client(service: str, _account: str | None, region: str) -> Any:
        if service not in clients:
            clients[service] = made(service, region)
        return clients[service]

    return Api(client, account, REGION)


def found_in(aws_in: Any, accounts: set[str], records: list[ResourceState]) -> Any:
    """(type, physical id) -> the accounts whose own credentials list it, for what the
    records name or the example's ownership tag marks (not, say, a default VPC's ACL)."""
    types = {r.type_name for r in records}
    recorded = {(r.type_name, r.physical_id) for r in records}
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for account in accounts:
        api = api_as(aws_in, account)
        identity = api.client("sts").get_caller_identity()
        assert identity["Account"] == account
        for type_name in types:
            for live in handler_for(type_name).list(api):
                key = (type_name, live.physical_id)
                if key in recorded or (live.address or "").startswith("landing-zone/"):
                    where[key].add(account)
    return where


def default_vpcs(aws: Any, aws_in: Any, account: str, region: str) -> list[Any]:
    """The default VPCs of `account` (an id, or ACCOUNT: the management account) in
    `region`, read with that account's own credentials."""
    ec2 = aws("ec2", region) if account == ACCOUNT else aws_in(account)("ec2", region)
    return ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]  # type: ignore[no-any-return]


def test_landing_zone_applies_replans_to_nothing_audits_clean_and_destroys_all_but_accounts(
    context: Context, aws: Any, aws_in: Any
) -> None:
    first = plan(load_app(EXAMPLE), context)
    assert set(actions(first).values()) == {"create"}
    pending = {c.account for c in first.changes if c.account.startswith("(account of")}
    assert len(pending) == 5, "no member account exists before the first apply"
    outcome = apply_plan(context, first)
    assert len(outcome.done) == len(first.changes)

    again = plan(load_app(EXAMPLE), context)
    assert [c.changes for c in again.changes if c.changes] == [], "no property changes"
    assert actions(again) == {}

    records = context.store.all()
    accounts = {
        str(r.properties["AccountName"]): r.physical_id
        for r in records
        if r.type_name == "AWS::Organizations::Account"
    }
    assert set(accounts) == MEMBERS
    stacks = {r.address.split("/")[1]: r.account for r in records}
    assert stacks["organization"] == ACCOUNT
    assert stacks["security-logs"] == accounts["security"]
    assert stacks["shared-network"] == accounts["shared-services"]
    for environment in ("production", "staging", "development"):
        assert stacks[f"{environment}-network"] == accounts[environment]

    in_members = [r for r in records if r.account != ACCOUNT]
    where = found_in(aws_in, set(accounts.values()), in_members)
    for record in in_members:
        assert where[(record.type_name, record.physical_id)] == {record.account}, record.address

    by_type = {r.type_name: r for r in records}
    attachment = by_type["AWS::EC2::TransitGatewayAttachment"]
    gateway = by_type["AWS::EC2::TransitGateway"]
    assert attachment.properties["TransitGatewayId"] == gateway.physical_id
    assert attachment.account != gateway.account, "attached across accounts"
    trail = by_type["AWS::CloudTrail::Trail"]
    bucket = by_type["AWS::S3::Bucket"]
    assert trail.account == ACCOUNT and bucket.account == accounts["security"]
    assert trail.properties["S3BucketName"] == bucket.physical_id

    every_account = [ACCOUNT, *accounts.values()]
    everywhere = [(account, region) for account in every_account for region in REGIONS]
    assert [where for where in everywhere if default_vpcs(aws, aws_in, *where)] == []
    events: list[Event] = []
    context.report = events.append
    set_root(ACCOUNT, mfa="hardware")  # as the management account's root user does
    report = audit_accounts(context, [], REGIONS)
    assert report.errors == []
    read = {e.message for e in events if e.kind == "refresh"}
    assert {f"AWS::EC2::SecurityGroup in {a}/{r}" for a, r in everywhere} <= read
    found = [(f.rule.id, f.status, f.subject.account, f.subject.name) for f in report.findings]
    assert found == [], "clean: no finding of any severity, none unknown or suppressed"
    assert report.checked > 300, "(resource, rule) pairs checked across the accounts"

    with pytest.raises(ApplyFailed, match="--allow-account-close"):
        apply_plan(context, plan(load_app(EXAMPLE), context, destroy=True))
    left = {r.address.split("/")[2]: r.type_name for r in context.store.all()}
    assert set(left.values()) == {
        "AWS::Organizations::Organization",
        "AWS::Organizations::OrganizationalUnit",
        "AWS::Organizations::Account",
    }, "only the accounts, and the OUs and organization holding them, stay"
    assert len([t for t in left.values() if t.endswith("::Account")]) == 5
    assert found_in(aws_in, set(accounts.values()), in_members) == {}
    assert all(len(default_vpcs(aws, aws_in, *where)) == 1 for where in everywhere), "given back"
