"""Guardrails before any AWS call: the model's findings at or above the app's threshold
block plan and apply."""

from __future__ import annotations

from landform.errors import LandformError, ValidationError
from landform.model.app import App
from landform.rules.base import Severity
from landform.rules.model import model_subjects
from landform.rules.registry import all_rules
from landform.rules.runner import SUPPRESSED, Finding, Report, evaluate


class GuardrailViolation(LandformError):
    """Findings at or above the threshold block the plan (exit code 3)."""

    exit_code = 3

    def __init__(self, blocking: list[Finding], report: Report, threshold: Severity) -> None:
        self.report = report
        lines = [f"  - {describe(f)}" for f in blocking]
        suppressed = [f for f in report.findings if f.status == SUPPRESSED]
        if suppressed:
            lines.append("  suppressed:")
            lines += [f"  - {describe(f)} (suppressed: {f.reason})" for f in suppressed]
        super().__init__(
            f"{len(blocking)} guardrail finding(s) at or above {threshold} block the plan:\n"
            + "\n".join(lines),
            hint="fix each as its rule says, or suppress one on its resource with a written "
            'reason: suppress={"LF-…": "why"}; `landform check` lists every finding',
        )


def describe(finding: Finding) -> str:
    subject, rule = finding.subject, finding.rule
    where = f" ({subject.source})" if subject.source else ""
    return (
        f"{rule.id} [{rule.severity}] {subject.name}{where}: {finding.message}\n"
        f"      fix: {rule.remediation}"
    )


def guard(app: App) -> Report:
    """The model's findings; GuardrailViolation if any at or above `app.block_on`."""
    known = all_rules()
    for resource in app.resources():
        for rule_id in resource.suppressions:
            if rule_id not in known:
                raise ValidationError(
                    f"there is no guardrail rule {rule_id} to suppress",
                    where=resource.where(),
                    hint="`landform check --list-rules` lists the rules",
                )
    threshold = Severity.named(app.block_on)
    report = evaluate(model_subjects(app))
    blocking = report.failing(threshold)
    if blocking:
        raise GuardrailViolation(blocking, report, threshold)
    return report
