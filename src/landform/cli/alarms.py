"""The app's CloudWatch alarms shown to people (a table) or tools (a JSON list)."""

from __future__ import annotations

from collections import Counter

from rich.markup import escape

from landform.cli.render import Output
from landform.engine.alarms import MISSING, STATES, AlarmReport, AlarmStatus

EXIT_UNREADABLE = 1
"""An account and region could not be read (the others are shown)."""
EXIT_ATTENTION = 2
"""An alarm shown is in ALARM, or missing from AWS."""

COLORS = {
    "ALARM": "bold red",
    MISSING: "bold magenta",
    "INSUFFICIENT_DATA": "yellow",
    "OK": "green",
}


def show(report: AlarmReport, output: Output) -> None:
    """The alarms on stdout (JSON in JSON mode); what could not be read on stderr."""
    if output.json_mode:
        output.json([alarm.as_json() for alarm in report.alarms])
    else:
        output.table(
            _title(report),
            ["alarm", "state", "since", "reason", "metric", "address", "account/region"],
            (_row(alarm) for alarm in report.alarms),
        )
    for group in report.unreadable:
        output.warn(
            f"not read: {group.account}/{group.region} ({group.alarms} alarm(s)): "
            + escape(group.error)
        )


def exit_code(report: AlarmReport) -> int:
    """EXIT_UNREADABLE, else EXIT_ATTENTION, else 0."""
    if report.unreadable:
        return EXIT_UNREADABLE
    if any(alarm.state in ("ALARM", MISSING) for alarm in report.alarms):
        return EXIT_ATTENTION
    return 0


def _title(report: AlarmReport) -> str:
    counts = Counter(alarm.state for alarm in report.alarms)
    parts = [f"{counts[state]} {state}" for state in STATES if counts[state]]
    return f"{len(report.alarms)} alarm(s)" + (": " + ", ".join(parts) if parts else "")


def _row(alarm: AlarmStatus) -> list[str]:
    since = f"{alarm.since:%Y-%m-%d %H:%M:%S %Z}".strip() if alarm.since is not None else ""
    return [
        escape(alarm.name),
        f"[{COLORS[alarm.state]}]{alarm.state}[/]",
        since,
        escape(alarm.reason),
        escape(alarm.metric),
        escape(alarm.address),
        f"{alarm.account}/{alarm.region}",
    ]
