"""Run the rules over subjects: the same for `check`, plan/apply and `audit`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from landform.rules.base import Rule, Severity, Subject, UnknownValue
from landform.rules.registry import rules_for

FAIL = "fail"
UNKNOWN = "unknown"
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Finding:
    """A rule a resource breaks (fail), may break (unknown: a value it needs is not
    known), or breaks with a written reason (suppressed)."""

    rule: Rule
    subject: Subject
    status: str
    message: str
    reason: str = ""
    """Why it is suppressed."""

    def as_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "title": self.rule.title,
            "severity": str(self.rule.severity),
            "practice": self.rule.practice,
            "status": self.status,
            "message": self.message,
            "reason": self.reason,
            "resource": self.subject.name,
            "type": self.subject.type_name,
            "account": self.subject.account,
            "region": self.subject.region,
            "source": self.subject.source,
            "remediation": self.rule.remediation,
            "references": self.rule.references.as_json(),
        }


@dataclass
class Report:
    """The findings of one run, and how many (resource, rule) pairs were checked."""

    findings: list[Finding] = field(default_factory=list)
    checked: int = 0
    errors: list[str] = field(default_factory=list)
    """What could not be read (audit: a type in one account and region), and why."""

    def failing(self, at_least: Severity) -> list[Finding]:
        """Unsuppressed failures of rules at or above `at_least`."""
        return [f for f in self.findings if f.status == FAIL and f.rule.severity >= at_least]

    def counts(self) -> Counter[str]:
        return Counter(f"{f.status}:{f.rule.severity}" for f in self.findings)

    def as_json(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "findings": [f.as_json() for f in self.findings],
            "errors": list(self.errors),
        }


def evaluate(subjects: Iterable[Subject]) -> Report:
    """Every rule of each subject's type, on that subject."""
    report = Report()
    for subject in subjects:
        for rule in rules_for(subject.type_name):
            report.checked += 1
            finding = _verdict(rule, subject)
            if finding is not None:
                report.findings.append(finding)
    report.findings.sort(key=lambda f: (-f.rule.severity, f.rule.id, f.subject.name))
    return report


def _verdict(rule: Rule, subject: Subject) -> Finding | None:
    try:
        problem = rule.check(subject)
    except UnknownValue as unknown:
        return Finding(rule, subject, UNKNOWN, f"cannot tell: {unknown}")
    if problem is None:
        return None
    reason = subject.suppressions.get(rule.id)
    if reason is not None:
        return Finding(rule, subject, SUPPRESSED, problem, reason)
    return Finding(rule, subject, FAIL, problem)
