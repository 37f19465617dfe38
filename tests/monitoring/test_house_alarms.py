"""The house alarms on the emulator: exactly the table's alarms after applying the
three-tier example; thresholds that follow the declaration; alarms that go with their
resource; and a setting that changes only its alarm."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from landform import AlarmSettings, App, Monitoring, Subscription, lambda_code
from landform.aws import iam, lambda_, rds
from landform.engine import operations
from landform.engine.apply import apply_plan
from landform.engine.context import Context
from landform.project import load_app
from tests.conftest import ACCOUNT, REGION
from tests.handlers.examples.lambda_ import TRUST
from tests.monitoring.test_dashboard_schema import VALIDATOR
from tests.support import HANDLERS_ONLY, actions, converge, new_app, plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "three_tier"
GIB = 1024**3
VOLATILE = {
    "AlarmName",
    "AlarmArn",
    "AlarmConfigurationUpdatedTimestamp",
    "StateUpdatedTimestamp",
    "StateTransitionedTimestamp",
    "StateValue",
    "StateReason",
    "StateReasonData",
}
"""What two alarms of equal configuration may differ in."""


def described(aws: Any) -> dict[str, dict[str, Any]]:
    found = aws("cloudwatch").describe_alarms(AlarmTypes=["MetricAlarm"])["MetricAlarms"]
    return {alarm["AlarmName"]: alarm for alarm in found}


def configuration(alarm: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in alarm.items() if k not in VOLATILE}


def physical(context: Context, address: str, attribute: str | None = None) -> str:
    record = context.store.get(address)
    assert record is not None, address
    return record.physical_id if attribute is None else str(record.attributes[attribute])


def test_the_three_tier_example_has_exactly_the_house_alarms(
    context: Context, aws: Any, managed_policies: None
) -> None:
    apply_plan(context, plan(load_app(EXAMPLE), context))
    alarms = described(aws)
    app = "three-tier/app/"
    topic = physical(context, "three-tier/monitoring-us-east-1/alarm-topic")
    instance = physical(context, app + "bastion")
    function = physical(context, app + "thumbnails")
    cluster = physical(context, app + "orders")
    balancer = physical(context, app + "web-lb", "LoadBalancerFullName")
    ecs_cluster = physical(context, app + "web-cluster")
    service = physical(context, app + "web-service", "Name")
    cache = physical(context, app + "sessions")
    nat = physical(context, app + "main-nat-a")
    bucket = physical(context, app + "uploads")
    metric = {
        name: (
            a.get("Namespace"),
            a.get("MetricName"),
            a.get("Statistic"),
            a.get("Period"),
            a.get("Threshold"),
            a["ComparisonOperator"],
            a["EvaluationPeriods"],
            [(d["Name"], d["Value"]) for d in a.get("Dimensions", [])],
        )
        for name, a in alarms.items()
    }
    over_80 = ("Average", 300, 80.0, "GreaterThanThreshold", 2)
    assert metric == {
        "app/bastion/CPUUtilization": (
            "AWS/EC2",
            "CPUUtilization",
            *over_80,
            [("InstanceId", instance)],
        ),
        "app/orders/CPUUtilization": (
            "AWS/RDS",
            "CPUUtilization",
            *over_80,
            [("DBClusterIdentifier", cluster)],
        ),
        "app/orders/FreeLocalStorage": (
            "AWS/RDS",
            "FreeLocalStorage",
            "Average",
            300,
            2.0 * GIB,
            "LessThanThreshold",
            2,
            [("DBClusterIdentifier", cluster)],
        ),
        "app/thumbnails/Errors": (
            "AWS/Lambda",
            "Errors",
            "Sum",
            60,
            0.0,
            "GreaterThanThreshold",
            1,
            [("FunctionName", function)],
        ),
        "app/web-lb/TargetResponseTime": (
            "AWS/ApplicationELB",
            "TargetResponseTime",
            "Average",
            60,
            1.0,
            "GreaterThanThreshold",
            3,
            [("LoadBalancer", balancer)],
        ),
        **{
            f"app/web-service/{name}": (
                "AWS/ECS",
                name,
                *over_80,
                [("ClusterName", ecs_cluster), ("ServiceName", service)],
            )
            for name in ("CPUUtilization", "MemoryUtilization")
        },
        **{
            f"app/sessions/{name}/{member}": (
                "AWS/ElastiCache",
                name,
                *over_80,
                [("CacheClusterId", f"{cache}-{member}")],
            )
            for name in ("EngineCPUUtilization", "DatabaseMemoryUsagePercentage")
            for member in ("001", "002")
        },
        "app/main-nat-a/ErrorPortAllocation": (
            "AWS/NATGateway",
            "ErrorPortAllocation",
            "Sum",
            300,
            0.0,
            "GreaterThanThreshold",
            1,
            [("NatGatewayId", nat)],
        ),
        "app/uploads/BucketSizeBytes": (
            None,
            None,
            None,
            None,
            None,
            "LessThanLowerOrGreaterThanUpperThreshold",
            1,
            [],
        ),
    }
    for alarm in alarms.values():
        assert alarm["AlarmActions"] == [topic]
        assert alarm["ActionsEnabled"] is True
        assert not alarm["OKActions"] and not alarm["InsufficientDataActions"]
    size, band = alarms["app/uploads/BucketSizeBytes"]["Metrics"]
    assert size["MetricStat"]["Metric"] == {
        "Namespace": "AWS/S3",
        "MetricName": "BucketSizeBytes",
        "Dimensions": [
            {"Name": "BucketName", "Value": bucket},
            {"Name": "StorageType", "Value": "StandardStorage"},
        ],
    }
    assert (size["MetricStat"]["Period"], size["MetricStat"]["Stat"]) == (86400, "Average")
    assert band["Expression"] == "ANOMALY_DETECTION_BAND(m1, 2)"

    cloudwatch = aws("cloudwatch")
    cloudwatch.put_metric_alarm(
        AlarmName="High-CPU-Alarm",
        MetricName="CPUUtilization",
        Namespace="AWS/EC2",
        Statistic="Average",
        Period=300,
        Threshold=80,
        ComparisonOperator="GreaterThanThreshold",
        EvaluationPeriods=2,
    )
    reference = described(aws)["High-CPU-Alarm"]
    assert configuration(alarms["app/bastion/CPUUtilization"]) == {
        **configuration(reference),
        "Dimensions": [{"Name": "InstanceId", "Value": instance}],
        "AlarmActions": [topic],
    }

    dashboard = cloudwatch.get_dashboard(DashboardName="three-tier-app")["DashboardBody"]
    widgets = json.loads(dashboard)["widgets"]
    assert [error.message for error in VALIDATOR.iter_errors(json.loads(dashboard))] == []
    assert sorted(w["properties"]["title"] for w in widgets) == sorted(alarms)
    cpu = next(w for w in widgets if w["properties"]["title"] == "app/bastion/CPUUtilization")
    assert cpu["properties"]["metrics"] == [["AWS/EC2", "CPUUtilization", "InstanceId", instance]]

    attributes = aws("sns").get_topic_attributes(TopicArn=topic)["Attributes"]
    key = physical(context, "three-tier/monitoring-us-east-1/alarm-key", "Arn")
    assert attributes["KmsMasterKeyId"] == key
    tags = cloudwatch.list_tags_for_resource(
        ResourceARN=alarms["app/bastion/CPUUtilization"]["AlarmArn"]
    )["Tags"]
    assert {"Key": "Environment", "Value": "staging"} in tags


def function_app(tmp_path: Path, names: tuple[str, ...], **monitoring: Any) -> App:
    app, stack = new_app(monitoring=Monitoring(**monitoring))
    (tmp_path / "fn").mkdir(exist_ok=True)
    (tmp_path / "fn" / "app.py").write_text("def handler(event, context):\n    return 1\n")
    role = iam.Role(stack, "role", assume_role_policy_document=TRUST)
    for name in names:
        lambda_.Function(
            stack,
            name,
            code=lambda_code(tmp_path / "fn"),
            role=role.arn,
            handler="app.handler",
            runtime="python3.12",
        )
    return app


def test_removing_a_function_removes_its_alarm_and_a_setting_changes_only_its_alarm(
    context: Context, aws: Any, tmp_path: Path
) -> None:
    email = Subscription.email("ops@example.com")
    converge(function_app(tmp_path, ("resize", "notify"), subscriptions=[email]), context)
    before = described(aws)
    assert set(before) == {"main/resize/Errors", "main/notify/Errors"}
    topic = physical(context, "shop/monitoring-us-east-1/alarm-topic")
    subscriptions = aws("sns").list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [(s["Protocol"], s["Endpoint"]) for s in subscriptions] == [("email", "ops@example.com")]

    tuned = function_app(tmp_path, ("resize", "notify"), subscriptions=[email])
    tuned.stacks["main"].resources["notify"].alarm("Errors", AlarmSettings(threshold=5))
    assert actions(plan(tuned, context)) == {
        "shop/main/notify-Errors-alarm": "update",
        "shop/main/monitoring-dashboard": "update",  # it draws the threshold
    }
    converge(tuned, context)
    after = described(aws)
    assert after["main/notify/Errors"]["Threshold"] == 5.0
    assert configuration(after["main/resize/Errors"]) == configuration(before["main/resize/Errors"])

    converge(function_app(tmp_path, ("resize",), subscriptions=[email]), context)
    assert set(described(aws)) == {"main/resize/Errors"}


def database_app(storage: str) -> App:
    app, stack = new_app(block_on=HANDLERS_ONLY, monitoring=Monitoring())
    rds.DBInstance(
        stack,
        "orders",
        engine="postgres",
        db_instance_class="db.t3.micro",
        allocated_storage=storage,
        master_username="dbadmin",
        manage_master_user_password=True,
    )
    return app


def test_a_new_storage_size_updates_the_free_storage_threshold_in_place(
    context: Context, aws: Any
) -> None:
    converge(database_app("20"), context)
    (alarm,) = described(aws).values()
    assert alarm["AlarmName"] == "main/orders/FreeStorageSpace"
    assert alarm["Threshold"] == 4.0 * GIB
    assert alarm["Dimensions"] == [
        {"Name": "DBInstanceIdentifier", "Value": physical(context, "shop/main/orders")}
    ]

    grown = plan(database_app("30"), context)
    assert actions(grown) == {
        "shop/main/orders": "update",
        "shop/main/orders-FreeStorageSpace-alarm": "update",
        "shop/main/monitoring-dashboard": "update",  # it draws the threshold
    }
    apply_plan(context, grown)
    (resized,) = described(aws).values()
    assert resized["Threshold"] == 6.0 * GIB
    assert resized["AlarmArn"] == alarm["AlarmArn"]
    assert resized["AlarmArn"].startswith(f"arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:")


def test_a_stack_applied_alone_brings_the_topic_its_alarms_act_on_and_leaves_it(
    context: Context, aws: Any, tmp_path: Path
) -> None:
    app = function_app(tmp_path, ("resize",))
    apply_plan(context, operations.plan(app, context, ["main"]))
    topic = physical(context, "shop/monitoring-us-east-1/alarm-topic")
    assert described(aws)["main/resize/Errors"]["AlarmActions"] == [topic]

    apply_plan(context, operations.plan(app, context, ["main"], destroy=True))
    assert described(aws) == {}
    assert physical(context, "shop/monitoring-us-east-1/alarm-topic") == topic, "shared: kept"
