"""AWS::SNS::Topic"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    ignoring,
    physical_name,
    read_each,
    tag_delta,
    tag_list,
)
from landform.handlers.registry import register
from landform.handlers.sns.attributes import from_text, to_text

SETTABLE = {
    "DisplayName": "",
    "KmsMasterKeyId": "",
    "SignatureVersion": "1",
    "TracingConfig": "PassThrough",
    "ContentBasedDeduplication": False,
    "FifoThroughputScope": "Topic",
}
"""Topic attributes set_topic_attributes changes, with what a topic has when not set."""
FIFO_ONLY = frozenset({"ContentBasedDeduplication", "FifoThroughputScope"})
FIFO_SUFFIX = ".fifo"
NAME_LENGTH = 256


@register
class Topic(Handler):
    """An SNS topic, named TopicName or else after its address (with ".fifo" for a FIFO
    topic, so that changing FifoTopic makes a topic of another name). Its physical id is
    its ARN. An attribute no longer declared is reset to what a new topic has.

    SNS neither filters topics on tags nor lists their attributes: `list` costs one
    paginated list_topics (100 a page), one list_tags_for_resource per topic of the
    region, and one get_topic_attributes per topic Landform owns, made by READERS threads.
    Subscriptions are resources of their own (AWS::SNS::Subscription); delivery status
    logging, data protection, archive policies and MaximumMessageSize are not managed yet.
    """

    TYPE = "AWS::SNS::Topic"
    NAME = "TopicName"
    UNSUPPORTED = frozenset(
        {
            "Subscription",
            "DeliveryStatusLogging",
            "DataProtectionPolicy",
            "ArchivePolicy",
            "MaximumMessageSize",
        }
    )

    def list(self, api: Api) -> Iterable[Live]:
        sns = api.client("sns")
        arns = [topic["TopicArn"] for topic in api.pages("sns", "list_topics", "Topics")]
        found = read_each(lambda arn: _read(api, sns, arn), arns)
        return [live for live in found if live is not None]

    def create(self, api: Api, props: Props, token: str) -> Live:
        fifo = bool(props.get("FifoTopic", False))
        name = props.get("TopicName") or _name(api, props, fifo)
        attributes = {k: to_text(props[k]) for k in (*SETTABLE, "FifoTopic") if k in props}
        arn = api.client("sns").create_topic(
            Name=name, Attributes=attributes, Tags=tag_list(props.get("Tags"))
        )["TopicArn"]
        return Live(arn, dict(props), _attributes(arn, props))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        sns = api.client("sns")
        arn = current.physical_id
        for name, default in SETTABLE.items():
            want = desired.get(name, default)
            if want != current.properties.get(name, default):
                sns.set_topic_attributes(
                    TopicArn=arn, AttributeName=name, AttributeValue=to_text(want)
                )
        stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
        if stale:
            sns.untag_resource(ResourceArn=arn, TagKeys=stale)
        if fresh:
            sns.tag_resource(ResourceArn=arn, Tags=tag_list(fresh))
        return Live(arn, desired, _attributes(arn, desired))

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("NotFound"):
            api.client("sns").delete_topic(TopicArn=current.physical_id)


def _name(api: Api, props: Props, fifo: bool) -> str:
    suffix = FIFO_SUFFIX if fifo else ""
    return (
        physical_name(address_of(props), api.account, api.region, NAME_LENGTH - len(suffix))
        + suffix
    )


def _read(api: Api, sns: Any, arn: str) -> Live | None:
    """The topic in CloudFormation shape, if `api` keeps it (see `Api.keeps`) and it
    still exists."""
    with ignoring("NotFound", "AuthorizationError"):
        tags = tag_list(sns.list_tags_for_resource(ResourceArn=arn)["Tags"])
        if not api.keeps(tags):
            return None
        found = sns.get_topic_attributes(TopicArn=arn)["Attributes"]
        fifo = found.get("FifoTopic") == "true"
        props: Props = {"TopicName": arn.rsplit(":", 1)[1], "FifoTopic": fifo, "Tags": tags}
        for name, default in SETTABLE.items():
            if fifo or name not in FIFO_ONLY:
                props[name] = from_text(found.get(name), default)
        return Live(arn, props, _attributes(arn, props))
    return None


def _attributes(arn: str, props: Mapping[str, Any]) -> dict[str, Any]:
    """The Fn::GetAtt values: the topic's ARN and name, and its attributes."""
    return {
        "TopicArn": arn,
        "TopicName": arn.rsplit(":", 1)[1],
        "FifoTopic": props.get("FifoTopic", False),
        **{name: props.get(name, default) for name, default in SETTABLE.items()},
    }
