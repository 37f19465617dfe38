"""AWS::SNS::Topic and AWS::SNS::Subscription against the emulator.

The emulator neither keeps nor reports SignatureVersion, TracingConfig and
FifoThroughputScope: reading and setting them runs on botocore's Stubber.
"""

from __future__ import annotations

import json
from typing import Any

from landform import App
from landform.aws import sns
from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.handlers.base import Live, tag_map
from landform.handlers.sns.topic import Topic
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import Call, queue, stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

ALERTS = "shop/main/alerts"
ORDERS = "shop/main/orders"
TOPIC_ARN = f"arn:aws:sns:{REGION}:{ACCOUNT}:alerts"


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def topics(aws: Any) -> list[str]:
    return [t["TopicArn"] for t in aws("sns").list_topics()["Topics"]]


def attributes(aws: Any, arn: str) -> dict[str, str]:
    found: dict[str, str] = aws("sns").get_topic_attributes(TopicArn=arn)["Attributes"]
    return found


def tags(aws: Any, arn: str) -> dict[str, str]:
    return tag_map(aws("sns").list_tags_for_resource(ResourceArn=arn)["Tags"])


def alerts_app(**properties: Any) -> App:
    app, stack = new_app()
    sns.Topic(stack, "alerts", **properties)
    return app


def test_topic_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(
        alerts_app(display_name="Alerts", kms_master_key_id="alias/aws/sns", tags={"Tier": "ops"}),
        context,
    )
    arn = physical_id(context, ALERTS)
    name = arn.rsplit(":", 1)[1]
    assert name.startswith("shop-main-alerts-")
    found = attributes(aws, arn)
    assert (found["DisplayName"], found["KmsMasterKeyId"]) == ("Alerts", "alias/aws/sns")
    assert tags(aws, arn)["Tier"] == "ops"
    assert tags(aws, arn)["landform:address"] == ALERTS
    record = context.store.get(ALERTS)
    assert record is not None
    assert record.attributes["TopicArn"] == arn
    assert (record.attributes["TopicName"], record.attributes["DisplayName"]) == (name, "Alerts")

    app = alerts_app(display_name="Shop alerts", tags={"Tier": "pager"})
    assert actions(plan(app, context)) == {ALERTS: "update"}
    converge(app, context)
    found = attributes(aws, arn)
    assert found["DisplayName"] == "Shop alerts"
    assert "KmsMasterKeyId" not in found, "an undeclared key is removed"
    assert tags(aws, arn)["Tier"] == "pager"

    app = alerts_app(topic_name="alerts", display_name="Shop alerts")
    assert actions(plan(app, context)) == {ALERTS: "replace"}
    converge(app, context)
    assert topics(aws) == [TOPIC_ARN]
    assert physical_id(context, ALERTS) == TOPIC_ARN
    assert "Tier" not in tags(aws, TOPIC_ARN)

    destroy(app, context)
    assert topics(aws) == []
    assert context.store.all() == []


def test_fifo_topic(context: Context, aws: Any) -> None:
    converge(alerts_app(fifo_topic=True, content_based_deduplication=True), context)
    arn = physical_id(context, ALERTS)
    assert arn.endswith(".fifo")
    found = attributes(aws, arn)
    assert (found["FifoTopic"], found["ContentBasedDeduplication"]) == ("true", "true")

    app = alerts_app(fifo_topic=True)
    assert actions(plan(app, context)) == {ALERTS: "update"}
    converge(app, context)
    assert attributes(aws, arn)["ContentBasedDeduplication"] == "false"

    app = alerts_app()
    assert actions(plan(app, context)) == {ALERTS: "replace"}
    converge(app, context)
    assert not physical_id(context, ALERTS).endswith(".fifo")
    assert topics(aws) == [physical_id(context, ALERTS)]


