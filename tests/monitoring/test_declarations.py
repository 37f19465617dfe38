"""The house alarms as the model derives them (no AWS): which, where, with what
settings, and the errors for settings that cannot be right."""

from __future__ import annotations

from typing import Any

import pytest

from landform import AlarmSettings, App, Monitoring, Subscription, ValidationError
from landform.aws import dynamodb, ec2, ecs, elasticache, elasticloadbalancingv2, lambda_, rds, s3
from landform.engine.desired import build_desired
from landform.model.resource import Resource
from tests.conftest import TAGS

GIB = 1024**3
HERE = "tests/monitoring/test_declarations.py"


def alarms_of(app: App) -> dict[str, dict[str, Any]]:
    """AlarmName -> properties, of every alarm the app has."""
    return {
        r.properties["AlarmName"]: r.properties
        for r in app.resources()
        if r.type_name == "AWS::CloudWatch::Alarm"
    }


def function(stack: Any, name: str = "resize") -> Resource:
    return lambda_.Function(
        stack,
        name,
        role="arn:aws:iam::123456789012:role/fn",
        runtime="python3.12",
        handler="main.handler",
        code={"ZipFile": "def handler(event, context): pass"},
    )


def instance(stack: Any, name: str = "web") -> Resource:
    return ec2.Instance(stack, name, image_id="ami-12345678", instance_type="t3.micro")


def database(stack: Any, storage: Any = "100") -> Resource:
    return rds.DBInstance(
        stack,
        "orders",
        engine="postgres",
        db_instance_class="db.t3.micro",
        allocated_storage=storage,
        master_username="admin",
        manage_master_user_password=True,
    )


def test_a_monitored_resource_gets_its_alarm_acting_on_its_places_topic() -> None:
    app = App("shop", tags=TAGS)
    stack = app.stack("web", region="eu-west-1")
    made = instance(stack)
    alarms = alarms_of(app)
    assert list(alarms) == ["web/web/CPUUtilization"]
    alarm = alarms["web/web/CPUUtilization"]
    topic = app.stacks["monitoring-eu-west-1"].resources["alarm-topic"]
    assert alarm["AlarmActions"] == [topic.id]
    assert alarm["Dimensions"] == [{"Name": "InstanceId", "Value": made.id}]
    assert "OKActions" not in alarm and "InsufficientDataActions" not in alarm
    derived = stack.resources["web-CPUUtilization-alarm"]
    assert derived.source == made.source, "points at the line that declared the instance"
    assert derived.dependencies() == [made, topic]


def test_one_topic_per_account_and_region_encrypted_with_a_rotated_key_cloudwatch_may_use() -> None:
    app = App("shop", tags=TAGS)
    function(app.stack("a", region="eu-west-1"))
    function(app.stack("b", region="eu-west-1"), "other")
    function(app.stack("c", account="210987654321", region="eu-west-1"))
    app.stack("quiet", region="us-east-2")
    list(app.resources())
    assert sorted(s for s in app.stacks if s.startswith("monitoring")) == [
        "monitoring-210987654321-eu-west-1",
        "monitoring-eu-west-1",
    ]
    topic_stack = app.stacks["monitoring-210987654321-eu-west-1"]
    key = topic_stack.resources["alarm-key"]
    topic = topic_stack.resources["alarm-topic"]
    assert topic_stack.account == "210987654321"
    assert topic.properties["KmsMasterKeyId"] == key.attr("Arn")
    assert key.properties["EnableKeyRotation"] is True
    desired = build_desired(app, lambda: "123456789012")
    statements = desired[key.address].properties["KeyPolicy"]["Statement"]
    assert statements[0]["Principal"] == {
        "AWS": {"Fn::Join": ["", ["arn:aws:iam::", "210987654321", ":root"]]}
    }
    assert statements[1]["Principal"] == {"Service": "cloudwatch.amazonaws.com"}
    assert set(statements[1]["Action"]) == {"kms:Decrypt", "kms:GenerateDataKey*"}
    callers = desired["shop/monitoring-eu-west-1/alarm-key"].properties["KeyPolicy"]
    assert callers["Statement"][0]["Principal"]["AWS"]["Fn::Join"][1][1] == "123456789012"


