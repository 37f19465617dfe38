"""What the monitoring rules share: finding a resource's alarm among its neighbours."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.rules.base import Subject
from landform.rules.values import get, is_true, listed, present, refers_to

ALARM = "AWS::CloudWatch::Alarm"


def missing_alarm(
    subject: Subject, namespace: str, metric: str, dimension: str, identity: str | None = None
) -> str | None:
    """None if an alarm on `namespace`/`metric` whose `dimension` names the subject (by
    reference in the model, by `identity` or its id live) exists with actions enabled and
    at least one alarm action; else what is missing."""
    found = False
    for alarm in subject.others(ALARM):
        props = alarm.properties
        if get(props, "Namespace") != namespace or get(props, "MetricName") != metric:
            continue
        if not any(
            get(d, "Name") == dimension and names(get(d, "Value"), subject, identity)
            for d in listed(get(props, "Dimensions"))
        ):
            continue
        found = True
        if acts(props):
            return None
    if found:
        return f"its {metric} alarm has no enabled alarm action"
    return f"no {namespace} {metric} alarm watches it"


def acts(alarm: Mapping[str, Any]) -> bool:
    """Whether an alarm's actions are enabled (the default) and it has one to take."""
    enabled = get(alarm, "ActionsEnabled")
    return (enabled is None or is_true(enabled)) and present(get(alarm, "AlarmActions"))


def names(value: object, subject: Subject, identity: str | None = None) -> bool:
    """Whether a dimension's value names the subject."""
    return refers_to(value, subject) or (identity is not None and value == identity)
