"""Contract examples for SNS: a topic, and an email subscription to one."""

from __future__ import annotations

from landform.aws import sns
from landform.model import Resource, Stack


def topic(stack: Stack) -> sns.Topic:
    return sns.Topic(stack, "alerts", display_name="Alerts")


def subscription(stack: Stack) -> Resource:
    return sns.Subscription(
        stack, "oncall", topic_arn=topic(stack).id, protocol="email", endpoint="ops@example.com"
    )


EXAMPLES = {"AWS::SNS::Topic": topic, "AWS::SNS::Subscription": subscription}
