"""Contract examples: an alarm on a metric, on the emulator; a dashboard, stubbed, since
the emulator serves no dashboard tags."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from landform.aws import cloudwatch
from landform.model import Resource, Stack
from tests.conftest import ACCOUNT
from tests.handlers.contract import Call, StubbedContract


def alarm(stack: Stack) -> Resource:
    return cloudwatch.Alarm(
        stack,
        "alarm",
        namespace="AWS/EC2",
        metric_name="CPUUtilization",
        statistic="Average",
        period=300,
        evaluation_periods=2,
        threshold=80.0,
        comparison_operator="GreaterThanThreshold",
    )


EXAMPLES = {"AWS::CloudWatch::Alarm": alarm}

DASHBOARD = "shop-ops"
DASHBOARD_ARN = f"arn:aws:cloudwatch::{ACCOUNT}:dashboard/{DASHBOARD}"
BODY = json.dumps(
    {
        "widgets": [
            {
                "type": "text",
                "x": 0,
                "y": 0,
                "width": 6,
                "height": 2,
                "properties": {"markdown": "# Shop"},
            }
        ]
    }
)
OWNED = [{"Key": "landform:address", "Value": "shop/main/dashboard"}]
NAMED = {"DashboardName": DASHBOARD}
ENTRY = {
    "DashboardName": DASHBOARD,
    "DashboardArn": DASHBOARD_ARN,
    "LastModified": datetime(2025, 1, 1, tzinfo=UTC),
    "Size": len(BODY),
}

STUBBED = {
    "AWS::CloudWatch::Dashboard": StubbedContract(
        service="cloudwatch",
        props={"DashboardName": DASHBOARD, "DashboardBody": BODY},
        create=[
            Call("get_dashboard", {}, NAMED, error="ResourceNotFound"),
            Call(
                "put_dashboard",
                {"DashboardValidationMessages": []},
                {**NAMED, "DashboardBody": BODY, "Tags": OWNED},
            ),
        ],
        list_after_create=[
            Call("list_dashboards", {"DashboardEntries": [ENTRY]}),
            Call("list_tags_for_resource", {"Tags": OWNED}, {"ResourceARN": DASHBOARD_ARN}),
        ],
        delete=[Call("delete_dashboards", {}, {"DashboardNames": [DASHBOARD]})],
        list_after_delete=[Call("list_dashboards", {"DashboardEntries": []})],
        delete_again=[
            Call("delete_dashboards", {}, {"DashboardNames": [DASHBOARD]}, error="ResourceNotFound")
        ],
        physical_id=DASHBOARD,
    )
}
