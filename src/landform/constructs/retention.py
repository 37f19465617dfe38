"""A data construct's deletion policy: its resources stay or go together."""

from __future__ import annotations

from typing import Literal, TypeAlias, get_args

from landform.constructs.arguments import check_choice
from landform.model import Stack

ConstructPolicy: TypeAlias = Literal["Delete", "Retain"]
"""A data construct's deletion policy, for all it declares. Without one, each resource
has its type's default: an RDS or DocumentDB database keeps a final snapshot."""


def declared_since(stack: Stack) -> int:
    """A mark of how many resources `stack` has, for `keep_together`."""
    return len(stack.resources)


def keep_together(stack: Stack, name: str, mark: int, policy: ConstructPolicy | None) -> None:
    """Give every resource construct `name` declared in `stack` after `mark` the deletion
    policy `policy`, where one is given: a retained database keeps its key, subnet group
    and security group, so it stays usable once it leaves the model; Delete deletes a
    database without a final snapshot."""
    if policy is None:
        return
    check_choice(stack, name, "deletion_policy", policy, get_args(ConstructPolicy))
    for resource in list(stack.resources.values())[mark:]:
        resource.deletion_policy = policy
