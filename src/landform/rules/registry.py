"""Every rule, one per module under a package per practice (iam/, network/, ...)."""

from __future__ import annotations

import importlib
import pkgutil
import re
import threading
from collections.abc import Callable, Iterable

from landform.rules.base import Check, References, Rule, Severity

_RULES: dict[str, Rule] = {}
_LOADING = threading.Lock()
_ID = re.compile(r"LF-[A-Z0-9]+-\d{3}")


def rule(
    *,
    id: str,
    title: str,
    severity: Severity,
    types: Iterable[str],
    remediation: str,
    references: References,
) -> Callable[[Check], Check]:
    """Decorator: register the function as the check of rule `id`."""

    def register(check: Check) -> Check:
        if not _ID.fullmatch(id) or id in _RULES:
            raise ValueError(f"rule id {id!r} is malformed or taken")
        practice = check.__module__.split(".")[-2]
        _RULES[id] = Rule(
            id, title, severity, frozenset(types), remediation, references, check, practice
        )
        return check

    return register


def all_rules() -> dict[str, Rule]:
    """Every rule by id (importing the rule modules on first use)."""
    with _LOADING:
        if not _RULES:
            import landform.rules as package

            for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
                if info.name.count(".") == 3:  # landform.rules.<practice>.<rule>
                    importlib.import_module(info.name)
    return dict(sorted(_RULES.items()))


ANY_TYPE = "*"
"""In a rule's types: every type (the rule itself tells which it applies to)."""


def rules_for(type_name: str) -> list[Rule]:
    return [r for r in all_rules().values() if type_name in r.types or ANY_TYPE in r.types]
