"""AWS::SNS::Subscription"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present
from landform.handlers.registry import register
from landform.handlers.sns.attributes import from_text, to_text

KEY = ("TopicArn", "Protocol", "Endpoint")
SETTABLE = {
    "RawMessageDelivery": False,
    "FilterPolicy": None,
    "FilterPolicyScope": "MessageAttributes",
    "DeliveryPolicy": None,
    "RedrivePolicy": None,
    "SubscriptionRoleArn": "",
}
"""Subscription attributes, with what a subscription has when they are not set (None:
no document)."""
KEPT = frozenset({"SubscriptionRoleArn"})
"""Attributes with no value to reset to: a Firehose subscription needs its role."""


@register
class Subscription(Handler):
    """A subscription of an endpoint to a topic; its physical id is the subscription's
    ARN. It cannot carry tags: one not in state is found again by topic, protocol and
    endpoint (`natural_key`). Subscribing again to the same is a no-op for SNS, which
    answers with the same ARN. An attribute no longer declared is reset to what a new
    subscription has, SubscriptionRoleArn excepted.

    `list` is one paginated list_subscriptions (100 a page) over the region's
    subscriptions; it answers without their attributes, so they are compared with state,
    and read (one get_subscription_attributes) when a subscription is adopted, or updated
    with one neither declared nor in state. A subscription waiting for its endpoint's
    confirmation (email, HTTP) is listed by SNS without its ARN, so it is not listed until
    confirmed. ReplayPolicy and Region (a topic of another region) are not managed yet.
    """

    TYPE = "AWS::SNS::Subscription"
    UNREADABLE = frozenset(SETTABLE)
    UNSUPPORTED = frozenset({"ReplayPolicy", "Region"})

    def list(self, api: Api) -> Iterable[Live]:
        for item in api.pages("sns", "list_subscriptions", "Subscriptions"):
            arn = item["SubscriptionArn"]
            if arn.startswith("arn:"):
                yield Live(arn, present(item, KEY), {"Arn": arn})

    def describe(self, api: Api, listed: Live) -> Live:
        settings = _read(api.client("sns"), listed.physical_id)
        found = {name: value for name, value in settings.items() if value is not None}
        return Live(listed.physical_id, {**listed.properties, **found}, listed.attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        attributes = {name: to_text(props[name]) for name in SETTABLE if name in props}
        arn = api.client("sns").subscribe(
            **present(props, KEY), Attributes=attributes, ReturnSubscriptionArn=True
        )["SubscriptionArn"]
        return Live(arn, dict(props), {"Arn": arn})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        sns = api.client("sns")
        arn = current.physical_id
        read: dict[str, Any] | None = None
        for name, default in SETTABLE.items():
            if name in KEPT and name not in desired:
                continue
            if name == "FilterPolicyScope" and desired.get("FilterPolicy") is None:
                continue  # SNS drops the scope with the policy
            if name in current.properties:
                have = current.properties[name]
            else:
                read = read if read is not None else _read(sns, arn)
                have = read[name]
            want = desired.get(name, default)
            if _parsed(want, default) != _parsed(have, default):
                sns.set_subscription_attributes(
                    SubscriptionArn=arn, AttributeName=name, AttributeValue=to_text(want)
                )
        return Live(arn, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("NotFound"):
            api.client("sns").unsubscribe(SubscriptionArn=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(props.get(name) for name in KEY)


def _read(sns: Any, arn: str) -> dict[str, Any]:
    """Every settable attribute of the subscription, as a property value."""
    found = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    return {name: from_text(found.get(name), default) for name, default in SETTABLE.items()}


def _parsed(value: Any, default: Any) -> Any:
    """A declared document given as JSON text, as the object it is."""
    return from_text(value, default) if isinstance(value, str) and default is None else value
