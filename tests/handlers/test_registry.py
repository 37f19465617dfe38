"""Every registered handler, checked against its schema, its typed class and the docs."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from landform.errors import LandformError
from landform.handlers.registry import all_handlers, handler_for
from landform.model.schema import schema_for

HANDLERS = all_handlers()
README = (Path(__file__).resolve().parents[2] / "README.md").read_text()


def typed_class(type_name: str) -> type:
    from landform import aws

    for service in aws.__all__:
        found = getattr(
            importlib.import_module(f"landform.aws.{service}"), type_name.split("::")[-1], None
        )
        if found is not None and type_name == found.TYPE:
            return found  # type: ignore[no-any-return]
    raise AssertionError(f"no typed class for {type_name}")


@pytest.mark.parametrize("type_name", sorted(HANDLERS))
def test_handler_matches_its_schema_and_typed_class(type_name: str) -> None:
    handler = HANDLERS[type_name]
    schema = schema_for(type_name)
    assert set(schema.properties) >= handler.UNREADABLE, "UNREADABLE names unknown properties"
    assert set(schema.properties) >= handler.IMMUTABLE, "IMMUTABLE names unknown properties"
    assert type_name == typed_class(type_name).TYPE
    assert type_name.split("::")[-1] in README, "README lists the supported types"


def test_every_generated_class_has_a_handler() -> None:
    from landform import aws

    for service in aws.__all__:
        module = importlib.import_module(f"landform.aws.{service}")
        for name in module.__all__:
            assert getattr(module, name).TYPE in HANDLERS


def test_unknown_type_says_what_is_supported() -> None:
    with pytest.raises(LandformError, match=r"supported types: .*AWS::EC2::VPC"):
        handler_for("AWS::SQS::Queue")
