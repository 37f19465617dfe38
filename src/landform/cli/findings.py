"""Guardrail findings shown to people (a table) or tools (JSON, SARIF, HTML)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from landform.cli.render import Output
from landform.rules.runner import Report

FORMATS = ("table", "json", "sarif", "html")


def show(report: Report, fmt: str, out: Path | None, title: str) -> None:
    """Write the report in `fmt` to `out` (default: stdout)."""
    if fmt == "table":
        _table(report, title)
        return
    if fmt == "json":
        text = json.dumps(report.as_json(), indent=2, sort_keys=True)
    elif fmt == "sarif":
        from landform.rules.sarif import to_sarif

        text = json.dumps(to_sarif(report), indent=2)
    else:
        from landform.rules.html import to_html

        text = to_html(report, title)
    if out is None:
        sys.stdout.write(text + "\n")
    else:
        out.write_text(text + "\n")


def _table(report: Report, title: str) -> None:
    output = Output()
    rows = (
        [
            f.rule.id,
            str(f.rule.severity),
            f.status if not f.reason else f"suppressed: {f.reason}",
            f.subject.name,
            f.subject.source or f"{f.subject.account}/{f.subject.region}".strip("/"),
            f.message,
        ]
        for f in report.findings
    )
    output.table(
        f"{title}: {len(report.findings)} finding(s) in {report.checked} check(s)",
        ["rule", "severity", "status", "resource", "where", "finding"],
        rows,
    )
    for error in report.errors:
        output.warn(f"not read: {error}")
