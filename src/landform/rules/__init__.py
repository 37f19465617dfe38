"""Guardrail rules: one per module, grouped by practice; run on the model before apply
(`plan`, `apply`, `check`), on CloudFormation templates (`check PATH`), and on live
accounts (`audit`)."""

from landform.rules.base import References, Rule, Settings, Severity, Subject, Unknown
from landform.rules.registry import all_rules, rule, rules_for

__all__ = [
    "References",
    "Rule",
    "Settings",
    "Severity",
    "Subject",
    "Unknown",
    "all_rules",
    "rule",
    "rules_for",
]
