"""AWS::IAM::Policy"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Handler, Live, Props, ignoring, present
from landform.handlers.iam.common import (
    MEMBERS,
    canonical,
    document,
    entities,
    members_of,
    no_members,
    policy_json,
)
from landform.handlers.registry import register

_PROPS = ("PolicyName", "PolicyDocument", *(m.prop for m in MEMBERS))


@register
class Policy(Handler):
    """An inline policy: one document put under PolicyName on each of its roles, users
    and groups.

    IAM has no object for it, only the policy on each entity, so its physical id (Ref)
    is the name and the entities, `name|role/a,user/b`, and changes with them. `list`
    reads the inline policies of every role, user and group of the account (three
    paginated get_account_authorization_details, shared with the other IAM types) and
    takes the entities carrying one name with one document as one policy; where there
    are several, each is also listed alone, so that policies declared once per entity
    with the same name and document are found too. Untaggable: a policy not in state is
    found again by its name and entities (`natural_key`).
    """

    TYPE = "AWS::IAM::Policy"

    def list(self, api: Api) -> Iterable[Live]:
        found: dict[tuple[str, str], Props] = {}
        for member in MEMBERS:
            for entity in entities(api, member):
                for policy in entity.get(member.inline, ()):
                    name, text = policy["PolicyName"], document(policy["PolicyDocument"])
                    props = found.setdefault(
                        (name, canonical(text)),
                        {"PolicyName": name, "PolicyDocument": text, **no_members()},
                    )
                    props[member.prop].append(entity[member.name_key])
        for props in found.values():
            yield _live(props)
            alone = [(m.prop, name) for m in MEMBERS for name in props[m.prop]]
            if len(alone) > 1:
                yield from (_live({**props, **no_members(), prop: [name]}) for prop, name in alone)

    def create(self, api: Api, props: Props, token: str) -> Live:
        members = members_of(props)
        if not any(members.values()):
            raise LandformError(
                f"IAM policy {props['PolicyName']} is put on no role, user or group",
                hint="declare Roles, Users or Groups",
            )
        iam = api.client("iam")
        text = policy_json(props["PolicyDocument"])
        for member in MEMBERS:
            for entity in members[member.prop]:
                member.call(iam, "put", entity, PolicyName=props["PolicyName"], PolicyDocument=text)
        return _live(present(props, _PROPS))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        """Put the policy where it is wanted, then take it from where it no longer is."""
        iam = api.client("iam")
        have, want = members_of(current.properties), members_of(desired)
        old, new = current.properties["PolicyName"], desired["PolicyName"]
        text = policy_json(desired["PolicyDocument"])
        everywhere = old != new or canonical(desired["PolicyDocument"]) != canonical(
            current.properties["PolicyDocument"]
        )
        for member in MEMBERS:
            for entity in want[member.prop]:
                if everywhere or entity not in have[member.prop]:
                    member.call(iam, "put", entity, PolicyName=new, PolicyDocument=text)
        for member in MEMBERS:
            for entity in have[member.prop]:
                if old != new or entity not in want[member.prop]:
                    with ignoring("NoSuchEntity"):
                        member.call(iam, "delete", entity, PolicyName=old)
        return _live(present(desired, _PROPS))

    def delete(self, api: Api, current: Live) -> None:
        iam = api.client("iam")
        members = members_of(current.properties)
        for member in MEMBERS:
            for entity in members[member.prop]:
                with ignoring("NoSuchEntity"):
                    member.call(iam, "delete", entity, PolicyName=current.properties["PolicyName"])

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (props.get("PolicyName"), _members(props))


def _members(props: Mapping[str, Any]) -> str:
    """The entities, as `role/a,user/b`."""
    members = members_of(props)
    return ",".join(f"{m.kind.lower()}/{name}" for m in MEMBERS for name in members[m.prop])


def _live(props: Props) -> Live:
    physical_id = f"{props['PolicyName']}|{_members(props)}"
    return Live(physical_id, props, {"Id": physical_id})
