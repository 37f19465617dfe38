"""What the shared contract test needs from an example, and how it runs a stubbed one."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.stub import Stubber

from landform.handlers.base import Api, Props
from landform.model import Resource, Stack
from tests.conftest import ACCOUNT, REGION

Declare = Callable[[Stack], Resource]
Prepare = Callable[[Api], Any]
"""Makes, outside the app, what an example needs to exist already (an organization)."""


@dataclass(frozen=True)
class Call:
    """One AWS call the handler is expected to make, and AWS's answer to it."""

    operation: str
    response: dict[str, Any]
    params: dict[str, Any] | None = None
    """Expected parameters (None: any)."""
    error: str | None = None
    """AWS's error code, when the call fails (its `response` is then unused)."""


@dataclass(frozen=True)
class StubbedContract:
    """A type the emulator cannot serve, run through the contract with botocore's Stubber.

    `props` are the resolved properties to create (the ownership tag is added by the test);
    the call lists are AWS's answers, shaped as AWS documents them, for each step.
    """

    service: str
    props: Props
    create: list[Call]
    list_after_create: list[Call]
    delete: list[Call]
    list_after_delete: list[Call]
    delete_again: list[Call]
    """The calls of a second delete, of what is gone (answered with AWS's not-found)."""
    physical_id: str
    extra: dict[str, Any] = field(default_factory=dict)


def load_examples() -> tuple[dict[str, Declare], dict[str, StubbedContract]]:
    """Every example module's EXAMPLES and STUBBED, merged."""
    return _merged("EXAMPLES"), _merged("STUBBED")


def load_preparations() -> dict[str, Prepare]:
    """Every example module's PREPARE, merged."""
    return _merged("PREPARE")


def _merged(name: str) -> dict[str, Any]:
    from tests.handlers import examples

    merged: dict[str, Any] = {}
    for info in pkgutil.iter_modules(examples.__path__):
        module = importlib.import_module(f"{examples.__name__}.{info.name}")
        merged.update(getattr(module, name, {}))
    return merged


@contextmanager
def stubbed_api(service: str) -> Iterator[tuple[Api, Stubber]]:
    """An Api whose `service` client answers from a Stubber (no other service allowed)."""
    client = boto3.client(
        service,
        region_name=REGION,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )

    def factory(name: str, account: str | None, region: str) -> Any:
        assert name == service, f"unexpected {name} client in a stubbed {service} test"
        return client

    with Stubber(client) as stubber:
        yield Api(factory, ACCOUNT, REGION), stubber


def queue(stubber: Stubber, calls: list[Call]) -> None:
    for call in calls:
        if call.error:
            stubber.add_client_error(
                call.operation, service_error_code=call.error, expected_params=call.params
            )
        else:
            stubber.add_response(call.operation, call.response, call.params)
