"""Contract examples: an alarm on a metric, and a dashboard with one text widget."""

from __future__ import annotations

from landform.aws import cloudwatch
from landform.model import Resource, Stack


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


def dashboard(stack: Stack) -> Resource:
    text = {"markdown": "# Shop"}
    widget = {"type": "text", "x": 0, "y": 0, "width": 6, "height": 2, "properties": text}
    return cloudwatch.Dashboard(stack, "dashboard", dashboard_body={"widgets": [widget]})


EXAMPLES = {"AWS::CloudWatch::Alarm": alarm, "AWS::CloudWatch::Dashboard": dashboard}
