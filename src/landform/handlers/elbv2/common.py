"""What the ELBv2 handlers share: tags read in batches, tag and attribute sync, names."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from landform.handlers.base import (
    Api,
    Live,
    Props,
    address_of,
    physical_name,
    present,
    tag_delta,
    tag_list,
)

T = TypeVar("T")
R = TypeVar("R")

TAGGED = 20
"""The most resources one describe_tags call takes."""

NAME_LENGTH = 32
"""Load balancer and target group names: up to 32 letters, digits and hyphens."""


def load_balancers(api: Api) -> list[dict[str, Any]]:
    """Every load balancer of the region (one paginated call per Api, shared)."""
    return api.pages("elbv2", "describe_load_balancers", "LoadBalancers")


def owned_tags(api: Api, arns: list[str]) -> dict[str, list[dict[str, str]]]:
    """ARN -> tags of those of `arns` that `api` keeps (see `Api.keeps`): one
    describe_tags per TAGGED resources."""
    elbv2 = api.client("elbv2")
    found: dict[str, list[dict[str, str]]] = {}
    for start in range(0, len(arns), TAGGED):
        answer = elbv2.describe_tags(ResourceArns=arns[start : start + TAGGED])
        for description in answer["TagDescriptions"]:
            tags = tag_list(description["Tags"])
            if api.keeps(tags):
                found[description["ResourceArn"]] = tags
    return found


def sync_tags(elbv2: Any, arn: str, current: Live, desired: Props) -> None:
    """Make the resource's tags exactly the desired ones (aws: tags are left alone)."""
    stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
    if stale:
        elbv2.remove_tags(ResourceArns=[arn], TagKeys=stale)
    if fresh:
        elbv2.add_tags(ResourceArns=[arn], Tags=tag_list(fresh))


def derived_name(api: Api, props: Props, kept: Iterable[str]) -> str:
    """A name for a resource declared without one, the same on every run; its hash also
    covers the create-only properties `kept`, so that a replacement (which exists beside
    the old resource for a while) gets a name of its own."""
    fixed = json.dumps(present(props, tuple(kept)), sort_keys=True)
    return physical_name(address_of(props), api.account, f"{api.region}\n{fixed}", NAME_LENGTH)


@dataclass(frozen=True)
class Attributes:
    """The Key/Value attributes of a load balancer or target group.

    `describe_*_attributes` returns every attribute, so the property is compared with
    state; `sync` reads them afresh and sets those declared that differ, and resets to
    AWS's default those in `defaults` that are not declared (others undeclared are left).
    """

    describe: str
    modify: str
    key: str
    """The ARN parameter of both calls."""
    defaults: Mapping[str, str]

    def sync(self, client: Any, arn: str, declared: Any) -> None:
        where = {self.key: arn}
        found = getattr(client, self.describe)(**where)["Attributes"]
        have = {a["Key"]: a["Value"] for a in found}
        reset = {k: v for k, v in self.defaults.items() if k in have}
        want = {**reset, **_values(declared)}
        changes = {k: v for k, v in want.items() if have.get(k) != v}
        if changes:
            attributes = [{"Key": k, "Value": v} for k, v in sorted(changes.items())]
            getattr(client, self.modify)(**where, Attributes=attributes)


def _values(attributes: Any) -> dict[str, str]:
    """Key -> value of a list of Key/Value attributes."""
    return {str(a["Key"]): str(a["Value"]) for a in attributes or ()}
