"""Stacks in several accounts: fair shares of the concurrency bound, one account at a
time on request, a failure kept to its account, and the role assumed per account."""

from __future__ import annotations

from typing import Any

import pytest

from landform import Account, App, account
from landform.aws import ec2, logs
from landform.cloud.emulator import Emulator
from landform.cloud.session import CloudConfig, Sessions
from landform.engine import operations
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.engine.events import Event
from tests.conftest import REGION, TAGS
from tests.support import actions, plan

BUSY = "111111111111"
QUIET = "222222222222"


def two_accounts(busy: int = 12, quiet: int = 2) -> App:
    """Many log groups in one account, declared first, and a few in another."""
    app = App("fair", tags=TAGS)
    first = app.stack("busy", account=BUSY, region=REGION)
    second = app.stack("quiet", account=QUIET, region=REGION)
    for number in range(busy):
        logs.LogGroup(first, f"group-{number}", retention_in_days=7)
    for number in range(quiet):
        logs.LogGroup(second, f"group-{number}", retention_in_days=7)
    return app


def recorded(context: Context) -> list[Event]:
    events: list[Event] = []
    context.report = events.append
    return events


def account_of(event: Event) -> str:
    return event.address.split("/")[1]


def test_a_busy_account_does_not_starve_another(context: Context) -> None:
    app = two_accounts()
    context.concurrency = 2
    events = recorded(context)
    apply_plan(context, plan(app, context))
    starts = [account_of(e) for e in events if e.kind == "start"]
    assert len(starts) == 14
    assert starts[:4].count("quiet") == 2, starts  # in turn, not after the busy backlog


def test_one_account_at_a_time_on_request(context: Context) -> None:
    app = two_accounts(busy=6, quiet=6)
    context.accounts_at_once = 1
    events = recorded(context)
    apply_plan(context, plan(app, context))
    in_flight: dict[str, int] = {}
    for event in events:
        if event.kind in ("start", "done"):
            name = account_of(event)
            in_flight[name] = in_flight.get(name, 0) + (1 if event.kind == "start" else -1)
            assert sum(1 for n in in_flight.values() if n) <= 1, in_flight
    assert in_flight == {"busy": 0, "quiet": 0}


def networks(app: App, bad_cidr: bool) -> None:
    for name, number in (("first", 1), ("second", 2)):
        stack = app.stack(name, account=f"{number}" * 12, region=REGION)
        vpc = ec2.VPC(stack, "vpc", cidr_block=f"10.{number}.0.0/16")
        outside = bad_cidr and name == "first"
        block = "10.99.0.0/24" if outside else f"10.{number}.0.0/24"
        ec2.Subnet(stack, "subnet", vpc_id=vpc.id, cidr_block=block)


def test_a_failure_in_one_account_leaves_the_others_applied(context: Context) -> None:
    broken = App("isolated", tags=TAGS)
    networks(broken, bad_cidr=True)
    with pytest.raises(ApplyFailed) as failed:
        apply_plan(context, plan(broken, context))
    assert "isolated/first/subnet" in str(failed.value)
    in_state = {r.address: r.account for r in context.store.all()}
    assert in_state == {
        "isolated/first/vpc": "111111111111",
        "isolated/second/vpc": "222222222222",
        "isolated/second/subnet": "222222222222",
    }
    fixed = App("isolated", tags=TAGS)
    networks(fixed, bad_cidr=False)
    assert actions(plan(fixed, context)) == {"isolated/first/subnet": "create"}
    apply_plan(context, plan(fixed, context))
    assert actions(plan(fixed, context)) == {}


def test_the_role_named_for_an_account_is_the_one_assumed(context: Context, aws: Any) -> None:
    app = App("roles", tags=TAGS)
    target = account("333333333333", role_name="Deployer")
    logs.LogGroup(app.stack("main", account=target, region=REGION), "group")
    apply_plan(context, plan(app, context))
    identity = context.sessions.client("sts", "333333333333", REGION).get_caller_identity()
    assert identity["Account"] == "333333333333"
    assert ":assumed-role/Deployer/" in identity["Arn"]
    groups = aws("logs").describe_log_groups()["logGroups"]
    assert groups == [], "nothing was made in the caller's account"


def test_an_account_made_by_the_organization_is_reached_with_its_role(
    context: Context, emulator: Emulator
) -> None:
    app = App("roles", tags=TAGS, block_on="critical")  # no organization trail: roles are tested
    org = app.organization(
        accounts=[Account("ops", email="ops@example.com", role_name="LandformDeployer")]
    )
    logs.LogGroup(app.stack("main", account=org.account("ops"), region=REGION), "group")
    apply_plan(context, plan(app, context))
    (made,) = [r for r in context.store.all() if r.type_name == "AWS::Organizations::Account"]
    group = context.store.get("roles/main/group")
    assert group is not None and group.account == made.physical_id

    later = Context(  # another run: the role comes from the model and state again
        Sessions(CloudConfig(endpoint_url=emulator.endpoint_url, local=True)), context.store
    )
    assert operations.drift(app, later) == []
    identity = later.sessions.client("sts", made.physical_id, REGION).get_caller_identity()
    assert f"{made.physical_id}:assumed-role/LandformDeployer/" in identity["Arn"]
