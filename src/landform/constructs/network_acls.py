"""A Network's two network ACLs, public and private, with explicit rules."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from landform.aws import ec2
from landform.constructs.layout import ANYWHERE
from landform.model import Stack

ALL_PROTOCOLS = -1
TCP = 6
EPHEMERAL = (1024, 65535)


@dataclass(frozen=True)
class AclRule:
    """One allow rule: traffic of `protocol` from (or, egress, to) `cidr` on `ports`."""

    number: int
    protocol: int
    cidr: str
    ports: tuple[int, int] | None = None
    egress: bool = False


def public_rules(vpc_cidr: str) -> tuple[AclRule, ...]:
    """Inbound HTTPS, HTTP and replies on ephemeral ports from anywhere, and everything
    from the VPC (private subnets reach the internet through the NAT gateways here);
    all outbound."""
    return (
        AclRule(100, TCP, ANYWHERE, (443, 443)),
        AclRule(110, TCP, ANYWHERE, (80, 80)),
        AclRule(120, TCP, ANYWHERE, EPHEMERAL),
        AclRule(130, ALL_PROTOCOLS, vpc_cidr),
        AclRule(100, ALL_PROTOCOLS, ANYWHERE, egress=True),
    )


def private_rules(vpc_cidr: str) -> tuple[AclRule, ...]:
    """Inbound all from the VPC and replies on ephemeral ports from anywhere; all outbound."""
    return (
        AclRule(100, ALL_PROTOCOLS, vpc_cidr),
        AclRule(110, TCP, ANYWHERE, EPHEMERAL),
        AclRule(100, ALL_PROTOCOLS, ANYWHERE, egress=True),
    )


class NetworkAcls:
    """AWS::EC2::NetworkAcl `<name>-public-acl` and `<name>-private-acl`.

    Each has one AWS::EC2::NetworkAclEntry per rule (`<acl>-in-<number>` or
    `<acl>-out-<number>`) and an AWS::EC2::SubnetNetworkAclAssociation per subnet
    (`<subnet>-acl-assoc`). Whatever no rule allows is denied.
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


def _acl(
    stack: Stack,
    logical_id: str,
    vpc: ec2.VPC,
    rules: Sequence[AclRule],
    subnets: Sequence[ec2.Subnet],
) -> ec2.NetworkAcl:
    acl = ec2.NetworkAcl(stack, logical_id, vpc_id=vpc.id)
    for rule in rules:
        ec2.NetworkAclEntry(
            stack,
            f"{logical_id}-{'out' if rule.egress else 'in'}-{rule.number}",
            network_acl_id=acl.id,
            protocol=rule.protocol,
            rule_action="allow",
            rule_number=rule.number,
            cidr_block=rule.cidr,
            egress=rule.egress,
            port_range={"From": rule.ports[0], "To": rule.ports[1]} if rule.ports else None,
        )
    for subnet in subnets:
        ec2.SubnetNetworkAclAssociation(
            stack, f"{subnet.logical_id}-acl-assoc", network_acl_id=acl.id, subnet_id=subnet.id
        )
    return acl
