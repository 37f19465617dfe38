"""Findings as SARIF 2.1.0, the format code-scanning tools (GitHub among them) read."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from landform.rules.base import Rule, Severity, Subject
from landform.rules.runner import SUPPRESSED, UNKNOWN, Finding, Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
}
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
}
"""GitHub code scanning's scores (a string, as it reads them) for each severity."""
_FILE_LINE = re.compile(r"(?P<path>.+):(?P<line>[1-9]\d*)")


def to_sarif(report: Report) -> dict[str, Any]:
    """The report as one SARIF run: the rules that have findings, then every finding."""
    rules = sorted({f.rule.id: f.rule for f in report.findings}.values(), key=lambda r: r.id)
    index = {rule.id: n for n, rule in enumerate(rules)}
    driver = {
        "name": "Landform",
        "version": version("landform"),
        "rules": [_rule(r) for r in rules],
    }
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "results": [_result(f, index[f.rule.id]) for f in report.findings],
            }
        ],
    }


def _rule(rule: Rule) -> dict[str, Any]:
    references = {k: v for k, v in rule.references.as_json().items() if v is not None}
    return {
        "id": rule.id,
        "name": _pascal(rule.check.__module__.rsplit(".", 1)[-1]),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title}. Applies to {', '.join(sorted(rule.types))}."},
        "help": {"text": rule.remediation},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {
            "severity": str(rule.severity),
            "security-severity": SECURITY_SEVERITY[rule.severity],
            "practice": rule.practice,
            "tags": ["security", rule.practice],
            "references": references,
        },
    }


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    subject = finding.subject
    where = f"{subject.name} ({subject.type_name})"
    if finding.status == UNKNOWN:
        level, text = "note", f"Unknown whether {where} complies; {finding.message}"
    else:
        level, text = LEVELS[finding.rule.severity], f"{where}: {finding.message}"
    result: dict[str, Any] = {
        "ruleId": finding.rule.id,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": text},
        "locations": [_location(subject)],
    }
    if finding.status == SUPPRESSED:
        result["suppressions"] = [{"kind": "inSource", "justification": finding.reason}]
    return result


def _location(subject: Subject) -> dict[str, Any]:
    """Where the resource is declared (a file and line, when known) and what it is."""
    place = [part for part in (subject.account, subject.region, subject.name) if part]
    location: dict[str, Any] = {
        "logicalLocations": [
            {
                "name": subject.name,
                "fullyQualifiedName": "/".join(place),
                "kind": "resource",
                "properties": {
                    "resourceType": subject.type_name,
                    "account": subject.account,
                    "region": subject.region,
                },
            }
        ]
    }
    declared = _FILE_LINE.fullmatch(subject.source or "")
    if declared is not None:
        path = PurePosixPath(declared["path"])
        uri = path.as_uri() if path.is_absolute() else quote(str(path))
        location["physicalLocation"] = {
            "artifactLocation": {"uri": uri},
            "region": {"startLine": int(declared["line"])},
        }
    return location


def _pascal(snake: str) -> str:
    """admin_ports_open -> AdminPortsOpen (SARIF's rule names read as identifiers)."""
    return "".join(word.capitalize() for word in snake.split("_"))
