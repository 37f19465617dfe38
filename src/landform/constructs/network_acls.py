"""A Network's two network ACLs, public and private, with explicit rules, and its VPC's
default network ACL closed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from landform.aws import ec2
from landform.constructs.layout import ANYWHERE
from landform.model import Input, Stack

ALL_PROTOCOLS = -1
TCP = 6
EPHEMERAL = (1024, 65535)
ADMIN_PORTS = (22, 3389)
"""SSH and RDP: never allowed in from the internet, not even within the ephemeral range."""


@dataclass(frozen=True)
class AclRule:
    """One rule: traffic of `protocol` from (or, egress, to) `cidr` on `ports`."""

    number: int
    protocol: int
    cidr: str
    ports: tuple[int, int] | None = None
    egress: bool = False
    action: str = "allow"


def replies_from_anywhere(first_number: int) -> tuple[AclRule, ...]:
    """TCP replies from the internet on the ephemeral ports but ADMIN_PORTS, numbered
    from `first_number` (1024-3388 and 3390-65535).

    An instance picks its port from 32768 up (Linux) or 49152 up (Windows), so all its
    replies come in; a NAT gateway picks any port from 1024, so the rare connection it
    gives port 3389 gets no reply (times out; made again, it gets another port).
    """
    ranges, low = [], EPHEMERAL[0]
    for port in sorted(p for p in ADMIN_PORTS if EPHEMERAL[0] <= p <= EPHEMERAL[1]):
        if low < port:
            ranges.append((low, port - 1))
        low = port + 1
    if low <= EPHEMERAL[1]:
        ranges.append((low, EPHEMERAL[1]))
    return tuple(AclRule(first_number + n, TCP, ANYWHERE, ports) for n, ports in enumerate(ranges))


def public_rules(vpc_cidr: str) -> tuple[AclRule, ...]:
    """Inbound HTTPS, HTTP and replies on ephemeral ports from anywhere (see
    `replies_from_anywhere`), and everything from the VPC (private subnets reach the
    internet through the NAT gateways here); all outbound."""
    return (
        AclRule(100, TCP, ANYWHERE, (443, 443)),
        AclRule(110, TCP, ANYWHERE, (80, 80)),
        *replies_from_anywhere(120),
        AclRule(130, ALL_PROTOCOLS, vpc_cidr),
        AclRule(100, ALL_PROTOCOLS, ANYWHERE, egress=True),
    )


def private_rules(vpc_cidr: str) -> tuple[AclRule, ...]:
    """Inbound all from the VPC and replies on ephemeral ports from anywhere (see
    `replies_from_anywhere`); all outbound."""
    return (
        AclRule(100, ALL_PROTOCOLS, vpc_cidr),
        *replies_from_anywhere(110),
        AclRule(100, ALL_PROTOCOLS, ANYWHERE, egress=True),
    )


CLOSED = (
    AclRule(1, ALL_PROTOCOLS, ANYWHERE, action="deny"),
    AclRule(1, ALL_PROTOCOLS, ANYWHERE, egress=True, action="deny"),
)
"""What closes the VPC's default network ACL: all traffic denied in and out, numbered
before AWS's allow-all entries (100), which stay."""


class NetworkAcls:
    """AWS::EC2::NetworkAcl `<name>-public-acl` and `<name>-private-acl`.

    Each has one AWS::EC2::NetworkAclEntry per rule (`<acl>-in-<number>` or
    `<acl>-out-<number>`) and an AWS::EC2::SubnetNetworkAclAssociation per subnet
    (`<subnet>-acl-assoc`). Whatever no rule allows is denied.

    The VPC's default network ACL, which no subnet of the Network uses, is closed by two
    entries of its own (`<name>-default-acl-in-1` and `<name>-default-acl-out-1`, see
    CLOSED): a subnet made later without an ACL gets no traffic, and nothing is allowed
    in from the internet on SSH or RDP anywhere in the VPC.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        vpc: ec2.VPC,
        vpc_cidr: str,
        public_subnets: Sequence[ec2.Subnet],
        private_subnets: Sequence[ec2.Subnet],
    ) -> None:
        self.public = _acl(stack, f"{name}-public-acl", vpc, public_rules(vpc_cidr), public_subnets)
        self.private = _acl(
            stack, f"{name}-private-acl", vpc, private_rules(vpc_cidr), private_subnets
        )
        self.default_entries = _entries(
            stack, f"{name}-default-acl", vpc.default_network_acl, CLOSED
        )


def _acl(
    stack: Stack,
    logical_id: str,
    vpc: ec2.VPC,
    rules: Sequence[AclRule],
    subnets: Sequence[ec2.Subnet],
) -> ec2.NetworkAcl:
    acl = ec2.NetworkAcl(stack, logical_id, vpc_id=vpc.id)
    _entries(stack, logical_id, acl.id, rules)
    for subnet in subnets:
        ec2.SubnetNetworkAclAssociation(
            stack, f"{subnet.logical_id}-acl-assoc", network_acl_id=acl.id, subnet_id=subnet.id
        )
    return acl


def _entries(
    stack: Stack, prefix: str, acl_id: Input[str], rules: Sequence[AclRule]
) -> list[ec2.NetworkAclEntry]:
    """One entry per rule of the ACL `acl_id`, named `<prefix>-in-<number>` or
    `<prefix>-out-<number>`."""
    return [
        ec2.NetworkAclEntry(
            stack,
            f"{prefix}-{'out' if rule.egress else 'in'}-{rule.number}",
            network_acl_id=acl_id,
            protocol=rule.protocol,
            rule_action=rule.action,
            rule_number=rule.number,
            cidr_block=rule.cidr,
            egress=rule.egress,
            port_range={"From": rule.ports[0], "To": rule.ports[1]} if rule.ports else None,
        )
        for rule in rules
    ]
