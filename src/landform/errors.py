"""Errors Landform reports to people: each says where and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """The place an error points at: source line, stack, logical id, property."""

    source: str | None = None
    stack: str | None = None
    logical_id: str | None = None
    property: str | None = None

    def __str__(self) -> str:
        parts = []
        if self.source:
            parts.append(self.source)
        if self.stack:
            parts.append(f"stack {self.stack}")
        if self.logical_id:
            parts.append(self.logical_id)
        if self.property:
            parts.append(f"property {self.property}")
        return ", ".join(parts)


class LandformError(Exception):
    """A failure explained to the user; `exit_code` is what the CLI returns."""

    exit_code = 1

    def __init__(self, message: str, where: Where | None = None, hint: str | None = None):
        self.message = message
        self.where = where
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.where}: {self.message}" if self.where and str(self.where) else self.message
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class ValidationError(LandformError):
    """The declared model is invalid; raised before any AWS call."""


class PolicyViolation(LandformError):
    """A guardrail (the tag policy among them) blocks the plan."""

    exit_code = 3

    def __init__(self, violations: list[LandformError]):
        self.violations = violations
        lines = "\n".join(f"  - {v}" for v in violations)
        super().__init__(f"{len(violations)} policy violation(s) block the plan:\n{lines}")


class StateLocked(LandformError):
    """Another process holds the state lock."""
