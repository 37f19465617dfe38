"""The vendored JSON Schema of CloudWatch's dashboard body (data/dashboard-body.schema.json,
written from the CloudWatch API Reference's "Dashboard Body Structure and Syntax"): a
valid schema, that takes the page's examples and refuses bodies the page rules out."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

SCHEMA = json.loads((Path(__file__).parent / "data" / "dashboard-body.schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA)

ONE_METRIC_ONE_TEXT = {
    "start": "-PT6H",
    "periodOverride": "inherit",
    "widgets": [
        {
            "type": "metric",
            "x": 0,
            "y": 0,
            "width": 12,
            "height": 6,
            "properties": {
                "metrics": [["AWS/EC2", "CPUUtilization", "InstanceId", "i-012345"]],
                "period": 300,
                "stat": "Average",
                "region": "us-east-1",
                "title": "EC2 Instance CPU",
                "liveData": False,
                "legend": {"position": "right"},
            },
        },
        {
            "type": "text",
            "x": 0,
            "y": 7,
            "width": 3,
            "height": 3,
            "properties": {"markdown": "Hello world"},
        },
    ],
}
"""The page's first example: a metric widget and a text widget."""

MATH_AND_SEARCH = {
    "start": "-PT9H",
    "periodOverride": "inherit",
    "widgets": [
        {
            "type": "metric",
            "x": 0,
            "y": 0,
            "width": 12,
            "height": 6,
            "properties": {
                "metrics": [
                    ["AWS/EC2", "DiskReadBytes", "InstanceId", "i-123", {"id": "m1"}],
                    [".", ".", ".", "i-abc", {"id": "m2"}],
                    [{"expression": "SUM(METRICS())", "label": "Sum of DiskReadbytes", "id": "e3"}],
                ],
                "view": "timeSeries",
                "stacked": False,
                "period": 300,
                "stat": "Average",
                "region": "us-east-1",
                "title": "EC2 Instance CPU",
            },
        },
        {
            "type": "metric",
            "x": 0,
            "y": 0,
            "width": 18,
            "height": 9,
            "properties": {
                "metrics": [
                    [
                        {
                            "expression": "SEARCH('{AWS/EC2,InstanceId} "
                            "MetricName=\"CPUUtilization\"', 'Average', 300)",
                            "id": "e1",
                        }
                    ]
                ],
                "view": "timeSeries",
                "stacked": False,
                "region": "us-east-1",
                "title": "EC2 Instance CPU",
            },
        },
    ],
}
"""The page's third example: two metrics and a math expression, then a search expression."""


def problems(body: Any) -> list[tuple[str, str]]:
    """(JSON path, message) of every error, deepest first."""
    errors = sorted(VALIDATOR.iter_errors(body), key=lambda e: -len(e.absolute_path))
    return [("/".join(map(str, e.absolute_path)), e.message) for e in errors]


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("body", [ONE_METRIC_ONE_TEXT, MATH_AND_SEARCH])
def test_documented_examples_are_valid(body: dict[str, Any]) -> None:
    assert problems(body) == []


def changed(body: dict[str, Any], path: tuple[Any, ...], value: Any = None) -> dict[str, Any]:
    """A copy of `body` with the item at `path` set to `value`, or removed (None)."""
    copied = copy.deepcopy(body)
    parent = copied
    for key in path[:-1]:
        parent = parent[key]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return copied


def test_a_body_without_widgets_is_refused() -> None:
    assert problems(changed(ONE_METRIC_ONE_TEXT, ("widgets",))) == [
        ("", "'widgets' is a required property")
    ]


def test_a_widget_wider_than_the_grid_is_refused() -> None:
    body = changed(ONE_METRIC_ONE_TEXT, ("widgets", 1, "width"), 25)
    assert problems(body) == [("widgets/1/width", "25 is greater than the maximum of 24")]


def test_a_metric_widget_without_region_is_refused() -> None:
    body = changed(MATH_AND_SEARCH, ("widgets", 0, "properties", "region"))
    assert problems(body) == [("widgets/0/properties", "'region' is a required property")]
