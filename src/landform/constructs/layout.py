"""Where a Network's subnets go: availability zones and CIDR blocks, decided offline.

No AWS call may be made while declaring, so zone names are the stack's region plus a
letter, and subnet blocks are carved from the VPC block in a fixed order: per zone a
public then a private subnet (`a` public, `a` private, `b` public, ...), so adding a
zone never moves the subnets that already exist.
"""

from __future__ import annotations

import ipaddress
import itertools
from dataclasses import dataclass

from landform.constructs.arguments import argument_error
from landform.model import Stack

ANYWHERE = "0.0.0.0/0"
ZONE_LETTERS = "abcdef"
MAX_ZONES = len(ZONE_LETTERS)
DEFAULT_SUBNET_PREFIX = 24
"""Subnets are /24 where the VPC block has room for them, else as large as fit."""
LARGEST_BLOCK, SMALLEST_BLOCK = 16, 28
"""AWS allows VPC and subnet blocks from /16 to /28."""


@dataclass(frozen=True)
class Zone:
    """One availability zone of a Network, with the blocks of its two subnets."""

    letter: str
    name: str
    public_cidr: str
    private_cidr: str


def plan_zones(
    stack: Stack, name: str, *, cidr: str, azs: int, subnet_prefix: int | None
) -> list[Zone]:
    """The zones of Network `name`; ValidationError if the arguments cannot work."""
    if not 1 <= azs <= MAX_ZONES:
        raise argument_error(
            stack,
            name,
            f"azs={azs} is out of range",
            hint=f"a Network spans 1 to {MAX_ZONES} availability zones",
        )
    network = _vpc_network(stack, name, cidr)
    needed = 2 * azs
    bits = (needed - 1).bit_length()
    shortest = network.prefixlen + bits  # the shortest prefix giving `needed` subnets
    if shortest > SMALLEST_BLOCK:
        raise argument_error(
            stack,
            name,
            f"cidr {cidr} is too small: {azs} AZ(s) need {needed} subnets (a public and a "
            f"private per AZ), and it holds only {2 ** (SMALLEST_BLOCK - network.prefixlen)} "
            f"of /{SMALLEST_BLOCK}, the smallest AWS allows",
            hint=f"use a /{SMALLEST_BLOCK - bits} or larger cidr, or fewer azs",
        )
    if subnet_prefix is None:
        subnet_prefix = max(DEFAULT_SUBNET_PREFIX, shortest)
    elif not shortest <= subnet_prefix <= SMALLEST_BLOCK:
        raise argument_error(
            stack,
            name,
            f"subnet_prefix={subnet_prefix} does not fit: {azs} AZ(s) need {needed} subnets "
            f"(a public and a private per AZ) inside {cidr}",
            hint=f"use a subnet_prefix from {shortest} to {SMALLEST_BLOCK}, or leave it out",
        )
    blocks = [str(b) for b in itertools.islice(network.subnets(new_prefix=subnet_prefix), needed)]
    return [
        Zone(letter, f"{stack.region}{letter}", blocks[2 * i], blocks[2 * i + 1])
        for i, letter in enumerate(ZONE_LETTERS[:azs])
    ]


def _vpc_network(stack: Stack, name: str, cidr: str) -> ipaddress.IPv4Network:
    try:
        network = ipaddress.IPv4Network(cidr, strict=True)
    except ValueError as error:
        raise argument_error(
            stack,
            name,
            f"cidr {cidr!r} is not an IPv4 network address ({error})",
            hint="write a network with its prefix length, host bits zero, e.g. 10.0.0.0/16",
        ) from None
    if not LARGEST_BLOCK <= network.prefixlen <= SMALLEST_BLOCK:
        raise argument_error(
            stack,
            name,
            f"cidr {cidr} is /{network.prefixlen}; AWS allows VPC blocks "
            f"from /{LARGEST_BLOCK} to /{SMALLEST_BLOCK}",
            hint="use a block from /16 (65,536 addresses) to /28 (16 addresses)",
        )
    return network
