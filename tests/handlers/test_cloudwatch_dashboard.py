"""AWS::CloudWatch::Dashboard, on the emulator (whose dashboard tags
landform.cloud.corrections supplies); the paths it cannot show (a dashboard deleted
between list and read, a crashed run's leftover, another's dashboard of the name) with
botocore's Stubber on AWS-shaped answers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from landform import App
from landform.engine import operations
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


def dashboard(stack: Any, body: Any = BODY, **props: Any) -> Resource:
    tags = props.pop("tags", None)
    return Resource(stack, "ops", {"DashboardBody": body, **props}, type_name=TYPE, tags=tags)


def ops_app(body: Any = BODY, name: str = NAME, **props: Any) -> App:
    app, stack = new_app()
    dashboard(stack, body, DashboardName=name, **props)
    return app


def live(aws: Any, name: str = NAME) -> tuple[Any, dict[str, str]]:
    """The dashboard's body, as a document, and its tags."""
    cloudwatch = aws("cloudwatch")
    body = json.loads(cloudwatch.get_dashboard(DashboardName=name)["DashboardBody"])
    tags = cloudwatch.list_tags_for_resource(ResourceARN=arn(name))["Tags"]
    return body, {tag["Key"]: tag["Value"] for tag in tags}


def test_dashboard_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(ops_app(tags={"Team": "ops", "Tier": "gold"}), context)
    body, tags = live(aws)
    assert body == {"widgets": WIDGETS}
    assert tags == {**TAGS, "Team": "ops", "Tier": "gold", ADDRESS_TAG: ADDRESS}

    # a new body and other tags: changed in place
    app = ops_app(MOVED, tags={"Team": "platform"})
    assert actions(plan(app, context)) == {ADDRESS: "update"}
    converge(app, context)
    body, tags = live(aws)
    assert body == json.loads(MOVED)
    assert tags == {**TAGS, "Team": "platform", ADDRESS_TAG: ADDRESS}

    # DashboardName is create-only: a new name is a new dashboard, the old one deleted
    app = ops_app(MOVED, name="shop-ops-2", tags={"Team": "platform"})
    assert actions(plan(app, context)) == {ADDRESS: "replace"}
    converge(app, context)
    entries = aws("cloudwatch").list_dashboards()["DashboardEntries"]
    assert [entry["DashboardName"] for entry in entries] == ["shop-ops-2"]

    destroy(app, context)
    assert aws("cloudwatch").list_dashboards()["DashboardEntries"] == []
    assert context.store.all() == []


def test_body_is_compared_as_a_document_and_an_edit_outside_is_drift(
    context: Context, aws: Any
) -> None:
    converge(ops_app({"widgets": WIDGETS}), context)  # declared as a document
    assert live(aws)[0] == {"widgets": WIDGETS}
    assert actions(plan(ops_app(REFORMATTED), context)) == {}, "the same document as text"

    aws("cloudwatch").put_dashboard(DashboardName=NAME, DashboardBody=MOVED)
    (drifted,) = operations.drift(ops_app(), context)
    assert drifted.address == ADDRESS
    assert [change.name for change in drifted.changes] == ["DashboardBody"]
    assert actions(plan(ops_app(), context)) == {ADDRESS: "update"}
    converge(ops_app(), context)
    assert live(aws)[0] == {"widgets": WIDGETS}


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


def test_list_reads_the_bodies_of_the_dashboards_it_keeps_only() -> None:
    owned = [{"Key": ADDRESS_TAG, "Value": ADDRESS}]
    with stubbed_api("cloudwatch") as (api, stubber):
        queue(stubber, [*listing((NAME, owned), ("legacy", [])), got(NAME, REFORMATTED)])
        (listed,) = Dashboard().list(api)
        stubber.assert_no_pending_responses()
    assert listed == Live(
        NAME, {"DashboardName": NAME, "DashboardBody": REFORMATTED, "Tags": owned}
    )

    with stubbed_api("cloudwatch") as (api, stubber):
        queue(stubber, [*listing((NAME, owned), ("legacy", [])), got(NAME, BODY)])
        stubber.add_client_error("get_dashboard", "ResourceNotFound", http_status_code=404)
        audit = Api(lambda *where: api.client("cloudwatch"), ACCOUNT, REGION, everything=True)
        names = [live.physical_id for live in Dashboard().list(audit)]
        stubber.assert_no_pending_responses()
    assert names == [NAME], "legacy was deleted between the list and its read"


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
    assert (listed.physical_id, listed.properties["DashboardBody"]) == (name, BODY)

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
