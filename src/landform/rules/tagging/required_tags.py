"""LF-TAG-001: every taggable resource carries the tag policy's keys, with allowed values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.errors import LandformError
from landform.model.schema import schema_for
from landform.rules import References, Severity, Subject, rule
from landform.rules.registry import ANY_TYPE
from landform.rules.values import get


@rule(
    id="LF-TAG-001",
    title="Resource misses a required tag or has a value the tag policy does not allow",
    severity=Severity.MEDIUM,
    types=(ANY_TYPE,),
    remediation="Set the tag policy's keys (Environment, Project, Owner, CostCenter, "
    "ManagedBy by default) on the app, the stack or the resource, with allowed values; "
    "enforce them organization-wide with a tag policy (landform.org.scp.tag_policy_from).",
    references=References(prowler="organizations_tags_policies_enabled_and_attached"),
)
def check(subject: Subject) -> str | None:
    tag_property = _tag_property(subject.type_name)
    if tag_property is None:
        return None  # the type carries no tags
    tags = _as_map(get(subject.properties, tag_property))
    problems = subject.settings.tag_policy.problems(tags)
    if not problems:
        return None
    return "; ".join(message for message, _ in problems)


def _tag_property(type_name: str) -> str | None:
    if not type_name.startswith("AWS::"):
        return None
    try:
        return schema_for(type_name).tag_property
    except LandformError:
        return None


def _as_map(tags: Any) -> Mapping[str, Any]:
    """Tags as a map, from CloudFormation's list of Key/Value or a map."""
    if tags is None:
        return {}
    if isinstance(tags, Mapping):
        return tags
    return {tag["Key"]: tag.get("Value") for tag in tags}
