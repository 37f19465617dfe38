"""The resources monitoring adds to an app: the house alarms of every monitored resource,
a dashboard per stack, and per account and region the alarm topic, its KMS key and its
subscriptions.

They are ordinary resources of the model (planned, applied, guarded and destroyed like
the declared ones); each alarm sits in its resource's stack, names the resource in its
dimensions (so it depends on it, and goes when it goes) and points at the line that
declared the resource.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from landform.model.accounts import AccountTarget
from landform.model.app import App
from landform.model.refs import join
from landform.model.resource import Resource
from landform.model.stack import Stack
from landform.monitoring.catalog import Target, Watch, watches_of
from landform.monitoring.dashboard import metric_widget
from landform.monitoring.settings import AlarmSettings, Monitoring

ALARM = "AWS::CloudWatch::Alarm"
TOPIC_ID = "alarm-topic"
KEY_ID = "alarm-key"
DASHBOARD_ID = "monitoring-dashboard"
CLOUDWATCH = {"Service": "cloudwatch.amazonaws.com"}
_DASHBOARD_NAME = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Planned:
    """One house alarm to make: the resource it watches, how, and with what settings."""

    resource: Resource
    watch: Watch
    target: Target
    settings: AlarmSettings

    @property
    def logical_id(self) -> str:
        suffix = f"-{self.target.suffix}" if self.target.suffix else ""
        return f"{self.resource.logical_id}-{self.watch.metric}{suffix}-alarm"

    @property
    def name(self) -> str:
        """`<stack>/<logical id>/<metric>`, and the member for per-member alarms."""
        name = f"{self.resource.stack.name}/{self.resource.logical_id}/{self.watch.metric}"
        return f"{name}/{self.target.suffix}" if self.target.suffix else name


def add_monitoring(app: App, monitoring: Monitoring) -> list[Stack]:
    """Add the monitoring resources to the app's stacks; returns the stacks it made for
    the alarm topics (one per account and region)."""
    planned = [] if monitoring.off else list(_planned(app, monitoring))
    places: dict[tuple[Any, ...], list[Planned]] = {}
    for alarm in planned:
        places.setdefault(_place(alarm.resource.stack), []).append(alarm)
    made = []
    for alarms in places.values():
        topic_stack = _topic_stack(app, alarms[0].resource.stack)
        topic = _topic(topic_stack, monitoring)
        made.append(topic_stack)
        actions = _actions(topic, monitoring)
        for alarm in alarms:
            _alarm(alarm, actions)
    _dashboards(app, planned)
    return made


def _planned(app: App, monitoring: Monitoring) -> Iterator[Planned]:
    for stack in list(app.stacks.values()):
        for resource in list(stack.resources.values()):
            for watch in watches_of(resource.type_name):
                if not watch.applies(resource):
                    continue
                settings = _settings(watch, monitoring, stack, resource)
                if settings.off is None:
                    for target in watch.targets(resource):
                        yield Planned(resource, watch, target, settings)


def _settings(
    watch: Watch, monitoring: Monitoring, stack: Stack, resource: Resource
) -> AlarmSettings:
    """The house default, then the app's, the stack's and the resource's changes."""
    settings = watch.defaults
    for layer in (monitoring.alarms, stack.alarms):
        if watch.key in layer:
            settings = layer[watch.key].over(settings)
    own = resource.alarm_settings.get(watch.metric)
    if own is not None:
        settings = own.over(settings)
    if settings.threshold is None and settings.off is None and watch.threshold_of is not None:
        settings = AlarmSettings(threshold=watch.threshold_of(resource)).over(settings)
    return settings


def _place(stack: Stack) -> tuple[Any, ...]:
    """Where a stack deploys: its account (as declared) and region."""
    made_by = stack.account_resource
    return (stack.account, made_by.address if made_by else None, stack.role_name, stack.region)


def _topic_stack(app: App, first: Stack) -> Stack:
    """The stack of an account and region's alarm topic, tagged like the first stack
    declared there."""
    made_by = first.account_resource
    account = first.account or (made_by.logical_id if made_by else None)
    name = "-".join(part for part in ("monitoring", account, first.region) if part)
    target = AccountTarget(first.account, made_by, first.role_name)
    stack = app.stack(name, account=target, region=first.region, tags=first.tags)
    stack.source = first.source
    return stack


