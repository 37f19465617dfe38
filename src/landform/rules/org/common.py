"""What the organization rules share: the types they read, and finding among the
organization's neighbours (its policies, the management account's trails) one that does
what the house asks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from landform.rules.base import Subject, UnknownValue
from landform.rules.iam.documents import denies, statements
from landform.rules.values import get, listed

ORGANIZATION = "AWS::Organizations::Organization"
POLICY = "AWS::Organizations::Policy"
TRAIL = "AWS::CloudTrail::Trail"
SERVICE_CONTROL_POLICY = "SERVICE_CONTROL_POLICY"

Statement = Mapping[str, Any]
Test = Callable[[Subject], bool]


def shortfall(candidates: list[Subject], kind: Test, good: Test) -> list[Subject] | None:
    """None if one of `candidates` is of the `kind` asked for and `good`; else those of
    the kind (none good). UnknownValue where that depends on a value not known."""
    bad: list[Subject] = []
    unknown: UnknownValue | None = None
    for candidate in candidates:
        try:
            if not kind(candidate):
                continue
            if good(candidate):
                return None
        except UnknownValue as why:
            unknown = why
            continue
        bad.append(candidate)
    if unknown is not None:
        raise unknown
    return bad


def missing_scp(
    organization: Subject, what: str, denial: Callable[[Statement], bool]
) -> str | None:
    """None if one of the organization's SCPs has a Deny statement meeting `denial` and is
    attached to a root, OU or account; else what is missing."""

    def kind(policy: Subject) -> bool:
        props = policy.properties
        return get(props, "Type") == SERVICE_CONTROL_POLICY and any(
            denies(s) and denial(s) for s in statements(get(props, "Content"))
        )

    def attached(policy: Subject) -> bool:
        return bool(listed(get(policy.properties, "TargetIds")))

    detached = shortfall(list(organization.others(POLICY)), kind, attached)
    if detached is None:
        return None
    if detached:
        names = ", ".join(str(get(p.properties, "Name") or p.name) for p in detached)
        return f"the service control policy {what} ({names}) is attached to nothing"
    return f"no service control policy {what}"
