"""The model's resources as rule subjects, with no AWS access: references are Unknown."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from landform.engine.desired import build_desired
from landform.model.app import App
from landform.rules.base import Settings, Subject, Unknown

CALLER = "(caller)"
"""The account of stacks declared without one, as subjects name it without asking AWS."""


def model_subjects(app: App) -> list[Subject]:
    """Every resource of the app, tags merged, as the plan would send it."""
    settings = Settings(tag_policy=app.tag_policy)
    resources = {r.address: r for r in app.resources()}
    desired = build_desired(app, lambda: CALLER)
    subjects = [
        Subject(
            type_name=d.type_name,
            name=address,
            properties=_known(d.properties),
            account=d.account,
            region=d.region,
            source=d.source,
            suppressions=dict(resources[address].suppressions),
            settings=settings,
        )
        for address, d in desired.items()
    ]
    return with_neighbours(subjects)


def with_neighbours(subjects: list[Subject]) -> list[Subject]:
    """The subjects, each knowing the others of its account and region."""
    places: dict[tuple[str, str], list[Subject]] = defaultdict(list)
    for subject in subjects:
        places[(subject.account, subject.region)].append(subject)
    return [replace(s, neighbours=tuple(places[(s.account, s.region)])) for s in subjects]


def _known(value: Any) -> Any:
    """Properties with every reference replaced by an Unknown naming it."""
    if isinstance(value, dict):
        if set(value) == {"Ref"}:
            return Unknown(f"{value['Ref']} is known after apply", value["Ref"])
        if set(value) == {"Fn::GetAtt"}:
            address, attribute = value["Fn::GetAtt"]
            return Unknown(f"{address}.{attribute} is known after apply", address)
        if set(value) == {"Fn::Join"}:
            return Unknown("a value joined from references is known after apply")
        return {k: _known(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_known(v) for v in value]
    return value
