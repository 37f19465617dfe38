"""AWS::CloudWatch::Alarm"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    ignoring,
    physical_name,
    present,
    read_each,
    tag_list,
)
from landform.handlers.cloudwatch.tags import GONE, sync_tags, tags_of
from landform.handlers.registry import register

NAME_LENGTH = 255

PARAMS = (
    "AlarmDescription",
    "ActionsEnabled",
    "OKActions",
    "AlarmActions",
    "InsufficientDataActions",
    "MetricName",
    "Namespace",
    "Statistic",
    "ExtendedStatistic",
    "Dimensions",
    "Period",
    "Unit",
    "EvaluationPeriods",
    "DatapointsToAlarm",
    "Threshold",
    "ComparisonOperator",
    "TreatMissingData",
    "EvaluateLowSampleCountPercentile",
    "Metrics",
    "ThresholdMetricId",
)
"""What put_metric_alarm takes and describe_alarms returns, under CloudFormation's names
(metric math in Metrics, in CloudFormation's MetricDataQuery shape, which is AWS's)."""


@register
class Alarm(Handler):
    """A metric alarm; its physical id (Ref) is its name (AlarmName, else one made from
    its address). put_metric_alarm creates it and replaces its whole configuration on
    update, so a property no longer declared returns to AWS's default; tags go through
    tag_resource. An alarm of the name that is not this address's own is not overwritten.

    describe_alarms neither filters on tags nor returns them: `list` costs one paginated
    describe_alarms (metric alarms, 100 a page) and one list_tags_for_resource per metric
    alarm of the region, made by READERS threads, and keeps the alarms that carry the
    ownership tag. Alarm features newer than metric math (PromQL criteria, evaluation
    windows and intervals, warm-up, tag propagation to actions) are not managed yet.
    """

    TYPE = "AWS::CloudWatch::Alarm"
    NAME = "AlarmName"
    UNSUPPORTED = frozenset(
        {
            "ActionConfiguration",
            "EvaluationCriteria",
            "EvaluationInterval",
            "EvaluationWindow",
            "WarmUpConfiguration",
        }
    )

    def list(self, api: Api) -> Iterable[Live]:
        cw = api.client("cloudwatch")
        alarms = api.pages(
            "cloudwatch", "describe_alarms", "MetricAlarms", AlarmTypes=["MetricAlarm"]
        )
        tags = read_each(lambda alarm: tags_of(cw, alarm["AlarmArn"]), alarms)
        return [
            _live(alarm, found)
            for alarm, found in zip(alarms, tags, strict=True)
            if api.keeps(found)
        ]

    def create(self, api: Api, props: Props, token: str) -> Live:
        cw = api.client("cloudwatch")
        address = address_of(props)
        name = props.get("AlarmName") or physical_name(
            address, api.account, api.region, NAME_LENGTH
        )
        existing = _existing(cw, name)
        if existing is not None and existing.address != address:
            raise LandformError(
                f"CloudWatch alarm {name} already exists and was not made by Landform for "
                f"{address}",
                hint="declare another AlarmName, or delete that alarm",
            )
        cw.put_metric_alarm(
            AlarmName=name, Tags=tag_list(props.get("Tags")), **present(props, PARAMS)
        )
        if existing is not None:  # left by a run that crashed: put ignored the tags
            _sync_tags(cw, existing, props.get("Tags"))
        (alarm,) = _described(cw, name)
        properties = present(props, ("AlarmName", *PARAMS, "Tags"))
        return Live(name, properties, {"Arn": alarm["AlarmArn"]})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        cw = api.client("cloudwatch")
        cw.put_metric_alarm(AlarmName=current.physical_id, **present(desired, PARAMS))
        _sync_tags(cw, current, desired.get("Tags"))
        properties = present(desired, ("AlarmName", *PARAMS, "Tags"))
        return Live(current.physical_id, properties, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring(*GONE):
            api.client("cloudwatch").delete_alarms(AlarmNames=[current.physical_id])


def _live(alarm: dict[str, Any], tags: list[dict[str, str]]) -> Live:
    props = {"AlarmName": alarm["AlarmName"], **present(alarm, PARAMS), "Tags": tag_list(tags)}
    return Live(alarm["AlarmName"], props, {"Arn": alarm["AlarmArn"]})


def _described(cw: Any, name: str) -> list[dict[str, Any]]:
    """The metric alarm of that name, if there is one."""
    found = cw.describe_alarms(AlarmNames=[name], AlarmTypes=["MetricAlarm"])
    return list(found["MetricAlarms"])


def _existing(cw: Any, name: str) -> Live | None:
    """The metric alarm of that name, with its tags, if there is one."""
    found = _described(cw, name)
    return _live(found[0], tags_of(cw, found[0]["AlarmArn"])) if found else None


def _sync_tags(cw: Any, current: Live, want: Any) -> None:
    have = current.properties.get("Tags")
    sync_tags(cw, lambda: str(current.attributes["Arn"]), have, want)
