"""A data construct's deletion policy: its resources stay or go together."""

from __future__ import annotations

from typing import get_args

from landform.constructs.arguments import check_choice
from landform.model import DeletionPolicy, Stack


def declared_since(stack: Stack) -> int:
    """A mark of how many resources `stack` has, for `keep_together`."""
    return len(stack.resources)


def keep_together(stack: Stack, name: str, mark: int, policy: DeletionPolicy) -> None:
    """Give every resource construct `name` declared in `stack` after `mark` the deletion
    policy `policy`: a retained database keeps its key, subnet group and security group,
    so it stays usable once it leaves the model."""
    check_choice(stack, name, "deletion_policy", policy, get_args(DeletionPolicy))
    for resource in list(stack.resources.values())[mark:]:
        resource.deletion_policy = policy