def _topic(stack: Stack, monitoring: Monitoring) -> Resource:
    key = _derived(
        stack,
        KEY_ID,
        "AWS::KMS::Key",
        {
            "Description": f"Encrypts the alarm topic of {stack.app.name} in {stack.region}",
            "EnableKeyRotation": True,
            "KeyPolicy": _key_policy(stack),
        },
        stack.source,
    )
    topic = _derived(
        stack,
        TOPIC_ID,
        "AWS::SNS::Topic",
        {"DisplayName": f"{stack.app.name} alarms", "KmsMasterKeyId": key.attr("Arn")},
        stack.source,
    )
    for subscription in monitoring.subscriptions:
        _derived(
            stack,
            subscription.logical_id,
            "AWS::SNS::Subscription",
            {
                "TopicArn": topic.id,
                "Protocol": subscription.protocol,
                "Endpoint": subscription.endpoint,
            },
            monitoring.source,
        )
    return topic


def _key_policy(stack: Stack) -> dict[str, Any]:
    """The account administers the key; CloudWatch may encrypt alarm notifications."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountAdministers",
                "Effect": "Allow",
                "Principal": {"AWS": join("arn:aws:iam::", stack.account_id, ":root")},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "CloudWatchPublishesAlarms",
                "Effect": "Allow",
                "Principal": CLOUDWATCH,
                "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
                "Resource": "*",
            },
        ],
    }


def _actions(topic: Resource, monitoring: Monitoring) -> dict[str, list[Any]]:
    actions = {"AlarmActions": [topic.id]}
    if monitoring.ok_actions:
        actions["OKActions"] = [topic.id]
    if monitoring.insufficient_data_actions:
        actions["InsufficientDataActions"] = [topic.id]
    return actions


def _alarm(alarm: Planned, actions: dict[str, list[Any]]) -> Resource:
    watch, settings = alarm.watch, alarm.settings
    dimensions = [{"Name": name, "Value": value} for name, value in alarm.target.dimensions]
    properties: dict[str, Any] = {"AlarmName": alarm.name}
    if watch.band:
        properties |= {
            "Metrics": [
                {
                    "Id": "m1",
                    "MetricStat": {
                        "Metric": {
                            "Namespace": watch.namespace,
                            "MetricName": watch.metric,
                            "Dimensions": dimensions,
                        },
                        "Period": settings.period,
                        "Stat": settings.statistic,
                    },
                    "ReturnData": True,
                },
                {
                    "Id": "band",
                    "Expression": f"ANOMALY_DETECTION_BAND(m1, {settings.threshold:g})",
                    "ReturnData": True,
                },
            ],
            "ThresholdMetricId": "band",
        }
    else:
        properties |= {
            "Namespace": watch.namespace,
            "MetricName": watch.metric,
            "Dimensions": dimensions,
            "Statistic": settings.statistic,
            "Period": settings.period,
            "Threshold": settings.threshold,
        }
    properties |= {
        "EvaluationPeriods": settings.evaluation_periods,
        "ComparisonOperator": watch.comparison,
    }
    if settings.datapoints_to_alarm is not None:
        properties["DatapointsToAlarm"] = settings.datapoints_to_alarm
    if settings.treat_missing_data is not None:
        properties["TreatMissingData"] = settings.treat_missing_data
    properties |= actions
    return _derived(
        alarm.resource.stack, alarm.logical_id, ALARM, properties, alarm.resource.source
    )


def _dashboards(app: App, planned: list[Planned]) -> None:
    """A dashboard per stack that has alarms, a widget per alarm."""
    per_stack: dict[str, list[Planned]] = {}
    for alarm in planned:
        per_stack.setdefault(alarm.resource.stack.name, []).append(alarm)
    for name, alarms in per_stack.items():
        stack = app.stacks[name]
        widgets = [
            metric_widget(stack.resources[a.logical_id].properties, str(stack.region), index)
            for index, a in enumerate(alarms)
        ]
        dashboard_name = _DASHBOARD_NAME.sub("-", f"{app.name}-{stack.name}")[:255]
        _derived(
            stack,
            DASHBOARD_ID,
            "AWS::CloudWatch::Dashboard",
            {"DashboardName": dashboard_name, "DashboardBody": {"widgets": widgets}},
            stack.source,
        )


def _derived(
    stack: Stack, logical_id: str, type_name: str, properties: dict[str, Any], source: str | None
) -> Resource:
    """A resource monitoring adds, pointing at the declaration it comes from."""
    resource = Resource(stack, logical_id, properties, type_name=type_name)
    resource.source = source
    return resource
