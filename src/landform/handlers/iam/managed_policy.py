"""AWS::IAM::ManagedPolicy"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Handler, Live, Props, error_code, ignoring, present
from landform.handlers.iam.common import (
    MEMBERS,
    canonical,
    document,
    entities,
    every,
    local_policies,
    members_of,
    no_members,
    policy_json,
)
from landform.handlers.registry import register

VERSIONS = 5
"""IAM keeps at most five versions of a managed policy."""

_PROPS = ("ManagedPolicyName", "Path", "Description", "PolicyDocument", *(m.prop for m in MEMBERS))

_ATTRIBUTES = (
    "AttachmentCount",
    "DefaultVersionId",
    "IsAttachable",
    "PermissionsBoundaryUsageCount",
    "PolicyId",
)
"""GetAtt attributes IAM returns under the same name (PolicyArn and the dates aside)."""


@register
class ManagedPolicy(Handler):
    """A customer managed policy; its physical id (Ref) is its ARN.

    A new PolicyDocument becomes a new default version; at IAM's limit of five versions
    the oldest one that is not the default is deleted first. Roles, Users and Groups,
    where declared, are exactly the entities of that kind the policy is attached to;
    an undeclared kind is left alone (a role may attach the policy itself, through its
    ManagedPolicyArns).

    The type carries no tags in CloudFormation. `list` reads every customer managed
    policy of the account with its versions (get_account_authorization_details for
    local policies, paginated) and the attachments from the role, user and group
    details that AWS::IAM::Policy also reads: four paginated calls in all, shared. A
    policy not in state is found again by its declared ManagedPolicyName
    (`natural_key`). Undeclared, the name is made from what the policy is, the account
    and the region, and the policy is not adopted by it: a policy of that name left by
    a run that crashed is reported, to be deleted or named.
    """

    TYPE = "AWS::IAM::ManagedPolicy"
    NAME = "ManagedPolicyName"

    def list(self, api: Api) -> Iterable[Live]:
        attached: dict[str, dict[str, list[str]]] = {}
        for member in MEMBERS:
            for entity in entities(api, member):
                for policy in entity.get("AttachedManagedPolicies", ()):
                    found = attached.setdefault(policy["PolicyArn"], no_members())
                    found[member.prop].append(entity[member.name_key])
        for policy in local_policies(api):
            default = next(v for v in policy["PolicyVersionList"] if v["IsDefaultVersion"])
            props = {
                "ManagedPolicyName": policy["Arn"].rsplit("/", 1)[1],
                "Path": policy["Path"],
                "Description": policy.get("Description", ""),
                "PolicyDocument": document(default["Document"]),
                **attached.get(policy["Arn"], no_members()),
            }
            yield Live(policy["Arn"], props, _attributes(policy))

    def create(self, api: Api, props: Props, token: str) -> Live:
        iam = api.client("iam")
        name = props.get("ManagedPolicyName") or _name(api, props)
        try:
            policy = iam.create_policy(
                PolicyName=name,
                PolicyDocument=policy_json(props["PolicyDocument"]),
                **present(props, ("Path", "Description")),
            )["Policy"]
        except Exception as error:
            if error_code(error) != "EntityAlreadyExists":
                raise
            raise LandformError(
                f"IAM managed policy {name} already exists and is not in Landform's state",
                hint="delete it (a run that crashed may have left it), or declare another "
                "ManagedPolicyName",
            ) from error
        members = members_of(props)
        for member in MEMBERS:
            for entity in members[member.prop]:
                member.call(iam, "attach", entity, PolicyArn=policy["Arn"])
        return Live(policy["Arn"], present(props, _PROPS), _attributes(policy))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        iam = api.client("iam")
        arn = current.physical_id
        if canonical(desired["PolicyDocument"]) != canonical(
            current.properties.get("PolicyDocument")
        ):
            _new_version(iam, arn, desired["PolicyDocument"])
        have, want = members_of(current.properties), members_of(desired)
        for member in (m for m in MEMBERS if m.prop in desired):
            for entity in sorted(set(want[member.prop]) - set(have[member.prop])):
                member.call(iam, "attach", entity, PolicyArn=arn)
            for entity in sorted(set(have[member.prop]) - set(want[member.prop])):
                with ignoring("NoSuchEntity"):
                    member.call(iam, "detach", entity, PolicyArn=arn)
        policy = iam.get_policy(PolicyArn=arn)["Policy"]
        return Live(arn, present(desired, _PROPS), _attributes(policy))

    def delete(self, api: Api, current: Live) -> None:
        """Detach it from every entity and delete its other versions: IAM refuses otherwise."""
        iam = api.client("iam")
        arn = current.physical_id
        with ignoring("NoSuchEntity"):
            for page in iam.get_paginator("list_entities_for_policy").paginate(PolicyArn=arn):
                for member in MEMBERS:
                    for entity in page.get(f"Policy{member.kind}s", ()):
                        member.call(iam, "detach", entity[member.name_key], PolicyArn=arn)
            for version in every(iam, "list_policy_versions", "Versions", PolicyArn=arn):
                if not version["IsDefaultVersion"]:
                    iam.delete_policy_version(PolicyArn=arn, VersionId=version["VersionId"])
            iam.delete_policy(PolicyArn=arn)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        name = props.get("ManagedPolicyName")
        return None if name is None else (name,)


def _new_version(iam: Any, arn: str, policy_document: Any) -> None:
    """Make `policy_document` the default version, making room for it if need be."""
    versions = every(iam, "list_policy_versions", "Versions", PolicyArn=arn)
    if len(versions) >= VERSIONS:
        others = [v for v in versions if not v["IsDefaultVersion"]]
        oldest = min(others, key=lambda version: version["CreateDate"])
        iam.delete_policy_version(PolicyArn=arn, VersionId=oldest["VersionId"])
    iam.create_policy_version(
        PolicyArn=arn, PolicyDocument=policy_json(policy_document), SetAsDefault=True
    )


def _name(api: Api, props: Mapping[str, Any]) -> str:
    """A name for an unnamed policy: its first entity (if any), then a hash of what the
    policy is, the account and the region (<= 128 characters)."""
    members = members_of(props)
    what = [props.get("Path", "/"), props.get("Description", "")]
    what += [canonical(props["PolicyDocument"]), members]
    seed = f"{json.dumps(what, sort_keys=True)}\n{api.account}\n{api.region}"
    digest = hashlib.sha256(seed.encode()).hexdigest()[:12]
    first = next((name for m in MEMBERS for name in members[m.prop]), "landform")
    return f"{first[:100]}-policy-{digest}"


def _attributes(policy: Mapping[str, Any]) -> dict[str, Any]:
    dates = {k: str(policy[k].isoformat()) for k in ("CreateDate", "UpdateDate") if k in policy}
    return {"PolicyArn": policy["Arn"], **present(policy, _ATTRIBUTES), **dates}
