"""What a guardrail rule is, what it looks at, and what it finds.

A rule is a pure function of one resource's CloudFormation-shaped properties (a
`Subject`), the same whether they come from the model, a CloudFormation template or a
live read. A value not known (a reference before apply, an unresolvable intrinsic) is an
`Unknown`: any comparison or truth test of it raises `UnknownValue`, so a rule that
depends on it reports "unknown", never a false pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from landform.model.tags import TagPolicy


class Severity(IntEnum):
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, name: str) -> Severity:
        return cls[name.upper()]


class UnknownValue(Exception):
    """A rule looked at a value that is not known (raised by `Unknown`)."""


class Unknown:
    """A value not known before apply, or not resolvable from a template."""

    __slots__ = ("refers_to", "why")

    def __init__(self, why: str, refers_to: str | None = None) -> None:
        self.why = why
        self.refers_to = refers_to
        """The address of the resource whose id or attribute this value will be."""

    def _refuse(self, *_: Any) -> Any:
        raise UnknownValue(self.why)

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = _refuse
    __bool__ = __len__ = __iter__ = __contains__ = __getitem__ = _refuse
    get = keys = items = values = _refuse  # read as a mapping (a whole unknown rule, say)
    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Unknown({self.why})"


@dataclass(frozen=True)
class References:
    """Where a rule comes from: CIS AWS Foundations Benchmark v3 control, AWS
    Foundational Security Best Practices control, and Prowler's check id."""

    cis: str | None = None
    fsbp: str | None = None
    prowler: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"cis": self.cis, "fsbp": self.fsbp, "prowler": self.prowler}


@dataclass(frozen=True)
class Settings:
    """What the house rules leave to the team."""

    tag_policy: TagPolicy = field(default_factory=TagPolicy.default)
    user_access_keys_allowed: bool = False
    """Whether IAM users may hold access keys at all (roles serve most needs)."""
    access_key_max_age_days: int = 90
    unused_credentials_days: int = 45


@dataclass(frozen=True)
class Subject:
    """One resource as rules see it, and where it is."""

    type_name: str
    name: str
    """The model's address, the template's logical id, or the live resource's id."""
    properties: Mapping[str, Any]
    account: str = ""
    region: str = ""
    source: str | None = None
    """file:line in the model, or the template's path and logical id."""
    suppressions: Mapping[str, str] = field(default_factory=dict)
    """Rule id -> the written reason it does not apply to this resource."""
    settings: Settings = field(default_factory=Settings)
    neighbours: tuple[Subject, ...] = ()
    """The other resources of the same account and region (for rules about what
    must exist alongside, such as alarms)."""

    def others(self, type_name: str) -> Iterator[Subject]:
        return (s for s in self.neighbours if s.type_name == type_name)


Check = Callable[[Subject], str | None]
"""A rule's test: None where the resource complies, else what is wrong."""


@dataclass(frozen=True)
class Rule:
    """A house rule: its id (LF-<PRACTICE>-NNN), what it checks, and how to fix it."""

    id: str
    title: str
    severity: Severity
    types: frozenset[str]
    remediation: str
    references: References
    check: Check
    practice: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "severity": str(self.severity),
            "practice": self.practice,
            "types": sorted(self.types),
            "remediation": self.remediation,
            "references": self.references.as_json(),
        }
