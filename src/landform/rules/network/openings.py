"""What security group and network ACL rules let in from the whole internet (shared by
the network rules; no rule of its own)."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from landform.rules import Subject, Unknown
from landform.rules.base import UnknownValue
from landform.rules.values import get, listed

ALL_TRAFFIC = "-1"
_PROTOCOLS = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": ALL_TRAFFIC}
"""Protocol numbers (and EC2's "all") -> the names security group rules use."""
_PORTED = ("tcp", "udp")


@dataclass(frozen=True)
class Opening:
    """Traffic a rule lets in from `source`, the whole internet: a protocol (ALL_TRAFFIC
    for every one) and, for TCP and UDP, a range of ports."""

    source: str
    protocol: str
    low: int = 0
    high: int = 65535

    def admits(self, port: int) -> bool:
        """Whether TCP traffic to `port` is let in."""
        return self.protocol == ALL_TRAFFIC or (
            self.protocol == "tcp" and self.low <= port <= self.high
        )

    @property
    def every_port(self) -> bool:
        """Whether all traffic, or TCP or UDP on every port, is let in."""
        return self.protocol == ALL_TRAFFIC or (
            self.protocol in _PORTED and self.low <= 1 and self.high >= 65535
        )


def known(value: Any) -> Any:
    """`value`; UnknownValue if it is not known."""
    if isinstance(value, Unknown):
        raise UnknownValue(value.why)
    return value


def is_world(cidr: Any) -> bool:
    """Whether a source block is the whole internet (0.0.0.0/0, ::/0); None is not."""
    if known(cidr) is None:
        return False
    try:
        return ipaddress.ip_network(str(cidr), strict=False).prefixlen == 0
    except ValueError:  # not a block at all: AWS refuses it
        return False


def protocol_name(value: Any) -> str:
    """A rule's protocol as security groups name it ("tcp", "-1", "50", ...)."""
    name = str(known(value)).lower()
    return _PROTOCOLS.get(name, name)


def port(value: Any, default: int) -> int:
    """A port bound (`default` where absent)."""
    return default if known(value) is None else int(value)


def from_world(rule: Mapping[str, Any], source_keys: tuple[str, str]) -> str | None:
    """The rule's source block if it is the whole internet (IPv4 or IPv6 key), else None."""
    for key in source_keys:
        source = get(rule, key)
        if is_world(source):
            return str(source)
    return None


def security_group_openings(subject: Subject) -> list[Opening]:
    """What a security group (or one standalone ingress rule) lets in from the internet."""
    if subject.type_name == "AWS::EC2::SecurityGroupIngress":
        rules = [subject.properties]
    else:
        rules = listed(get(subject.properties, "SecurityGroupIngress"))
    openings = []
    for rule in rules:
        source = from_world(known(rule), ("CidrIp", "CidrIpv6"))
        if source is None:
            continue
        protocol = protocol_name(get(rule, "IpProtocol"))
        if protocol in _PORTED:
            low, high = port(get(rule, "FromPort"), 0), port(get(rule, "ToPort"), 65535)
            openings.append(Opening(source, protocol, low, high))
        else:
            openings.append(Opening(source, protocol))
    return openings
