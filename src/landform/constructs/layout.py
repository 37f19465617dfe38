"""Where a Network's subnets go: availability zones and CIDR blocks, decided offline.

No AWS call may be made while declaring, so zone names are the stack's region plus a
letter (a, b, c, ... unless the zones are named), and subnet blocks are carved from the
VPC block in a fixed order: per zone a public then a private subnet (`a` public, `a`
private, `b` public, ...), so adding a zone never moves the subnets that already exist.
"""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Sequence
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


def zone_letters(
    stack: Stack, name: str, azs: int | None, zones: Sequence[str] | None
) -> list[str]:
    """The letters of the zones a Network spans: `zones` as given, else the first `azs`."""
    if zones is None:
        count = 3 if azs is None else azs
        if not 1 <= count <= MAX_ZONES:
            raise argument_error(
                stack,
                name,
                f"azs={count} is out of range",
                hint=f"a Network spans 1 to {MAX_ZONES} availability zones",
            )
        return list(ZONE_LETTERS[:count])
    letters = list(zones)
    valid = all(len(z) == 1 and "a" <= z <= "z" for z in letters)
    if not valid or len(set(letters)) != len(letters) or not 1 <= len(letters) <= MAX_ZONES:
        raise argument_error(
            stack,
            name,
            f"zones={zones!r} is not a list of 1 to {MAX_ZONES} distinct zone letters",
            hint=f'name the zones of {stack.region} by their letters, e.g. zones=["b", "c"]',
        )
    if azs is not None and azs != len(letters):
        raise argument_error(
            stack,
            name,
            f"azs={azs} disagrees with the {len(letters)} zones named",
            hint="give zones or azs, not both",
        )
    return letters


def plan_zones(
    stack: Stack, name: str, *, cidr: str, letters: Sequence[str], subnet_prefix: int | None
) -> list[Zone]:
    """The zones of Network `name`; ValidationError if the arguments cannot work."""
    azs = len(letters)
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
        for i, letter in enumerate(letters)
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
