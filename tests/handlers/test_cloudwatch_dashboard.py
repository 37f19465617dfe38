"""AWS::CloudWatch::Dashboard. The emulator serves dashboards but none of their tags, so
the engine's runs have the CloudWatch client answer from botocore's Stubber with
AWS-shaped answers (all else runs on the emulator); what reads no tag runs on the
emulator itself."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.stub import Stubber

from landform import App
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import Api, Live, physical_name
from landform.handlers.cloudwatch.dashboard import Dashboard
from landform.model.resource import Resource
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT, REGION, TAGS
from tests.handlers.contract import Call, queue, stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

TYPE = "AWS::CloudWatch::Dashboard"
NAME = "shop-ops"
ADDRESS = "shop/main/ops"
WIDGETS = [
    {
        "type": "text",
        "x": 0,
        "y": 0,
        "width": 24,
        "height": 2,
        "properties": {"markdown": "# Shop"},
    },
    {
        "type": "metric",
        "x": 0,
        "y": 2,
        "width": 12,
        "height": 6,
        "properties": {
            "metrics": [["AWS/EC2", "CPUUtilization", "InstanceId", "i-0abc"]],
            "region": REGION,
            "stat": "Average",
            "period": 300,
        },
    },
]
BODY = json.dumps({"widgets": WIDGETS})
MOVED = json.dumps({"widgets": WIDGETS[1:], "periodOverride": "inherit"})
REFORMATTED = json.dumps({"widgets": WIDGETS}, indent=2, sort_keys=True)
"""BODY as other JSON text: the same dashboard."""


def arn(name: str = NAME) -> str:
    return f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/{name}"


def house_tags(address: str = ADDRESS, **more: str) -> list[dict[str, str]]:
    """The tags the engine declares: the house tags, the ownership tag and `more`, in
    the order the handler sends them (by key)."""
    tags = {**TAGS, **more, ADDRESS_TAG: address}
    return [{"Key": key, "Value": tags[key]} for key in sorted(tags)]


def listing(*dashboards: tuple[str, list[dict[str, str]]]) -> list[Call]:
    """A list: list_dashboards, then list_tags_for_resource per dashboard."""
    entries = [
        {
            "DashboardName": name,
            "DashboardArn": arn(name),
            "LastModified": datetime(2025, 1, 1, tzinfo=UTC),
            "Size": len(BODY),
        }
        for name, _ in dashboards
    ]
    return [
        Call("list_dashboards", {"DashboardEntries": entries}),
        *(
            Call("list_tags_for_resource", {"Tags": tags}, {"ResourceARN": arn(name)})
            for name, tags in dashboards
        ),
    ]


def creating(name: str, body: str, tags: list[dict[str, str]]) -> list[Call]:
    """Creating a dashboard of a new name: none of it found, then put with its tags."""
    return [
        Call("get_dashboard", {}, {"DashboardName": name}, error="ResourceNotFound"),
        Call(
            "put_dashboard",
            {"DashboardValidationMessages": []},
            {"DashboardName": name, "DashboardBody": body, "Tags": tags},
        ),
    ]


def got(name: str, body: str) -> Call:
    return Call(
        "get_dashboard",
        {"DashboardArn": arn(name), "DashboardBody": body, "DashboardName": name},
        {"DashboardName": name},
    )


@contextmanager
def stubbed_cloudwatch(context: Context) -> Iterator[Stubber]:
    """The CloudWatch client the engine uses, answering from a Stubber (all else: emulator)."""
    client = context.sessions.client("cloudwatch", ACCOUNT, REGION)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def dashboard(stack: Any, body: str = BODY, **props: Any) -> Resource:
    tags = props.pop("tags", None)
    return Resource(stack, "ops", {"DashboardBody": body, **props}, type_name=TYPE, tags=tags)


def ops_app(body: str = BODY, name: str = NAME, **props: Any) -> App:
    app, stack = new_app()
    dashboard(stack, body, DashboardName=name, **props)
    return app


def assert_plan_is(
    context: Context, app: App, tags: list[dict[str, str]], expected: Mapping[str, str]
) -> None:
    with stubbed_cloudwatch(context) as stubber:
        queue(stubber, listing((NAME, tags)))
        assert actions(plan(app, context)) == expected


def test_dashboard_create_update_replace_delete(context: Context) -> None:
    tagged = house_tags(Team="ops", Tier="gold")
    with stubbed_cloudwatch(context) as stubber:
        queue(stubber, [*listing(), *creating(NAME, BODY, tagged), *listing((NAME, tagged))])
        converge(ops_app(tags={"Team": "ops", "Tier": "gold"}), context)
    record = context.store.get(ADDRESS)
    assert record is not None
    assert (record.physical_id, record.properties["DashboardBody"]) == (NAME, BODY)

    # a new body and other tags: changed in place, the body put without tags
    app = ops_app(MOVED, tags={"Team": "platform"})
    assert_plan_is(context, app, tagged, {ADDRESS: "update"})
    retagged = house_tags(Team="platform")
    with stubbed_cloudwatch(context) as stubber:
        queue(
            stubber,
            [
                *listing((NAME, tagged)),
                Call("put_dashboard", {}, {"DashboardName": NAME, "DashboardBody": MOVED}),
                got(NAME, MOVED),
                Call("untag_resource", {}, {"ResourceARN": arn(), "TagKeys": ["Tier"]}),
                Call(
                    "tag_resource",
                    {},
                    {"ResourceARN": arn(), "Tags": [{"Key": "Team", "Value": "platform"}]},
                ),
                *listing((NAME, retagged)),
            ],
        )
        converge(app, context)
    record = context.store.get(ADDRESS)
    assert record is not None
    assert (record.physical_id, record.properties["DashboardBody"]) == (NAME, MOVED)

    # DashboardName is create-only: a new name is a new dashboard, the old one deleted
    app = ops_app(MOVED, name="shop-ops-2", tags={"Team": "platform"})
    assert_plan_is(context, app, retagged, {ADDRESS: "replace"})
    with stubbed_cloudwatch(context) as stubber:
        queue(
            stubber,
            [
                *listing((NAME, retagged)),
                *creating("shop-ops-2", MOVED, retagged),
                Call("delete_dashboards", {}, {"DashboardNames": [NAME]}),
                *listing(("shop-ops-2", retagged)),
            ],
        )
        converge(app, context)
    assert context.store.get(ADDRESS).physical_id == "shop-ops-2"  # type: ignore[union-attr]

    with stubbed_cloudwatch(context) as stubber:
        queue(
            stubber,
            [
                *listing(("shop-ops-2", retagged)),
                Call("delete_dashboards", {}, {"DashboardNames": ["shop-ops-2"]}),
            ],
        )
        destroy(app, context)
    assert context.store.all() == []


def test_body_is_compared_as_json_with_no_read_of_aws_text(context: Context) -> None:
    """AWS may return a body re-serialized: a plan reads no body (the Stubber would
    refuse a get_dashboard), so the body AWS holds is no change; a declaration
    re-serialized is an update that puts nothing, and then no change."""
    with stubbed_cloudwatch(context) as stubber:
        queue(
            stubber,
            [*listing(), *creating(NAME, BODY, house_tags()), *listing((NAME, house_tags()))],
        )
        converge(ops_app(), context)
    assert_plan_is(context, ops_app(), house_tags(), {})

    app = ops_app(REFORMATTED)
    assert_plan_is(context, app, house_tags(), {ADDRESS: "update"})
    with stubbed_cloudwatch(context) as stubber:
        queue(stubber, [*listing((NAME, house_tags())), *listing((NAME, house_tags()))])
        converge(app, context)
    record = context.store.get(ADDRESS)
    assert record is not None and record.properties["DashboardBody"] == REFORMATTED


def test_dashboard_named_after_its_address_fits_cloudwatch_names() -> None:
    address = "shop/main/" + "Ops.Dashboard" * 30
    name = physical_name(address, ACCOUNT, REGION, 255)
    props = {"DashboardBody": BODY, "Tags": [{"Key": ADDRESS_TAG, "Value": address}]}
    with stubbed_api("cloudwatch") as (api, stubber):
        queue(stubber, creating(name, BODY, props["Tags"]))
        created = Dashboard().create(api, props, "token")
        stubber.assert_no_pending_responses()
    assert created.physical_id == name
    assert re.fullmatch(r"[A-Za-z0-9_-]{1,255}", name), name
    assert name.startswith("shop-main-ops-dashboard")
    assert created.properties == props, "the derived name is not a declared property"


def test_dashboard_of_someone_else_is_refused() -> None:
    props = {
        "DashboardName": NAME,
        "DashboardBody": BODY,
        "Tags": [{"Key": ADDRESS_TAG, "Value": ADDRESS}],
    }
    theirs = [{"Key": ADDRESS_TAG, "Value": "billing/main/ops"}]
    with stubbed_api("cloudwatch") as (api, stubber):
        queue(
            stubber,
            [
                got(NAME, "{}"),
                Call("list_tags_for_resource", {"Tags": theirs}, {"ResourceARN": arn()}),
            ],
        )
        with pytest.raises(LandformError, match="not made by Landform for shop/main/ops"):
            Dashboard().create(api, props, "token")
        stubber.assert_no_pending_responses()


def test_own_dashboard_left_by_a_crash_is_put_and_retagged() -> None:
    """Made by a run that died before recording it: put again (AWS then ignores Tags),
    and its tags made right through tag_resource."""
    owned = [{"Key": ADDRESS_TAG, "Value": ADDRESS}]
    props = {
        "DashboardName": NAME,
        "DashboardBody": MOVED,
        "Tags": [{"Key": "Tier", "Value": "web"}, *owned],  # as sent: by key
    }
    with stubbed_api("cloudwatch") as (api, stubber):
        queue(
            stubber,
            [
                got(NAME, BODY),
                Call("list_tags_for_resource", {"Tags": owned}, {"ResourceARN": arn()}),
                Call(
                    "put_dashboard",
                    {},
                    {"DashboardName": NAME, "DashboardBody": MOVED, "Tags": props["Tags"]},
                ),
                Call(
                    "tag_resource",
                    {},
                    {"ResourceARN": arn(), "Tags": [{"Key": "Tier", "Value": "web"}]},
                ),
            ],
        )
        created = Dashboard().create(api, props, "token")
        stubber.assert_no_pending_responses()
    assert created == Live(NAME, props)


def test_list_keeps_owned_dashboards_and_describe_reads_the_body() -> None:
    owned = [{"Key": ADDRESS_TAG, "Value": ADDRESS}]
    with stubbed_api("cloudwatch") as (api, stubber):
        queue(stubber, listing((NAME, owned), ("legacy", [{"Key": "Team", "Value": "x"}])))
        (listed,) = Dashboard().list(api)
        queue(stubber, [got(NAME, REFORMATTED)])
        adopted = Dashboard().describe(api, listed)
        stubber.assert_no_pending_responses()
    assert listed == Live(NAME, {"DashboardName": NAME, "Tags": owned})
    assert adopted.properties == {**listed.properties, "DashboardBody": REFORMATTED}

    with stubbed_api("cloudwatch") as (api, stubber):
        queue(stubber, listing((NAME, owned), ("legacy", [])))
        audit = Api(lambda *where: api.client("cloudwatch"), ACCOUNT, REGION, everything=True)
        assert [live.physical_id for live in Dashboard().list(audit)] == [NAME, "legacy"]
        stubber.add_client_error("get_dashboard", "ResourceNotFound", http_status_code=404)
        assert Dashboard().describe(api, listed) == listed, "deleted since it was listed"
        stubber.assert_no_pending_responses()


def test_update_of_the_same_json_puts_nothing() -> None:
    current = Live(NAME, {"DashboardName": NAME, "DashboardBody": BODY, "Tags": []})
    with stubbed_api("cloudwatch") as (api, stubber):
        updated = Dashboard().update(
            api, current, {"DashboardName": NAME, "DashboardBody": REFORMATTED}
        )
        stubber.assert_no_pending_responses()
    assert updated.properties["DashboardBody"] == REFORMATTED


def test_dashboard_on_the_emulator(context: Context, aws: Any) -> None:
    """put, get, list and delete as the emulator answers them (read in audit mode,
    which keeps dashboards without the ownership tag the emulator does not store)."""
    props = {"DashboardBody": BODY, "Tags": [{"Key": ADDRESS_TAG, "Value": ADDRESS}]}
    audit = Api(context.sessions.client, None, REGION, everything=True)
    handler = Dashboard()
    created = handler.create(audit, props, "token")
    name = created.physical_id
    cloudwatch = aws("cloudwatch")
    assert json.loads(cloudwatch.get_dashboard(DashboardName=name)["DashboardBody"]) == {
        "widgets": WIDGETS
    }
    (listed,) = handler.list(audit)
    assert listed.physical_id == name
    assert handler.describe(audit, listed).properties["DashboardBody"] == BODY

    handler.update(audit, created, {**props, "DashboardBody": MOVED})
    assert cloudwatch.get_dashboard(DashboardName=name)["DashboardBody"] == MOVED

    handler.delete(audit, created)
    assert cloudwatch.list_dashboards()["DashboardEntries"] == []
    handler.delete(audit, created)  # gone already: no error


def test_dashboard_of_someone_else_is_not_overwritten(context: Context, aws: Any) -> None:
    aws("cloudwatch").put_dashboard(DashboardName=NAME, DashboardBody=MOVED)
    with pytest.raises(ApplyFailed, match="already exists and was not made by Landform"):
        converge(ops_app(), context)
    assert aws("cloudwatch").get_dashboard(DashboardName=NAME)["DashboardBody"] == MOVED
