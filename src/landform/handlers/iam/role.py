"""AWS::IAM::Role"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    ignoring,
    present,
    tag_delta,
    tag_list,
    tag_map,
)
from landform.handlers.iam.common import ROLES, document, entities, every, policy_json
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

_READ = ("RoleName", "Path", "Description", "MaxSessionDuration")
"""What list_roles returns under CloudFormation's names (the trust policy aside)."""

_CREATE = (*_READ, "PermissionsBoundary")

SERVICE_LINKED = "/aws-service-role/"
"""The path of service-linked roles, which are AWS::IAM::ServiceLinkedRole resources."""


@register
class Role(Handler):
    """An IAM role, named RoleName or else after its address and Path (readable, plus a
    hash, so that a replacement forced by a new Path gets a new name).

    IAM is global, and list_roles neither filters on tags nor returns them, the role's
    policies or its permissions boundary: `list` reads every role of the account (one
    paginated call, 100 a page, per region a stack uses); Policies, ManagedPolicyArns, Tags
    and PermissionsBoundary are compared with state, and read afresh (a few calls per role)
    only when the role is updated or deleted. A role not in state is found again by its
    name (`natural_key`); adopting it (`describe`) costs one call and refuses a role
    without Landform's tag. Listing everything (audit), each role has its Tags,
    ManagedPolicyArns and PermissionsBoundary from get_account_authorization_details
    (shared with the policy types' lists; inline policies are AWS::IAM::Policy
    resources there), and service-linked roles are left out.

    Policies and ManagedPolicyArns, when declared, are exactly the role's inline and
    attached policies, except that where `current` carries what was declared before,
    an update takes away only what that named; never declared, the role leaves them to
    AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources.
    """

    TYPE = "AWS::IAM::Role"
    NAME = "RoleName"
    UNREADABLE = frozenset({"Policies", "ManagedPolicyArns", "Tags", "PermissionsBoundary"})

    def list(self, api: Api) -> Iterable[Live]:
        details = {d["RoleName"]: d for d in entities(api, ROLES)} if api.everything else None
        for role in api.pages("iam", "list_roles", "Roles"):
            props = {
                **present(role, _READ),
                "AssumeRolePolicyDocument": document(role["AssumeRolePolicyDocument"]),
            }
            if details is None:
                yield Live(role["RoleName"], props, _attributes(role))
            elif not role["Path"].startswith(SERVICE_LINKED):
                extra = _audited(details.get(role["RoleName"], {}))
                yield Live(role["RoleName"], {**props, **extra}, _attributes(role))

    def describe(self, api: Api, listed: Live) -> Live:
        tags = api.client("iam").list_role_tags(RoleName=listed.physical_id)["Tags"]
        if ADDRESS_TAG not in tag_map(tags):
            raise LandformError(
                f"IAM role {listed.physical_id} exists and was not made by Landform",
                hint="declare another RoleName, or delete that role",
            )
        properties = {**listed.properties, "Tags": tag_list(tags)}
        return Live(listed.physical_id, properties, listed.attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        name = _name(props)
        role = api.client("iam").create_role(
            **{**present(props, _CREATE), "RoleName": name},
            AssumeRolePolicyDocument=policy_json(props["AssumeRolePolicyDocument"]),
            Tags=tag_list(props.get("Tags")),
        )["Role"]
        created = present(props, (*_CREATE, "AssumeRolePolicyDocument", "Tags"))
        return Live(name, created, _attributes(role))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        iam = api.client("iam")
        name = current.physical_id
        if changed(current, desired, "AssumeRolePolicyDocument"):
            trust = policy_json(desired["AssumeRolePolicyDocument"])
            iam.update_assume_role_policy(RoleName=name, PolicyDocument=trust)
        if changed(current, desired, "Description") or changed(
            current, desired, "MaxSessionDuration"
        ):
            iam.update_role(
                RoleName=name,
                Description=desired.get("Description", ""),
                MaxSessionDuration=desired.get("MaxSessionDuration", 3600),
            )
        role = iam.get_role(RoleName=name)["Role"]
        boundary = role.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
        if desired.get("PermissionsBoundary") != boundary:
            if "PermissionsBoundary" in desired:
                arn = desired["PermissionsBoundary"]
                iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=arn)
            else:
                iam.delete_role_permissions_boundary(RoleName=name)
        stale, fresh = tag_delta(role.get("Tags"), desired.get("Tags"))
        if stale:
            iam.untag_role(RoleName=name, TagKeys=stale)
        if fresh:
            iam.tag_role(RoleName=name, Tags=tag_list(fresh))
        _sync_policies(iam, name, desired, current.properties)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        """Detach managed and delete inline policies first: IAM refuses otherwise."""
        iam = api.client("iam")
        with ignoring("NoSuchEntity"):
            _sync_policies(iam, current.physical_id, {}, None)
            iam.delete_role(RoleName=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (_name(props),)


def _sync_policies(
    iam: Any, name: str, desired: Mapping[str, Any], before: Mapping[str, Any] | None
) -> None:
    """Make the role's attached (ManagedPolicyArns) and inline (Policies) policies the
    desired ones.

    `before` is what was declared before, where known: only what it named is taken away.
    Not known, a declared kind is made exact and an undeclared one is left alone. None
    (the role goes): every policy is taken away.
    """
    if _manages("ManagedPolicyArns", desired, before):
        attached = {
            p["PolicyArn"]
            for p in every(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=name)
        }
        wanted = set(desired.get("ManagedPolicyArns", ()))
        for arn in sorted(_stale(attached - wanted, "ManagedPolicyArns", before)):
            iam.detach_role_policy(RoleName=name, PolicyArn=arn)
        for arn in sorted(wanted - attached):
            iam.attach_role_policy(RoleName=name, PolicyArn=arn)
    if _manages("Policies", desired, before):
        inline = {p["PolicyName"]: p["PolicyDocument"] for p in desired.get("Policies", ())}
        found = set(every(iam, "list_role_policies", "PolicyNames", RoleName=name))
        for policy in sorted(_stale(found - set(inline), "Policies", before)):
            iam.delete_role_policy(RoleName=name, PolicyName=policy)
        for policy, text in inline.items():  # put all: reading each back costs as much
            iam.put_role_policy(RoleName=name, PolicyName=policy, PolicyDocument=policy_json(text))


def _manages(kind: str, desired: Mapping[str, Any], before: Mapping[str, Any] | None) -> bool:
    return before is None or kind in desired or kind in before


def _stale(extra: set[str], kind: str, before: Mapping[str, Any] | None) -> set[str]:
    """Of the policies not desired, those to take away: what `before` declared, if known."""
    if before is None or kind not in before:
        return extra
    named = before[kind] or ()
    return extra & {p["PolicyName"] if isinstance(p, Mapping) else p for p in named}


def _name(props: Mapping[str, Any]) -> str:
    """The declared name, or a readable one made from the address and Path (<= 64)."""
    if "RoleName" in props:
        return str(props["RoleName"])
    address = tag_map(props.get("Tags"))[ADDRESS_TAG]
    digest = hashlib.sha256(f"{address}\n{props.get('Path', '/')}".encode()).hexdigest()[:8]
    return f"{re.sub(r'[^A-Za-z0-9+=,.@_-]', '-', address)[:55]}-{digest}"


def _audited(detail: Mapping[str, Any]) -> Props:
    """What an audit reads of a role beyond list_roles, from its authorization details."""
    props: Props = {
        "Tags": tag_list(detail.get("Tags")),
        "ManagedPolicyArns": [p["PolicyArn"] for p in detail.get("AttachedManagedPolicies", ())],
    }
    boundary = detail.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
    if boundary:
        props["PermissionsBoundary"] = boundary
    return props


def _attributes(role: Mapping[str, Any]) -> dict[str, Any]:
    return {"Arn": role["Arn"], "RoleId": role["RoleId"]}
