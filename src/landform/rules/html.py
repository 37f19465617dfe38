"""Findings as one self-contained HTML page: counts by severity, account and practice,
then every finding (inline CSS, no script, nothing fetched)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from html import escape

from landform.rules.base import Severity
from landform.rules.runner import FAIL, SUPPRESSED, UNKNOWN, Finding, Report

STATUSES = (FAIL, UNKNOWN, SUPPRESSED)
COLUMNS = (
    "Rule",
    "Title",
    "Severity",
    "Status",
    "Resource",
    "Type",
    "Account",
    "Region",
    "Source",
    "Finding",
    "Remediation",
    "References",
)
POLICY = "default-src 'none'; style-src 'unsafe-inline'"
"""The page may load nothing and run nothing; only its own inline style applies."""
REFERENCES = {"cis": "CIS", "fsbp": "FSBP", "prowler": "Prowler"}
"""How the findings table names each kind of reference."""
STYLE = """
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1f2328; }
h1 { margin: 0 0 .25rem; }
table { border-collapse: collapse; margin: 1rem 0 2rem; }
caption { text-align: left; font-weight: 600; font-size: 1.1rem; padding: .25rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.number { text-align: right; }
.critical { color: #fff; background: #8b0000; }
.high { color: #fff; background: #cf222e; }
.medium { background: #f0b72f; }
.low { background: #ddf4ff; }
.counts { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 2rem; }
"""


def to_html(report: Report, title: str) -> str:
    """The report as an HTML5 document titled `title`."""
    findings = report.findings
    statuses = Counter(f.status for f in findings)
    totals = ", ".join(f"{statuses[s]} {s}" for s in STATUSES)
    severities = [str(s) for s in sorted(Severity, reverse=True)]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style></head>",
        "<body>",
        f"<header><h1>{escape(title)}</h1>",
        f'<p id="totals">{len(findings)} finding(s) in {report.checked} check(s): '
        f"{escape(totals)}</p></header>",
        '<section class="counts">',
        _counts("By severity", findings, lambda f: str(f.rule.severity), severities),
        _counts("By account", findings, lambda f: f.subject.account),
        _counts("By practice", findings, lambda f: f.rule.practice),
        "</section>",
        _findings(findings),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts)


def _counts(
    caption: str,
    findings: list[Finding],
    key: Callable[[Finding], str],
    keys: Iterable[str] = (),
) -> str:
    """A table of how many findings of each status each key has (`keys` first, in
    their order, then any other key found)."""
    counts = Counter((key(f), f.status) for f in findings)
    rows = list(dict.fromkeys([*keys, *sorted({key(f) for f in findings})]))
    body = "".join(
        f'<tr><th scope="row">{escape(row or "(none)")}</th>'
        + "".join(f'<td class="number">{counts[(row, s)]}</td>' for s in STATUSES)
        + f'<td class="number">{sum(counts[(row, s)] for s in STATUSES)}</td></tr>'
        for row in rows
    )
    head = "".join(f'<th scope="col">{escape(s)}</th>' for s in ("", *STATUSES, "total"))
    return f"<table><caption>{escape(caption)}</caption><tr>{head}</tr>{body}</table>"


def _findings(findings: list[Finding]) -> str:
    if not findings:
        return "<p>No findings.</p>"
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in COLUMNS)
    rows = "".join(_row(f) for f in findings)
    return f'<table id="findings"><caption>Findings</caption><tr>{head}</tr>{rows}</table>'


def _row(finding: Finding) -> str:
    rule, subject = finding.rule, finding.subject
    status = f"{SUPPRESSED}: {finding.reason}" if finding.status == SUPPRESSED else finding.status
    references = "; ".join(
        f"{REFERENCES[name]} {ref}" for name, ref in rule.references.as_json().items() if ref
    )
    severity = escape(str(rule.severity))
    return (
        f"<tr>{_cells(rule.id, rule.title)}"
        f'<td class="{severity}">{severity}</td>'
        f"{_cells(status, subject.name, subject.type_name, subject.account, subject.region)}"
        f"{_cells(subject.source or '', finding.message, rule.remediation, references)}</tr>"
    )


def _cells(*values: str) -> str:
    return "".join(f"<td>{escape(value)}</td>" for value in values)
