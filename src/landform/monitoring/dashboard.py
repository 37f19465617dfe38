"""A stack's CloudWatch dashboard: one metric widget per alarm the stack's resources have.

The body is CloudWatch's dashboard JSON (CloudWatch API Reference, "Dashboard Body
Structure and Syntax"), declared as a document: its dimension values are references,
resolved at apply like any property's.
"""

from __future__ import annotations

from typing import Any

WIDTH = 12
HEIGHT = 6
COLUMNS = 24 // WIDTH


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
