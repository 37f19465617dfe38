"""LF-NET-005: no network ACL allows SSH or RDP in from the whole internet.

An entry is looked at with the entries of its ACL (its neighbours): one that allows a port
from the internet is harmless when a deny entry of a lower rule number, from the internet
too, matches that traffic first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.rules import References, Severity, Subject, Unknown, rule
from landform.rules.base import UnknownValue
from landform.rules.network.admin_ports_open import ADMIN_PORTS
from landform.rules.network.openings import Opening, from_world, known, port, protocol_name
from landform.rules.values import get, is_true

ENTRY = "AWS::EC2::NetworkAclEntry"


@rule(
    id="LF-NET-005",
    title="Network ACL allows SSH or RDP in from the internet",
    severity=Severity.MEDIUM,
    types=(ENTRY,),
    remediation="Allow 22 and 3389 in from known address ranges only, or deny them from "
    "0.0.0.0/0 and ::/0 with an entry numbered below the entry that allows a wider range "
    "(such as the ephemeral ports 1024-65535).",
    references=References(
        cis="5.1", fsbp="EC2.21", prowler="ec2_networkacl_allow_ingress_tcp_port_22"
    ),
)
def check(subject: Subject) -> str | None:
    allowed = _inbound(subject.properties, "allow")
    if allowed is None:
        return None
    for number, name in ADMIN_PORTS.items():
        if allowed.admits(number) and not _denied_first(subject, allowed, number):
            return f"{name} (port {number}) is allowed in from {allowed.source}"
    return None


def _inbound(entry: Mapping[str, Any], action: str) -> Opening | None:
    """What an inbound entry of `action` (allow, deny) matches from the whole internet."""
    if is_true(get(entry, "Egress")) or str(known(get(entry, "RuleAction"))).lower() != action:
        return None
    source = from_world(entry, ("CidrBlock", "Ipv6CidrBlock"))
    if source is None:
        return None
    low = port(get(entry, "PortRange.From"), 0)
    high = port(get(entry, "PortRange.To"), 65535)
    return Opening(source, protocol_name(get(entry, "Protocol")), low, high)


def _denied_first(subject: Subject, allowed: Opening, number: int) -> bool:
    """Whether an entry of the same ACL, numbered lower, denies TCP `number` from the
    internet (of the same address family as `allowed`'s source)."""
    rule_number = int(known(get(subject.properties, "RuleNumber")))
    for other in subject.others(ENTRY):
        if int(known(get(other.properties, "RuleNumber"))) >= rule_number:
            continue
        if _acl(other.properties) != _acl(subject.properties):
            continue
        denied = _inbound(other.properties, "deny")
        if denied is not None and _ipv6(denied) == _ipv6(allowed) and denied.admits(number):
            return True
    return False


def _acl(entry: Mapping[str, Any]) -> str:
    """The ACL an entry belongs to: its id, or the address of the ACL it refers to."""
    value = get(entry, "NetworkAclId")
    if isinstance(value, Unknown):
        if value.refers_to is None:
            raise UnknownValue(value.why)
        return value.refers_to
    return str(value)


def _ipv6(opening: Opening) -> bool:
    """Whether the opening's source is IPv6."""
    return ":" in opening.source
