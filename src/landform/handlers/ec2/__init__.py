"""Handlers for EC2 networking types."""

from landform.handlers.ec2 import (
    flowlog,
    gateways,
    instance,
    launch_template,
    nacl,
    routing,
    security,
    subnet,
    transit,
    volume,
    vpc,
)

__all__ = [
    "flowlog",
    "gateways",
    "instance",
    "launch_template",
    "nacl",
    "routing",
    "security",
    "subnet",
    "transit",
    "volume",
    "vpc",
]
