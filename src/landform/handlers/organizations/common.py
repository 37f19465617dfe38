"""What the AWS Organizations handlers share: the root, paths, tags and refusals.

Organizations is global: its handlers run with the management account's Api, and
botocore sends the calls of every region to the service's one endpoint (us-east-1).
An account in no organization has no root, OU, member account or policy to list.
"""

from __future__ import annotations

from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Live, Props, ignoring, tag_delta, tag_list

SERVICE = "organizations"
NOT_IN_USE = "AWSOrganizationsNotInUseException"
"""What Organizations answers an account that is in no organization."""


def roots(api: Api) -> list[dict[str, Any]]:
    """The organization's roots (AWS makes one), read once per Api; none without one."""
    with ignoring(NOT_IN_USE):
        return api.pages(SERVICE, "list_roots", "Roots")
    return []


def root_of(api: Api) -> dict[str, Any]:
    """The organization's root; LandformError where the account is in no organization."""
    found = roots(api)
    if not found:
        raise LandformError(
            "the account Landform runs as is in no AWS organization",
            hint="declare an AWS::Organizations::Organization, or run as the management "
            "account of one",
        )
    return found[0]


def organization_id(arn: str) -> str:
    """The organization's id, from the ARN of anything in it (root, OU, account, policy)."""
    return arn.split("/")[1]


def path_of(api: Api, node_id: str) -> str:
    """CloudFormation's path of a root or OU, "o-1/r-1/ou-1/": its ancestors are read
    with list_parents, once per Api (an OU never moves)."""
    ids = [node_id]
    while not ids[-1].startswith("r-"):
        ids.append(api.pages(SERVICE, "list_parents", "Parents", ChildId=ids[-1])[0]["Id"])
    return "/".join([organization_id(root_of(api)["Arn"]), *reversed(ids)]) + "/"


def every(api: Api, operation: str, key: str, **params: Any) -> list[Any]:
    """Every item of a paginated Organizations call, read afresh (not shared)."""
    pages = api.client(SERVICE).get_paginator(operation).paginate(**params)
    return [item for page in pages for item in page.get(key, [])]


def tags_of(api: Api, resource_id: str) -> list[dict[str, str]]:
    return tag_list(every(api, "list_tags_for_resource", "Tags", ResourceId=resource_id))


def sync_tags(api: Api, resource_id: str, current: Live, desired: Props) -> None:
    """Make the resource's tags exactly the desired ones (aws: tags are left alone)."""
    stale, fresh = tag_delta(current.properties.get("Tags"), desired.get("Tags"))
    client = api.client(SERVICE)
    if stale:
        client.untag_resource(ResourceId=resource_id, TagKeys=stale)
    if fresh:
        client.tag_resource(ResourceId=resource_id, Tags=tag_list(fresh))


def refuse(what: str, current: Live, desired: Props, names: tuple[str, ...], hint: str) -> None:
    """Refuse to change `names`, known and declared, where AWS Organizations cannot and a
    replacement would make another organization or AWS account: no silent replacement."""
    moved = [
        name
        for name in names
        if name in desired
        and name in current.properties
        and desired[name] != current.properties[name]
    ]
    if moved:
        raise LandformError(
            f"AWS Organizations cannot change {', '.join(moved)} of {what}", hint=hint
        )
