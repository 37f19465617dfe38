"""AWS::CloudWatch::Alarm against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App
from landform.aws import cloudwatch
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.handlers.registry import handler_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT, REGION
from tests.support import actions, converge, destroy, new_app, plan

ADDRESS = "shop/main/cpu"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"


def cpu_app(threshold: float = 80.0, instance: str = "i-0abc", **props: Any) -> App:
    app, stack = new_app()
    cloudwatch.Alarm(
        stack,
        "cpu",
        namespace="AWS/EC2",
        metric_name="CPUUtilization",
        dimensions=[{"Name": "InstanceId", "Value": instance}],
        statistic="Average",
        period=300,
        evaluation_periods=3,
        threshold=threshold,
        comparison_operator="GreaterThanThreshold",
        **props,
    )
    return app


def alarms(aws: Any) -> dict[str, dict[str, Any]]:
    found = aws("cloudwatch").describe_alarms(AlarmTypes=["MetricAlarm"])["MetricAlarms"]
    return {a["AlarmName"]: a for a in found}


def tags_of(aws: Any, arn: str) -> dict[str, str]:
    found = aws("cloudwatch").list_tags_for_resource(ResourceARN=arn)["Tags"]
    return {t["Key"]: t["Value"] for t in found}


def test_alarm_create_update_replace_delete(context: Context, aws: Any) -> None:
    app = cpu_app(
        alarm_description="busy", alarm_actions=[TOPIC], datapoints_to_alarm=2, tags={"Team": "ops"}
    )
    converge(app, context)
    ((name, alarm),) = alarms(aws).items()
    assert name.startswith("shop-main-cpu-")
    assert (alarm["Threshold"], alarm["Period"], alarm["DatapointsToAlarm"]) == (80.0, 300, 2)
    assert alarm["Dimensions"] == [{"Name": "InstanceId", "Value": "i-0abc"}]
    assert (alarm["AlarmDescription"], alarm["AlarmActions"]) == ("busy", [TOPIC])
    tags = tags_of(aws, alarm["AlarmArn"])
    assert (tags[ADDRESS_TAG], tags["Team"]) == (ADDRESS, "ops")
    record = context.store.get(ADDRESS)
    assert record is not None
    assert (record.physical_id, record.attributes) == (name, {"Arn": alarm["AlarmArn"]})

    app = cpu_app(90.0, "i-0def", alarm_description="busy", tags={"Team": "platform"})
    assert actions(plan(app, context)) == {ADDRESS: "update"}
    converge(app, context)
    alarm = alarms(aws)[name]
    assert alarm["Threshold"] == 90.0
    assert alarm["Dimensions"] == [{"Name": "InstanceId", "Value": "i-0def"}]
    assert alarm["AlarmActions"] == [] and "DatapointsToAlarm" not in alarm, "reset when dropped"
    assert tags_of(aws, alarm["AlarmArn"])["Team"] == "platform"

    app = cpu_app(90.0, "i-0def", alarm_name="shop-cpu")
    assert actions(plan(app, context)) == {ADDRESS: "replace"}
    converge(app, context)
    assert list(alarms(aws)) == ["shop-cpu"]

    destroy(app, context)
    assert alarms(aws) == {}
    assert context.store.all() == []


def math_app(expression: str) -> App:
    app, stack = new_app()
    metric = {"Namespace": "AWS/ApplicationELB", "MetricName": "HTTPCode_Target_5XX_Count"}
    total = {"Namespace": "AWS/ApplicationELB", "MetricName": "RequestCount"}
    cloudwatch.Alarm(
        stack,
        "errors",
        evaluation_periods=1,
        threshold=5.0,
        comparison_operator="GreaterThanThreshold",
        treat_missing_data="notBreaching",
        metrics=[
            {"Id": "errors", "MetricStat": {"Metric": metric, "Period": 60, "Stat": "Sum"}},
            {"Id": "total", "MetricStat": {"Metric": total, "Period": 60, "Stat": "Sum"}},
            {"Id": "rate", "Expression": expression, "Label": "error rate", "ReturnData": True},
        ],
    )
    return app


def test_metric_math_alarm(context: Context, aws: Any) -> None:
    converge(math_app("100 * errors / total"), context)
    (alarm,) = alarms(aws).values()
    assert alarm["Metrics"][2]["Expression"] == "100 * errors / total"
    assert alarm["TreatMissingData"] == "notBreaching"

    app = math_app("100 * errors / (total + 1)")
    assert actions(plan(app, context)) == {"shop/main/errors": "update"}
    converge(app, context)
    (alarm,) = alarms(aws).values()
    assert alarm["Metrics"][2]["Expression"] == "100 * errors / (total + 1)"


def test_alarm_list_keeps_owned_alarms(context: Context, aws: Any) -> None:
    converge(cpu_app(), context)
    put_by_hand(aws, "theirs", Team="ops")
    listed = handler_for("AWS::CloudWatch::Alarm").list(context.api(None, REGION))
    assert [live.address for live in listed] == [ADDRESS]


def put_by_hand(aws: Any, name: str, **tags: str) -> None:
    aws("cloudwatch").put_metric_alarm(
        AlarmName=name,
        Namespace="AWS/EC2",
        MetricName="CPUUtilization",
        Statistic="Average",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1.0,
        ComparisonOperator="GreaterThanThreshold",
        Tags=[{"Key": k, "Value": v} for k, v in tags.items()],
    )


def test_alarm_of_another_is_not_overwritten(context: Context, aws: Any) -> None:
    put_by_hand(aws, "shop-cpu")
    with pytest.raises(ApplyFailed, match="already exists and was not made by Landform"):
        converge(cpu_app(alarm_name="shop-cpu"), context)
    assert alarms(aws)["shop-cpu"]["Threshold"] == 1.0


def test_newer_alarm_features_are_refused() -> None:
    handler = handler_for("AWS::CloudWatch::Alarm")
    assert handler.unsupported_of({"EvaluationInterval": 60, "Threshold": 1.0}) == [
        "EvaluationInterval"
    ]


def test_own_alarm_left_by_a_crash_is_taken_over(context: Context, aws: Any) -> None:
    """Created by a run that died before recording it: put again, its tags made right."""
    put_by_hand(aws, "shop-cpu", **{ADDRESS_TAG: ADDRESS, "Team": "old"})
    props = {
        "AlarmName": "shop-cpu",
        "Namespace": "AWS/EC2",
        "MetricName": "CPUUtilization",
        "Statistic": "Maximum",
        "Period": 60,
        "EvaluationPeriods": 1,
        "Threshold": 50.0,
        "ComparisonOperator": "GreaterThanThreshold",
        "Tags": [{"Key": ADDRESS_TAG, "Value": ADDRESS}, {"Key": "Tier", "Value": "web"}],
    }
    api = context.api(None, REGION)
    created = handler_for("AWS::CloudWatch::Alarm").create(api, props, "token")
    alarm = alarms(aws)["shop-cpu"]
    assert (alarm["Statistic"], alarm["Threshold"]) == ("Maximum", 50.0)
    assert created.attributes == {"Arn": alarm["AlarmArn"]}
    assert tags_of(aws, alarm["AlarmArn"]) == {ADDRESS_TAG: ADDRESS, "Tier": "web"}
