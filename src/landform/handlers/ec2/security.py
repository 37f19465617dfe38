"""AWS::EC2::SecurityGroup with inline rules; AWS::EC2::SecurityGroupIngress and
AWS::EC2::SecurityGroupEgress, rules managed as resources of their own.

Rules are CloudFormation-shaped: one rule per CIDR, prefix list or peer group, ports as
ints (-1 where the protocol has none), IpProtocol "-1" for all traffic; name protocols
("tcp", not "6") so that what is declared compares equal to what AWS reports.

Manage each direction of a group's rules one way only: inline on the group, or with
standalone rule resources. A direction declared inline is made exactly what is declared,
which would revoke the standalone rules of that direction; a direction not declared inline
is left alone.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present, tag_map
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

_PROTOCOL_NAMES = {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": "-1"}
_PORTED = frozenset({"tcp", "udp", "icmp", "icmpv6"})
"""Protocols whose rules have ports (or ICMP type and code); for others AWS has none."""

_PEERS = (
    ("CidrIp", "IpRanges", "CidrIp"),
    ("CidrIpv6", "Ipv6Ranges", "CidrIpv6"),
    ("{}PrefixListId", "PrefixListIds", "PrefixListId"),
    ("{}SecurityGroupId", "UserIdGroupPairs", "GroupId"),
)
"""(CloudFormation key, IpPermission list, item key); "{}" is Source or Destination."""

_WRITE_ONLY_PEERS = (
    ("{}SecurityGroupName", "UserIdGroupPairs", "GroupName"),
    ("{}SecurityGroupOwnerId", "UserIdGroupPairs", "UserId"),
)
"""Ways to name a peer group that AWS reports back by id only."""

_RULE_PEERS = {
    "CidrIpv4": ("IpRanges", "CidrIp"),
    "CidrIpv6": ("Ipv6Ranges", "CidrIpv6"),
    "PrefixListId": ("PrefixListIds", "PrefixListId"),
}
"""SecurityGroupRule key -> (IpPermission list, item key); the peer group is nested."""


@dataclass(frozen=True)
class _Direction:
    """Ingress or egress: where its rules are in CloudFormation and in the API."""

    name: str
    prop: str
    listed: str
    peer: str

    @property
    def egress(self) -> bool:
        return self.name == "egress"

    def rules(self, permission: Mapping[str, Any]) -> Iterator[Props]:
        """The CloudFormation rules of one IpPermission."""
        base = {
            "IpProtocol": permission["IpProtocol"],
            "FromPort": permission.get("FromPort", -1),
            "ToPort": permission.get("ToPort", -1),
        }
        for key, listed, item_key in _PEERS:
            for item in permission.get(listed, ()):
                yield {**base, key.format(self.peer): item[item_key], **_description(item)}

    def rule_of(self, sgr: Mapping[str, Any]) -> Props:
        """The CloudFormation rule of one SecurityGroupRule."""
        permission = {k: sgr[k] for k in ("IpProtocol", "FromPort", "ToPort") if k in sgr}
        for key, (listed, item_key) in _RULE_PEERS.items():
            if key in sgr:
                permission[listed] = [{item_key: sgr[key], **_description(sgr)}]
        if "ReferencedGroupInfo" in sgr:
            group = sgr["ReferencedGroupInfo"]["GroupId"]
            permission["UserIdGroupPairs"] = [{"GroupId": group, **_description(sgr)}]
        return next(self.rules(permission))

    def permission(self, rule: Mapping[str, Any]) -> dict[str, Any]:
        """The IpPermission of one CloudFormation rule."""
        result: dict[str, Any] = {"IpProtocol": str(rule["IpProtocol"])}
        result.update({k: rule[k] for k in ("FromPort", "ToPort") if k in rule})
        for key, listed, item_key in (*_PEERS, *_WRITE_ONLY_PEERS):
            name = key.format(self.peer)
            if name in rule:
                result.setdefault(listed, [_description(rule)])[0][item_key] = rule[name]
        return result

    def identity(self, rule: Mapping[str, Any]) -> str:
        """What makes a rule distinct in AWS: protocol, ports and peer (not Description)."""
        protocol = str(rule["IpProtocol"]).lower()
        protocol = _PROTOCOL_NAMES.get(protocol, protocol)
        ported = protocol in _PORTED
        key = {
            "IpProtocol": protocol,
            "FromPort": rule.get("FromPort", -1) if ported else -1,
            "ToPort": rule.get("ToPort", -1) if ported else -1,
        }
        key.update({k: rule[k] for k in (p[0].format(self.peer) for p in _PEERS) if k in rule})
        return json.dumps(key, sort_keys=True)

    def call(self, ec2: Any, verb: str, group: Props, rules: Iterable[Mapping[str, Any]]) -> Any:
        """`{verb}_{ingress|egress}` with `rules` as IpPermissions."""
        method = getattr(ec2, f"{verb}_{self.name}")
        return method(**group, IpPermissions=[self.permission(r) for r in rules])

    def sync(self, ec2: Any, group_id: str, have: list[Props], want: list[Props]) -> None:
        """Make the group's rules of this direction exactly `want`."""
        old = {self.identity(r): r for r in have}
        new = {self.identity(r): r for r in want}
        changes = (
            ("authorize_security_group", [r for k, r in new.items() if k not in old]),
            ("revoke_security_group", [r for k, r in old.items() if k not in new]),
            (
                "update_security_group_rule_descriptions",
                [
                    r
                    for k, r in new.items()
                    if k in old and old[k].get("Description") != r.get("Description")
                ],
            ),
        )
        for verb, rules in changes:
            if rules:
                self.call(ec2, verb, {"GroupId": group_id}, rules)


