"""AWS::CloudWatch::Dashboard"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    ignoring,
    physical_name,
    present,
    read_each,
    tag_list,
    tag_map,
)
from landform.handlers.cloudwatch.tags import GONE, sync_tags, tags_of
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

NAME_LENGTH = 255
"""CloudWatch's longest dashboard name; a derived name (lower-case letters, digits and
hyphens) also keeps to its characters, A-Z a-z 0-9 - and _."""

PROPERTIES = ("DashboardName", "DashboardBody", "Tags")


@register
class Dashboard(Handler):
    """A CloudWatch dashboard; its physical id (Ref) is its name (DashboardName, else one
    made from its address). Dashboards are global: every region a stack uses lists the
    same ones. put_dashboard creates it, with its tags, and replaces its whole body on
    update; it ignores Tags for a dashboard that exists, so tag changes go through
    tag_resource and untag_resource on the dashboard's ARN. A dashboard of the name that
    is not this address's own is not overwritten.

    list_dashboards neither filters on tags nor returns them or the bodies: `list` costs
    one paginated list_dashboards (1,000 a page), one list_tags_for_resource per
    dashboard of the account, and one get_dashboard per dashboard it keeps (those
    carrying the ownership tag; all of them in audit), made by READERS threads.
    DashboardBody takes the document as an object or as its text, and is compared as a
    document: AWS's re-serialized text of the declared body is no change, and an edit in
    the console is drift.

    moto serves dashboards but none of their tags (it ignores put_dashboard's Tags and
    refuses tag_resource on a dashboard); `landform.cloud.corrections` tags them as AWS
    does. The handler's tag paths are also tested with botocore's Stubber on AWS-shaped
    answers.
    """

    TYPE = "AWS::CloudWatch::Dashboard"
    NAME = "DashboardName"

    def list(self, api: Api) -> Iterable[Live]:
        cw = api.client("cloudwatch")
        dashboards = api.pages("cloudwatch", "list_dashboards", "DashboardEntries")
        tags = read_each(lambda dashboard: tags_of(cw, dashboard["DashboardArn"]), dashboards)
        kept = [
            (dashboard["DashboardName"], found)
            for dashboard, found in zip(dashboards, tags, strict=True)
            if api.keeps(found)
        ]
        bodies = read_each(lambda kept: _body(cw, kept[0]), kept)
        return [
            Live(name, {"DashboardName": name, "DashboardBody": body, "Tags": tag_list(found)})
            for (name, found), body in zip(kept, bodies, strict=True)
            if body is not None
        ]

    def create(self, api: Api, props: Props, token: str) -> Live:
        cw = api.client("cloudwatch")
        address = address_of(props)
        name = props.get("DashboardName") or physical_name(
            address, api.account, api.region, NAME_LENGTH
        )
        existing = _existing(cw, name)
        if existing is not None and tag_map(existing[1]).get(ADDRESS_TAG) != address:
            raise LandformError(
                f"CloudWatch dashboard {name} already exists and was not made by Landform "
                f"for {address}",
                hint="declare another DashboardName, or delete that dashboard",
            )
        cw.put_dashboard(
            DashboardName=name,
            DashboardBody=_text(props["DashboardBody"]),
            Tags=tag_list(props.get("Tags")),
        )
        if existing is not None:  # left by a run that crashed: put ignored the tags
            arn, tags = existing
            sync_tags(cw, lambda: arn, tags, props.get("Tags"))
        return Live(name, present(props, PROPERTIES))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        cw = api.client("cloudwatch")
        name = current.physical_id
        body = desired["DashboardBody"]
        if _parsed(body) != _parsed(current.properties.get("DashboardBody")):
            cw.put_dashboard(DashboardName=name, DashboardBody=_text(body))
        have = current.properties.get("Tags")
        sync_tags(cw, lambda: _arn(cw, name), have, desired.get("Tags"))
        return Live(name, present(desired, PROPERTIES), current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring(*GONE):
            api.client("cloudwatch").delete_dashboards(DashboardNames=[current.physical_id])


def _body(cw: Any, name: str) -> str | None:
    """The dashboard's body; None for one deleted since it was listed."""
    with ignoring(*GONE):
        return str(cw.get_dashboard(DashboardName=name)["DashboardBody"])
    return None


def _arn(cw: Any, name: str) -> str:
    return str(cw.get_dashboard(DashboardName=name)["DashboardArn"])


def _existing(cw: Any, name: str) -> tuple[str, list[dict[str, str]]] | None:
    """The ARN and the tags of the dashboard of that name, if there is one."""
    with ignoring(*GONE):
        arn = _arn(cw, name)
        return arn, tags_of(cw, arn)
    return None


def _text(body: Any) -> str:
    """A body declared as a document, as the text put_dashboard takes."""
    return body if isinstance(body, str) else json.dumps(body)


def _parsed(body: Any) -> Any:
    """A dashboard body as JSON data, so one re-serialized is the same body (text that
    is not JSON is compared as text)."""
    if not isinstance(body, str):
        return body
    try:
        return json.loads(body)
    except ValueError:
        return body