def test_subscriptions_ok_and_insufficient_data_actions_follow_the_app_settings() -> None:
    monitoring = Monitoring(
        subscriptions=[
            Subscription.email("ops@example.com"),
            Subscription.https("https://hooks.example.com/alarms"),
            Subscription.sqs("arn:aws:sqs:eu-west-1:123456789012:alarms"),
        ],
        ok_actions=True,
        insufficient_data_actions=True,
    )
    app = App("shop", tags=TAGS, monitoring=monitoring)
    function(app.stack("web", region="eu-west-1"))
    (alarm,) = alarms_of(app).values()
    topic_stack = app.stacks["monitoring-eu-west-1"]
    topic = topic_stack.resources["alarm-topic"]
    assert alarm["OKActions"] == alarm["InsufficientDataActions"] == [topic.id]
    subscriptions = {
        (r.properties["Protocol"], r.properties["Endpoint"])
        for r in topic_stack.resources.values()
        if r.type_name == "AWS::SNS::Subscription"
    }
    assert subscriptions == {
        ("email", "ops@example.com"),
        ("https", "https://hooks.example.com/alarms"),
        ("sqs", "arn:aws:sqs:eu-west-1:123456789012:alarms"),
    }


def test_app_stack_and_resource_settings_change_only_the_alarms_they_name() -> None:
    monitoring = Monitoring(
        alarms={"AWS::EC2::Instance/CPUUtilization": AlarmSettings(threshold=90)}
    )
    app = App("shop", tags=TAGS, monitoring=monitoring)
    web = app.stack("web", region="eu-west-1")
    batch = app.stack(
        "batch",
        region="eu-west-1",
        alarms={"AWS::EC2::Instance/CPUUtilization": AlarmSettings(evaluation_periods=6)},
    )
    instance(web)
    instance(batch, "worker")
    tuned = instance(batch, "tuned")
    tuned.alarm("CPUUtilization", AlarmSettings(threshold=99, period=60))
    function(web)
    alarms = alarms_of(app)
    summary = {
        name: (a.get("Threshold"), a["Period"], a["EvaluationPeriods"])
        for name, a in alarms.items()
    }
    assert summary == {
        "web/web/CPUUtilization": (90, 300, 2),
        "batch/worker/CPUUtilization": (90, 300, 6),
        "batch/tuned/CPUUtilization": (99, 60, 6),
        "web/resize/Errors": (0.0, 60, 1),
    }


def test_an_alarm_is_switched_off_only_with_a_written_reason() -> None:
    app = App("shop", tags=TAGS)
    stack = app.stack("web", region="eu-west-1")
    made = instance(stack)
    with pytest.raises(ValidationError) as error:
        made.alarm("CPUUtilization", AlarmSettings(off=" "))
    assert "written reason" in error.value.message
    assert str(error.value.where).startswith(f"{HERE}:")
    made.alarm("CPUUtilization", AlarmSettings(off="batch host: busy by design"))
    assert alarms_of(app) == {}
    assert "monitoring-eu-west-1" not in app.stacks, "no topic where nothing alarms"

    with pytest.raises(ValidationError, match="written reason"):
        Monitoring(off="")
    quiet = App("quiet", tags=TAGS, monitoring=Monitoring(off="a sandbox nobody is paged for"))
    instance(quiet.stack("web", region="eu-west-1"))
    assert alarms_of(quiet) == {}


def test_settings_naming_no_house_alarm_are_refused_where_they_are_declared() -> None:
    with pytest.raises(ValidationError) as error:
        Monitoring(alarms={"AWS::EC2::Instance/CPU": AlarmSettings(threshold=1)})
    assert "AWS::EC2::Instance/CPUUtilization" in (error.value.hint or "")
    assert str(error.value.where).startswith(f"{HERE}:")

    app = App("shop", tags=TAGS)
    stack = app.stack("web", region="eu-west-1")
    made = instance(stack)
    with pytest.raises(ValidationError) as error:
        made.alarm("Errors", AlarmSettings(threshold=1))
    assert error.value.where is not None
    assert (error.value.where.stack, error.value.where.logical_id) == ("web", "web")
    assert error.value.hint == "house alarms of this type: CPUUtilization"
    with pytest.raises(ValidationError, match="period 90"):
        made.alarm("CPUUtilization", AlarmSettings(period=90))
    with pytest.raises(ValidationError, match="evaluation_periods"):
        app.stack(
            "other",
            region="eu-west-1",
            alarms={"AWS::Lambda::Function/Errors": AlarmSettings(evaluation_periods=0)},
        )


def test_free_storage_threshold_is_a_fifth_of_the_allocated_storage_in_bytes() -> None:
    for storage, threshold in (("100", 20 * GIB), ("150", 30 * GIB)):
        app = App("shop", tags=TAGS)
        database(app.stack("data", region="eu-west-1"), storage)
        alarm = alarms_of(app)["data/orders/FreeStorageSpace"]
        assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (threshold, "LessThanThreshold")


