"""Handlers registered by CloudFormation type name."""

from __future__ import annotations

import importlib
import threading
from typing import TypeVar

from landform.errors import LandformError
from landform.handlers.base import Handler

H = TypeVar("H", bound=type[Handler])

_HANDLERS: dict[str, Handler] = {}
_LOADING = threading.Lock()
_MODULES = (
    "landform.handlers.ec2",
    "landform.handlers.s3",
    "landform.handlers.kms",
    "landform.handlers.logs",
    "landform.handlers.iam",
    "landform.handlers.ecs",
    "landform.handlers.eks",
    "landform.handlers.lambda_",
    "landform.handlers.elbv2",
    "landform.handlers.rds",
    "landform.handlers.docdb",
    "landform.handlers.dynamodb",
    "landform.handlers.elasticache",
    "landform.handlers.efs",
    "landform.handlers.glacier",
    "landform.handlers.sns",
    "landform.handlers.secretsmanager",
    "landform.handlers.cloudwatch",
    "landform.handlers.ram",
    "landform.handlers.cloudtrail",
    "landform.handlers.organizations",
)


def register(cls: H) -> H:
    """Class decorator: make `cls` the handler of `cls.TYPE`."""
    _HANDLERS[cls.TYPE] = cls()
    return cls


def _load() -> None:
    """Import every handler module; threads that ask while one imports wait for it."""
    with _LOADING:
        for module in _MODULES:
            importlib.import_module(module)


def handler_for(type_name: str) -> Handler:
    """The handler of a type; LandformError if Landform cannot manage it yet."""
    if type_name not in _HANDLERS:
        _load()
    try:
        return _HANDLERS[type_name]
    except KeyError:
        raise LandformError(
            f"Landform has no handler for {type_name}",
            hint="supported types: " + ", ".join(sorted(_HANDLERS)),
        ) from None


def all_handlers() -> dict[str, Handler]:
    """Every registered handler by type name."""
    _load()
    return dict(_HANDLERS)
