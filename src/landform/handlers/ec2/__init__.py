"""Handlers for EC2 networking types."""

from landform.handlers.ec2 import flowlog, gateways, nacl, routing, security, subnet, transit, vpc

__all__ = [
    "flowlog",
    "gateways",
    "nacl",
    "routing",
    "security",
    "subnet",
    "transit",
    "vpc",
]