def test_listing_topics_reads_tags_of_all_and_attributes_of_owned(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    aws("sns").create_topic(Name="not-landforms")
    app = alerts_app(display_name="Alerts")
    converge(app, context)
    calls.calls.clear()
    assert actions(plan(app, context)) == {}
    assert calls.calls[("sns", "ListTopics")] == 1
    assert calls.calls[("sns", "ListTagsForResource")] == 2
    assert calls.calls[("sns", "GetTopicAttributes")] == 1


def test_attributes_the_emulator_does_not_keep_with_stubbed_aws() -> None:
    owned = {"Tags": [{"Key": "landform:address", "Value": ALERTS}]}
    found = {"TopicArn": TOPIC_ARN, "DisplayName": "", "SignatureVersion": "2"}
    found |= {"TracingConfig": "Active"}
    with stubbed_api("sns") as (api, stubber):
        queue(
            stubber,
            [
                Call("list_topics", {"Topics": [{"TopicArn": TOPIC_ARN}]}),
                Call("list_tags_for_resource", owned, {"ResourceArn": TOPIC_ARN}),
                Call("get_topic_attributes", {"Attributes": found}, {"TopicArn": TOPIC_ARN}),
            ],
        )
        (listed,) = Topic().list(api)
    assert listed.properties["SignatureVersion"] == "2"
    assert listed.properties["TracingConfig"] == "Active"
    assert "FifoThroughputScope" not in listed.properties, "for FIFO topics only"

    def setting(name: str, value: str) -> Call:
        return Call(
            "set_topic_attributes",
            {},
            {"TopicArn": TOPIC_ARN, "AttributeName": name, "AttributeValue": value},
        )

    desired = {"TopicName": "alerts", "Tags": owned["Tags"]}
    with stubbed_api("sns") as (api, stubber):
        queue(stubber, [setting("SignatureVersion", "1"), setting("TracingConfig", "PassThrough")])
        Topic().update(api, listed, desired)
        stubber.assert_no_pending_responses()

    fifo = Live(TOPIC_ARN + ".fifo", {"FifoTopic": True, "FifoThroughputScope": "Topic"})
    with stubbed_api("sns") as (api, stubber):
        scope = setting("FifoThroughputScope", "MessageGroup")
        queue(
            stubber,
            [Call(scope.operation, {}, {**(scope.params or {}), "TopicArn": fifo.physical_id})],
        )
        Topic().update(api, fifo, {"FifoTopic": True, "FifoThroughputScope": "MessageGroup"})
        stubber.assert_no_pending_responses()


def queue_arn(aws: Any, name: str) -> str:
    url = aws("sqs").create_queue(QueueName=name)["QueueUrl"]
    found = aws("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])
    return str(found["Attributes"]["QueueArn"])


def orders_app(endpoint: str, **properties: Any) -> App:
    app, stack = new_app()
    topic = sns.Topic(stack, "alerts")
    sns.Subscription(
        stack, "orders", topic_arn=topic.id, protocol="sqs", endpoint=endpoint, **properties
    )
    return app


def subscription(aws: Any, arn: str) -> dict[str, str]:
    found: dict[str, str] = aws("sns").get_subscription_attributes(SubscriptionArn=arn)[
        "Attributes"
    ]
    return found


def test_subscription_create_update_replace_delete(context: Context, aws: Any) -> None:
    first = queue_arn(aws, "orders")
    paid = {"event": ["paid"]}
    app = orders_app(first, raw_message_delivery=True, filter_policy=paid)
    converge(app, context)
    arn = physical_id(context, ORDERS)
    found = subscription(aws, arn)
    assert (found["Endpoint"], found["Protocol"]) == (first, "sqs")
    assert found["TopicArn"] == physical_id(context, ALERTS)
    assert found["RawMessageDelivery"] == "true"
    assert json.loads(found["FilterPolicy"]) == paid
    assert context.store.get(ORDERS).attributes == {"Arn": arn}  # type: ignore[union-attr]

    refunded = json.dumps({"event": ["refunded"]})
    app = orders_app(first, filter_policy=refunded, filter_policy_scope="MessageBody")
    assert actions(plan(app, context)) == {ORDERS: "update"}
    converge(app, context)
    found = subscription(aws, arn)
    assert found["RawMessageDelivery"] == "false"
    assert json.loads(found["FilterPolicy"]) == {"event": ["refunded"]}
    assert found["FilterPolicyScope"] == "MessageBody"

    app = orders_app(first)
    assert actions(plan(app, context)) == {ORDERS: "update"}
    converge(app, context)
    assert "FilterPolicy" not in subscription(aws, arn)

    second = queue_arn(aws, "refunds")
    app = orders_app(second)
    assert actions(plan(app, context)) == {ORDERS: "replace"}
    converge(app, context)
    (only,) = aws("sns").list_subscriptions()["Subscriptions"]
    assert (only["SubscriptionArn"], only["Endpoint"]) == (physical_id(context, ORDERS), second)

    destroy(app, context)
    assert aws("sns").list_subscriptions()["Subscriptions"] == []
    assert context.store.all() == []


def test_subscription_made_outside_state_is_adopted(context: Context, aws: Any) -> None:
    """A subscription made by a run that crashed before recording it is found by topic,
    protocol and endpoint; its attributes are read when it is adopted."""
    endpoint = queue_arn(aws, "orders")
    converge(alerts_app(), context)
    topic = physical_id(context, ALERTS)
    made = aws("sns").subscribe(
        TopicArn=topic,
        Protocol="sqs",
        Endpoint=endpoint,
        Attributes={"RawMessageDelivery": "true"},
        ReturnSubscriptionArn=True,
    )["SubscriptionArn"]

    app = orders_app(endpoint, raw_message_delivery=True)
    assert actions(plan(app, context)) == {ORDERS: "adopt"}
    converge(app, context)
    assert physical_id(context, ORDERS) == made

    app = orders_app(endpoint)
    assert actions(plan(app, context)) == {ORDERS: "update"}
    converge(app, context)
    assert subscription(aws, made)["RawMessageDelivery"] == "false"
    assert len(aws("sns").list_subscriptions()["Subscriptions"]) == 1
