"""AWS::RAM::ResourceShare"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    ignoring,
    refuse_changes,
    tag_delta,
    tag_list,
)
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

_GONE = frozenset({"DELETING", "DELETED"})
"""Share states in which AWS still lists a share that is going away."""
_IN_EFFECT = frozenset({"ASSOCIATING", "ASSOCIATED"})
"""Association states of a resource or principal that is (being) shared."""
_MEMBERS = {"RESOURCE": ("ResourceArns", "resourceArns"), "PRINCIPAL": ("Principals", "principals")}
"""Association types, with the property and the API parameter that list each."""


@register
class ResourceShare(Handler):
    """A RAM resource share, whose physical id is its ARN. Resources and principals (account
    ids, OU and organization ARNs, IAM role and user ARNs) are associated and disassociated
    in place to match ResourceArns and Principals; a run waits until those of the
    organization are associated (principals outside it stay "associating" until they
    accept the invitation).

    `list` costs one paginated get_resource_shares filtered on the ownership tag, and one
    paginated get_resource_share_associations per association type for all those shares
    at once. PermissionArns are set when the share is created and compared with state
    (they cannot be changed in place yet; an adopted share is taken to have those
    declared). Sources and ResourceShareConfiguration are not managed yet.

    The emulator associates at once and never answers "associating", so the wait is
    tested on botocore's Stubber with AWS-shaped get_resource_share_associations answers.
    """

    TYPE = "AWS::RAM::ResourceShare"
    UNSUPPORTED = frozenset({"Sources", "ResourceShareConfiguration"})

    def list(self, api: Api) -> Iterable[Live]:
        shares = [
            share
            for share in api.pages(
                "ram",
                "get_resource_shares",
                "resourceShares",
                resourceOwner="SELF",
                tagFilters=api.owned([{"tagKey": ADDRESS_TAG}]),
            )
            if share["status"] not in _GONE
        ]
        if not shares:
            return []
        arns = [share["resourceShareArn"] for share in shares]
        members: dict[str, Props] = {arn: {"ResourceArns": [], "Principals": []} for arn in arns}
        for kind, (name, _) in _MEMBERS.items():
            for association in api.pages(
                "ram",
                "get_resource_share_associations",
                "resourceShareAssociations",
                associationType=kind,
                resourceShareArns=arns,
            ):
                listed = members.get(association["resourceShareArn"])
                if listed is not None and association["status"] in _IN_EFFECT:
                    listed[name].append(association["associatedEntity"])
        return [_live(share, members[share["resourceShareArn"]]) for share in shares]

    def create(self, api: Api, props: Props, token: str) -> Live:
        share = api.client("ram").create_resource_share(
            name=props["Name"],
            allowExternalPrincipals=props.get("AllowExternalPrincipals", True),
            tags=_tags(props.get("Tags")),
            clientToken=token,
            **_members(props),
            **({"permissionArns": props["PermissionArns"]} if "PermissionArns" in props else {}),
        )["resourceShare"]
        return Live(share["resourceShareArn"], dict(props), _attributes(share))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        if "PermissionArns" in current.properties:
            refuse_changes(self.TYPE, current, desired, ("PermissionArns",))
        ram = api.client("ram")
        arn = current.physical_id
        have = current.properties
        allow = desired.get("AllowExternalPrincipals", True)
        if (desired["Name"], allow) != (
            have.get("Name"),
            have.get("AllowExternalPrincipals", True),
        ):
            ram.update_resource_share(
                resourceShareArn=arn, name=desired["Name"], allowExternalPrincipals=allow
            )
        added = _members(desired, without=have)
        if added:
            ram.associate_resource_share(resourceShareArn=arn, **added)
        removed = _members(have, without=desired)
        if removed:
            ram.disassociate_resource_share(resourceShareArn=arn, **removed)
        stale, fresh = tag_delta(have.get("Tags"), desired.get("Tags"))
        if stale:
            ram.untag_resource(resourceShareArn=arn, tagKeys=stale)
        if fresh:
            ram.tag_resource(resourceShareArn=arn, tags=_tags(fresh))
        live = Live(arn, desired, current.attributes)
        return self.wait_ready(api, live) if added else live

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("UnknownResourceException"):
            api.client("ram").delete_resource_share(resourceShareArn=current.physical_id)

    def wait_ready(self, api: Api, current: Live) -> Live:
        for kind in _MEMBERS:
            api.wait(
                "ram",
                "resource_share_associated",
                associationType=kind,
                resourceShareArns=[current.physical_id],
            )
        return current


def _members(props: Mapping[str, Any], without: Mapping[str, Any] | None = None) -> Props:
    """The API parameters naming the resources and principals of `props` that are not in
    `without` (left out where there are none)."""
    found: Props = {}
    for name, parameter in _MEMBERS.values():
        listed = set(props.get(name) or ()) - set((without or {}).get(name) or ())
        if listed:
            found[parameter] = sorted(listed)
    return found


def _tags(tags: Any) -> list[dict[str, str]]:
    """Tags as RAM takes them (lower-case key and value)."""
    return [{"key": tag["Key"], "value": tag["Value"]} for tag in tag_list(tags)]


def _live(share: Mapping[str, Any], members: Props) -> Live:
    tags = tag_list({tag["key"]: tag["value"] for tag in share.get("tags", [])})
    props = {
        "Name": share["name"],
        "AllowExternalPrincipals": share.get("allowExternalPrincipals", True),
        **{name: sorted(listed) for name, listed in members.items()},
        "Tags": tags,
    }
    return Live(share["resourceShareArn"], props, _attributes(share))


def _attributes(share: Mapping[str, Any]) -> dict[str, Any]:
    """The Fn::GetAtt values (times as ISO 8601 text)."""
    names = {
        "Arn": "resourceShareArn",
        "OwningAccountId": "owningAccountId",
        "Status": "status",
        "FeatureSet": "featureSet",
        "CreationTime": "creationTime",
        "LastUpdatedTime": "lastUpdatedTime",
    }
    found = {name: share[key] for name, key in names.items() if key in share}
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in found.items()}