def test_free_storage_alarm_needs_a_storage_size_it_can_compute() -> None:
    app = App("shop", tags=TAGS)
    stack = app.stack("data", region="eu-west-1")
    size = s3.Bucket(stack, "sizes")
    db = database(stack, size.id)
    with pytest.raises(ValidationError) as error:
        list(app.resources())
    assert error.value.where is not None
    assert (error.value.where.logical_id, error.value.where.property) == (
        "orders",
        "AllocatedStorage",
    )
    db.alarm("FreeStorageSpace", AlarmSettings(threshold=5 * GIB))
    assert alarms_of(app)["data/orders/FreeStorageSpace"]["Threshold"] == 5 * GIB


def test_monitoring_follows_declarations_made_after_it_was_derived() -> None:
    app = App("shop", tags=TAGS)
    stack = app.stack("web", region="eu-west-1")
    instance(stack)
    assert list(alarms_of(app)) == ["web/web/CPUUtilization"]
    function(stack)
    assert list(alarms_of(app)) == ["web/web/CPUUtilization", "web/resize/Errors"]
    count = len(list(app.resources()))
    assert len(list(app.resources())) == count, "deriving again adds nothing twice"


def test_the_s3_trend_alarm_is_an_anomaly_band_on_the_daily_standard_storage_size() -> None:
    app = App("shop", tags=TAGS)
    bucket = s3.Bucket(app.stack("web", region="eu-west-1"), "uploads")
    alarm = alarms_of(app)["web/uploads/BucketSizeBytes"]
    size, band = alarm["Metrics"]
    assert size["MetricStat"] == {
        "Metric": {
            "Namespace": "AWS/S3",
            "MetricName": "BucketSizeBytes",
            "Dimensions": [
                {"Name": "BucketName", "Value": bucket.id},
                {"Name": "StorageType", "Value": "StandardStorage"},
            ],
        },
        "Period": 86400,
        "Stat": "Average",
    }
    assert band["Expression"] == "ANOMALY_DETECTION_BAND(m1, 2)"
    assert alarm["ThresholdMetricId"] == band["Id"]
    assert alarm["ComparisonOperator"] == "LessThanLowerOrGreaterThanUpperThreshold"
    assert "Threshold" not in alarm and "MetricName" not in alarm


def test_subscriptions_refuse_what_cannot_be_an_endpoint() -> None:
    with pytest.raises(ValidationError, match="not an email address"):
        Subscription.email("ops")
    with pytest.raises(ValidationError, match="https://"):
        Subscription.https("http://hooks.example.com")
    with pytest.raises(ValidationError, match="SQS queue ARN"):
        Subscription.sqs("alarms")


def test_tables_caches_services_and_network_balancers_get_their_own_alarms() -> None:
    app = App("shop", tags=TAGS)
    stack = app.stack("data", region="eu-west-1")
    table = dynamodb.Table(
        stack,
        "orders",
        attribute_definitions=[{"AttributeName": "id", "AttributeType": "S"}],
        key_schema=[{"AttributeName": "id", "KeyType": "HASH"}],
        billing_mode="PAY_PER_REQUEST",
    )
    cache = elasticache.CacheCluster(
        stack, "sessions", engine="memcached", cache_node_type="cache.t3.micro", num_cache_nodes=1
    )
    service = ecs.Service(
        stack, "api", cluster="arn:aws:ecs:eu-west-1:123456789012:cluster/prod", desired_count=1
    )
    elasticloadbalancingv2.LoadBalancer(stack, "nlb", type="network", subnets=["subnet-1"])
    dimensions = {
        name: [(d["Name"], d["Value"]) for d in alarm["Dimensions"]]
        for name, alarm in alarms_of(app).items()
    }
    assert dimensions == {
        "data/orders/ReadThrottleEvents": [("TableName", table.id)],
        "data/orders/WriteThrottleEvents": [("TableName", table.id)],
        "data/sessions/CPUUtilization": [("CacheClusterId", cache.id)],
        "data/api/CPUUtilization": [("ClusterName", "prod"), ("ServiceName", service.attr("Name"))],
        "data/api/MemoryUtilization": [
            ("ClusterName", "prod"),
            ("ServiceName", service.attr("Name")),
        ],
    }, "a network load balancer has no TargetResponseTime"
