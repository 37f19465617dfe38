"""What a rule's table-driven cases are, and how they run."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from landform.rules.base import Settings, Subject
from landform.rules.model import with_neighbours

Props = Mapping[str, Any]
Aws = Callable[..., Any]
"""`aws(service, region="us-east-1")`: a plain boto3 client on the emulator."""
MakeLive = Callable[[Aws], str]
"""Makes a resource with plain boto3; returns the id its live read has (its name)."""


@dataclass(frozen=True)
class ModelCase:
    """A resource's properties, and what else its account and region hold."""

    properties: Props
    neighbours: Sequence[tuple[str, Props]] = ()
    settings: Settings = field(default_factory=Settings)


@dataclass(frozen=True)
class RuleCases:
    """How one rule is tested: on the model always; live where the emulator can."""

    type_name: str
    passing: Sequence[Props | ModelCase]
    failing: Sequence[Props | ModelCase]
    live_passing: MakeLive | None = None
    live_failing: MakeLive | None = None
    no_live: str = ""
    """Why there is no live case (the emulator lacks what the rule reads)."""
    live_neighbours: Sequence[str] = ()
    """Other types the live read must include (an instance's alarms)."""
    live_in_turn: bool = False
    """For a setting an account has one of (its password policy): the passing state is
    made and read first, then the failing one replaces it and is read."""


def model_subject(type_name: str, case: Props | ModelCase) -> Subject:
    """The case as the subject the rule sees, with its neighbours."""
    if not isinstance(case, ModelCase):
        case = ModelCase(case)
    subjects = [
        Subject(
            type_name, "case", case.properties, "111122223333", "us-east-1", settings=case.settings
        )
    ]
    subjects += [
        Subject(kind, f"neighbour-{n}", props, "111122223333", "us-east-1", settings=case.settings)
        for n, (kind, props) in enumerate(case.neighbours)
    ]
    return with_neighbours(subjects)[0]


def load_cases() -> dict[str, RuleCases]:
    """Every case module's CASES, merged."""
    from tests.rules import cases

    merged: dict[str, RuleCases] = {}
    for info in pkgutil.iter_modules(cases.__path__):
        module = importlib.import_module(f"{cases.__name__}.{info.name}")
        merged.update(getattr(module, "CASES", {}))
    return merged
