"""Handlers for EC2 networking types."""

from landform.handlers.ec2 import (
    default_security_group,
    ebs_defaults,
    flowlog,
    gateways,
    instance,
    launch_template,
    nacl,
    no_default_vpc,
    routing,
    security,
    subnet,
    transit,
    volume,
    vpc,
)

__all__ = [
    "default_security_group",
    "ebs_defaults",
    "flowlog",
    "gateways",
    "instance",
    "launch_template",
    "nacl",
    "no_default_vpc",
    "routing",
    "security",
    "subnet",
    "transit",
    "volume",
    "vpc",
]
