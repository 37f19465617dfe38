"""A stack's CloudWatch dashboard: one metric widget per alarm the stack's resources have.

The body is CloudWatch's dashboard JSON (CloudWatch API Reference, "Dashboard Body
Structure and Syntax"); dimension values known only after apply make it a Join.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from landform.model.refs import Join, Part, Ref, substitute

WIDTH = 12
HEIGHT = 6
COLUMNS = 24 // WIDTH
_PLACEHOLDER = re.compile(r"@@landform:(\d+)@@")


def metric_widget(alarm: dict[str, Any], region: str, index: int) -> dict[str, Any]:
    """The widget of one alarm's properties (as declared), at grid position `index`."""
    position = {
        "x": (index % COLUMNS) * WIDTH,
        "y": (index // COLUMNS) * HEIGHT,
        "width": WIDTH,
        "height": HEIGHT,
    }
    properties: dict[str, Any] = {
        "title": alarm["AlarmName"],
        "region": region,
        "view": "timeSeries",
    }
    if "Metrics" in alarm:
        properties["metrics"] = [_query(query) for query in alarm["Metrics"]]
    else:
        dimensions = [part for d in alarm["Dimensions"] for part in (d["Name"], d["Value"])]
        properties["metrics"] = [[alarm["Namespace"], alarm["MetricName"], *dimensions]]
        properties["stat"] = alarm["Statistic"]
        properties["period"] = alarm["Period"]
        properties["annotations"] = {
            "horizontal": [{"label": "alarm threshold", "value": alarm["Threshold"]}]
        }
    return {"type": "metric", **position, "properties": properties}


def _query(query: dict[str, Any]) -> Any:
    """A metric-math query as a dashboard metric: an expression, or a metric with its id."""
    if "Expression" in query:
        return [{"expression": query["Expression"], "id": query["Id"], "label": "expected band"}]
    stat = query["MetricStat"]
    metric = stat["Metric"]
    dimensions = [part for d in metric["Dimensions"] for part in (d["Name"], d["Value"])]
    options = {"id": query["Id"], "stat": stat["Stat"], "period": stat["Period"]}
    return [metric["Namespace"], metric["MetricName"], *dimensions, options]


def body(widgets: Sequence[dict[str, Any]]) -> str | Join:
    """The dashboard's JSON text; references in it make it a Join resolved at apply."""
    found: list[Ref] = []

    def placeholder(ref: Ref) -> str:
        found.append(ref)
        return f"@@landform:{len(found) - 1}@@"

    text = json.dumps({"widgets": substitute(list(widgets), placeholder)})
    pieces = _PLACEHOLDER.split(text)
    if len(pieces) == 1:
        return text
    parts: list[Part] = [
        found[int(piece)] if odd else piece for odd, piece in _alternate(pieces) if piece
    ]
    return Join(*parts)


def _alternate(pieces: list[str]) -> list[tuple[bool, str]]:
    """re.split's output: text at even positions, captured group numbers at odd ones."""
    return [(position % 2 == 1, piece) for position, piece in enumerate(pieces)]
