"""Contract example: an alarm on a metric."""

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


EXAMPLES = {"AWS::CloudWatch::Alarm": alarm}