_INGRESS = _Direction("ingress", "SecurityGroupIngress", "IpPermissions", "Source")
_EGRESS = _Direction("egress", "SecurityGroupEgress", "IpPermissionsEgress", "Destination")
_DIRECTIONS = (_INGRESS, _EGRESS)


def _description(item: Mapping[str, Any]) -> dict[str, str]:
    return {"Description": item["Description"]} if item.get("Description") else {}


@register
class SecurityGroup(Handler):
    """A security group. A rule direction declared is made exactly what is declared (so
    declaring SecurityGroupEgress replaces the default allow-all egress rule); a direction
    not declared is left alone. GroupName, when not declared, is the address with a suffix
    of the run, so that a replacement gets a name of its own.
    """

    TYPE = "AWS::EC2::SecurityGroup"

    def list(self, api: Api) -> Iterable[Live]:
        for group in api.pages(
            "ec2", "describe_security_groups", "SecurityGroups", Filters=api.owned(OWNED)
        ):
            yield _group_live(group)

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec2 = api.client("ec2")
        address = tag_map(props.get("Tags"))[ADDRESS_TAG]
        params: dict[str, Any] = {
            "GroupName": props.get("GroupName") or f"{address.replace('/', '-')}-{token[:8]}",
            "Description": props["GroupDescription"],
            "TagSpecifications": tag_specifications("security-group", props),
            **present(props, ("VpcId",)),
        }
        group_id = ec2.create_security_group(**params)["GroupId"]
        (group,) = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"]
        live = _group_live(group)
        created = present(props, ("GroupDescription", "GroupName", "VpcId", "Tags"))
        created.update(
            present(live.properties, tuple(d.prop for d in _DIRECTIONS if d.prop in props))
        )
        return Live(group_id, created, live.attributes)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        for direction in _DIRECTIONS:
            if direction.prop in desired:
                have = current.properties.get(direction.prop, [])
                direction.sync(ec2, current.physical_id, have, desired[direction.prop])
        sync_tags(ec2, current.physical_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidGroup.NotFound"):
            api.client("ec2").delete_security_group(GroupId=current.physical_id)


def _group_live(group: dict[str, Any]) -> Live:
    props: Props = {
        "GroupDescription": group["Description"],
        "GroupName": group["GroupName"],
        "Tags": tags_of(group),
        **present(group, ("VpcId",)),
    }
    for direction in _DIRECTIONS:
        permissions = group.get(direction.listed, ())
        props[direction.prop] = [rule for p in permissions for rule in direction.rules(p)]
    group_id = group["GroupId"]
    return Live(group_id, props, {"GroupId": group_id, "VpcId": group.get("VpcId", "")})


class _Rule(Handler):
    """One security group rule as a resource (untaggable; its id is the rule id).

    Listed from one paginated describe_security_group_rules call over the region, shared
    by both directions: rules cannot be filtered on ownership, and they may belong to
    groups Landform does not own (a VPC's default group).
    """

    DIRECTION: ClassVar[_Direction]

    def list(self, api: Api) -> Iterable[Live]:
        for sgr in api.pages("ec2", "describe_security_group_rules", "SecurityGroupRules"):
            if sgr["IsEgress"] == self.DIRECTION.egress:
                rule_id = sgr["SecurityGroupRuleId"]
                props = {"GroupId": sgr["GroupId"], **self.DIRECTION.rule_of(sgr)}
                yield Live(rule_id, props, {"Id": rule_id})

    def create(self, api: Api, props: Props, token: str) -> Live:
        result = self.DIRECTION.call(
            api.client("ec2"), "authorize_security_group", _target(props), [props]
        )
        rule_id = result["SecurityGroupRules"][0]["SecurityGroupRuleId"]
        return Live(rule_id, dict(props), {"Id": rule_id})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        """Only Description can change in place."""
        ec2 = api.client("ec2")
        verb = "update_security_group_rule_descriptions"
        self.DIRECTION.call(ec2, verb, _target(desired), [desired])
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        revoke = getattr(api.client("ec2"), f"revoke_security_group_{self.DIRECTION.name}")
        with ignoring(
            "InvalidPermission.NotFound",
            "InvalidGroup.NotFound",
            "InvalidSecurityGroupRuleId.NotFound",
        ):
            revoke(**_target(current.properties), SecurityGroupRuleIds=[current.physical_id])

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (props.get("GroupId"), self.DIRECTION.identity(props))


def _target(props: Props) -> Props:
    """The group a standalone rule belongs to: by id, or (default VPC) by name."""
    return present(props, ("GroupId",)) or present(props, ("GroupName",))


@register
class SecurityGroupIngress(_Rule):
    TYPE = "AWS::EC2::SecurityGroupIngress"
    DIRECTION = _INGRESS
    UNREADABLE = frozenset({"GroupName", "SourceSecurityGroupName", "SourceSecurityGroupOwnerId"})


@register
class SecurityGroupEgress(_Rule):
    TYPE = "AWS::EC2::SecurityGroupEgress"
    DIRECTION = _EGRESS
