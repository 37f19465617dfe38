"""A data construct's deletion_policy: every resource it declares gets it, nothing else
does, and a policy Landform does not know is refused at the construct's line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from landform import Stack, ValidationError
from landform.constructs import (
    Archive,
    Cache,
    Database,
    DocumentDatabase,
    EncryptedBucket,
    FileSystem,
    Network,
)

DATA: dict[str, Callable[..., Any]] = {
    "database": lambda stack, net, **policy: Database(
        stack, "data", network=net, engine="aurora-postgresql", **policy
    ),
    "document database": lambda stack, net, **policy: DocumentDatabase(
        stack, "data", network=net, **policy
    ),
    "cache": lambda stack, net, **policy: Cache(stack, "data", network=net, **policy),
    "file system": lambda stack, net, **policy: FileSystem(stack, "data", network=net, **policy),
    "bucket": lambda stack, net, **policy: EncryptedBucket(stack, "data", key=None, **policy),
    "archive": lambda stack, net, **policy: Archive(stack, "data", **policy),
}
"""Each data construct, declared as `data` in a stack that holds a network."""


@pytest.mark.parametrize("construct", DATA)
def test_retain_reaches_every_resource_the_construct_declares(stack: Stack, construct: str) -> None:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)
    before = set(stack.resources)
    DATA[construct](stack, net, deletion_policy="Retain")

    declared = {lid: r for lid, r in stack.resources.items() if lid not in before}
    assert "data" in declared
    assert {lid: r.deletion_policy for lid, r in declared.items()} == dict.fromkeys(
        declared, "Retain"
    )
    assert {r.deletion_policy for lid, r in stack.resources.items() if lid in before} == {None}, (
        "what the construct did not declare keeps its own policy"
    )


@pytest.mark.parametrize("construct", DATA)
def test_without_a_policy_each_resource_has_its_types_default(stack: Stack, construct: str) -> None:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)
    DATA[construct](stack, net)
    assert {r.deletion_policy for r in stack.resources.values()} == {None}


def test_an_unknown_policy_is_refused_at_the_constructs_line(stack: Stack) -> None:
    net = Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)
    with pytest.raises(ValidationError, match="deletion_policy='Snapshot'") as refused:
        DATA["database"](stack, net, deletion_policy="Snapshot")
    where = refused.value.where
    assert where is not None and Path(__file__).name in str(where.source)
    assert (where.stack, where.logical_id) == ("main", "data")
