"""read_alarms: the recorded alarms of every account and region, read live in batches."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from landform import App, Stack
from landform.aws import cloudwatch
from landform.cloud.calls import CallCounter
from landform.cloud.emulator import Emulator
from landform.cloud.session import CloudConfig, Sessions
from landform.engine.alarms import read_alarms
from landform.engine.context import Context
from tests.conftest import ACCOUNT, REGION
from tests.support import converge, new_app

MEMBER = "210987654321"
OTHER_REGION = "eu-west-1"


def alarm(stack: Stack, logical_id: str) -> cloudwatch.Alarm:
    return cloudwatch.Alarm(
        stack,
        logical_id,
        alarm_name=f"{stack.name}-{logical_id}",
        namespace="AWS/EC2",
        metric_name="CPUUtilization",
        dimensions=[{"Name": "InstanceId", "Value": "i-0123456789abcdef0"}],
        statistic="Average",
        period=300,
        evaluation_periods=1,
        threshold=80.0,
        comparison_operator="GreaterThanThreshold",
    )


def describe_calls(calls: CallCounter) -> int:
    return calls.calls[("cloudwatch", "DescribeAlarms")]


def test_101_alarms_of_one_region_take_two_calls(context: Context, calls: CallCounter) -> None:
    app, stack = new_app()
    for n in range(101):
        alarm(stack, f"a{n:03}")
    converge(app, context)
    calls.calls.clear()

    report = read_alarms(app, context)

    assert len(report.alarms) == 101 and report.unreadable == []
    assert "MISSING" not in {a.state for a in report.alarms}, "the second batch was read"
    assert describe_calls(calls) == 2


@pytest.fixture
def spread(context: Context, aws: Any, aws_in: Any) -> App:
    """Alarms in two regions of the caller's account and in a member account, applied;
    one in ALARM, one in INSUFFICIENT_DATA, the rest OK."""
    app, home = new_app()
    away = app.stack("away", region=OTHER_REGION)
    member = app.stack("member", account=MEMBER, region=REGION)
    for stack, logical_id in ((home, "b"), (home, "a"), (away, "c"), (member, "d")):
        alarm(stack, logical_id)
    converge(app, context)
    states = (
        (aws("cloudwatch"), "main-a", "OK"),
        (aws("cloudwatch"), "main-b", "OK"),
        (aws("cloudwatch", OTHER_REGION), "away-c", "INSUFFICIENT_DATA"),
        (aws_in(MEMBER)("cloudwatch"), "member-d", "ALARM"),
    )
    for client, name, state in states:
        client.set_alarm_state(AlarmName=name, StateValue=state, StateReason=f"{name} is {state}")
    return app


def test_each_account_and_region_is_read_with_one_call(
    spread: App, context: Context, calls: CallCounter
) -> None:
    calls.calls.clear()

    report = read_alarms(spread, context)

    assert describe_calls(calls) == 3
    assert [(a.address, a.state) for a in report.alarms] == [
        ("shop/member/d", "ALARM"),
        ("shop/away/c", "INSUFFICIENT_DATA"),
        ("shop/main/a", "OK"),
        ("shop/main/b", "OK"),
    ]
    first = report.alarms[0]
    assert (first.account, first.region, first.stack) == (MEMBER, REGION, "member")
    assert (first.name, first.reason) == ("member-d", "member-d is ALARM")


def test_only_the_accounts_regions_and_state_asked_for(
    spread: App, context: Context, calls: CallCounter
) -> None:
    calls.calls.clear()

    report = read_alarms(spread, context, accounts=[ACCOUNT], state="OK")

    assert [a.address for a in report.alarms] == ["shop/main/a", "shop/main/b"]
    assert describe_calls(calls) == 2, "the member account is not read"
    in_region = read_alarms(spread, context, regions=[OTHER_REGION], stacks=["away", "main"])
    assert [a.address for a in in_region.alarms] == ["shop/away/c"]


def refuse_assume_role(client: Any, account: str, region: str) -> None:
    """AWS's answer where the member's role does not trust the caller (the emulator
    assumes any role)."""

    def access_denied(**_: Any) -> tuple[Any, dict[str, Any]]:
        error = {"Code": "AccessDenied", "Message": "not authorized to perform: sts:AssumeRole"}
        response = AWSResponse("https://sts.amazonaws.com", 403, {}, None)
        return response, {"Error": error, "ResponseMetadata": {"HTTPStatusCode": 403}}

    client.meta.events.register("before-call.sts.AssumeRole", access_denied)


def test_an_account_that_cannot_be_read_is_named_and_the_rest_read(
    spread: App, context: Context, emulator: Emulator
) -> None:
    config = CloudConfig(endpoint_url=emulator.endpoint_url, local=True, hooks=[refuse_assume_role])
    refused = Context(Sessions(config), context.store)

    report = read_alarms(spread, refused)

    (unreadable,) = report.unreadable
    assert (unreadable.account, unreadable.region, unreadable.alarms) == (MEMBER, REGION, 1)
    assert "AccessDenied" in unreadable.error and MEMBER in unreadable.error
    assert [a.address for a in report.alarms] == ["shop/away/c", "shop/main/a", "shop/main/b"]
