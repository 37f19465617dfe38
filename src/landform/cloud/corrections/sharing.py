"""Corrections for sharing across accounts: RAM resource shares (tags, associations,
OU principals from member accounts) and transit gateways another account shares."""

from __future__ import annotations

import json
from typing import Any


def _organization_of(account: str) -> Any:
    """moto's organizations data for `account`: its management account's, where moto keeps
    the organization (the account's own where it belongs to none)."""
    from moto.organizations.models import organizations_backends

    management, partition = organizations_backends.master_accounts.get(account, (account, "aws"))
    return organizations_backends[management][partition]


def share_with_units_from_member_accounts() -> None:
    """moto checks an OU principal of a resource share against the sharing account's own
    organizations data, which only the management account holds, so a member account (a
    shared-services account) cannot share with an OU (ParentNotFoundException); AWS lets
    any account of the organization share with its OUs, once the management account has
    enabled sharing with the organization."""
    from moto.ram.models import ResourceShare

    ResourceShare.organizations_backend = property(  # type: ignore[assignment,method-assign]
        lambda self: _organization_of(self.account_id)
    )


def _resource_share(response: Any) -> Any:
    """The share named by a RAM request's resourceShareArn, as AWS finds it."""
    from moto.ram.exceptions import UnknownResourceException

    arn = response._get_param("resourceShareArn")
    for share in response.ram_backend.resource_shares:
        if share.arn == arn:
            return share
    raise UnknownResourceException(f"ResourceShare {arn} could not be found.")


def _route_ram(**actions: Any) -> None:
    """Serve RAM actions moto 5.2 lacks (by URL path, as RAM's REST API names them)."""
    from moto.ram import urls
    from moto.ram.responses import ResourceAccessManagerResponse

    for name, action in actions.items():
        setattr(ResourceAccessManagerResponse, name, action)
        urls.url_paths["{0}/" + name.replace("_", "") + "$"] = (
            ResourceAccessManagerResponse.dispatch
        )


def tag_resource_shares() -> None:
    """moto 5.2 keeps no tags on a resource share, ignores get_resource_shares' tagFilters
    and lacks TagResource and UntagResource (a 404); AWS keeps a share's tags, returns
    them with the share, filters shares on them, and changes them."""
    from moto.ram.models import ResourceShare

    init, describe = ResourceShare.__init__, ResourceShare.describe

    def init_as_in_aws(self: Any, account_id: str, region: str, **kwargs: Any) -> None:
        init(self, account_id, region, **kwargs)
        self.tags = tag_map(kwargs.get("tags", []))

    def describe_as_in_aws(self: Any) -> dict[str, Any]:
        tags = [{"key": key, "value": value} for key, value in self.tags.items()]
        return {**describe(self), "tags": tags}

    def tag_map(tags: list[dict[str, str]]) -> dict[str, str]:
        return {tag["key"]: tag["value"] for tag in tags}

    def matches(tags: dict[str, str], wanted: dict[str, Any]) -> bool:
        key, values = wanted.get("tagKey"), wanted.get("tagValues")
        found = [tags[key]] if key in tags else [] if key else list(tags.values())
        return bool(found) and (not values or any(value in values for value in found))

    def get_resource_shares(self: Any) -> str:
        shares = self.ram_backend.get_resource_shares(self._get_param("resourceOwner"))
        filters = self._get_param("tagFilters", [])
        shares["resourceShares"] = [
            share
            for share in shares["resourceShares"]
            if all(matches(tag_map(share["tags"]), f) for f in filters)
        ]
        return json.dumps(shares)

    def tag_resource(self: Any) -> str:
        _resource_share(self).tags.update(tag_map(self._get_param("tags", [])))
        return "{}"

    def untag_resource(self: Any) -> str:
        share = _resource_share(self)
        for key in self._get_param("tagKeys", []):
            share.tags.pop(key, None)
        return "{}"

    ResourceShare.__init__ = init_as_in_aws  # type: ignore[method-assign]
    ResourceShare.describe = describe_as_in_aws  # type: ignore[method-assign]
    _route_ram(
        get_resource_shares=get_resource_shares,
        tag_resource=tag_resource,
        untag_resource=untag_resource,
    )


def associate_resource_shares() -> None:
    """moto 5.2 lacks AssociateResourceShare and DisassociateResourceShare (a 404); AWS
    adds resources and principals to a share, and removes them, in place."""

    def associations(share: Any, principals: list[str], resources: list[str], status: str) -> str:
        made = [(p, "PRINCIPAL") for p in principals] + [(r, "RESOURCE") for r in resources]
        return json.dumps(
            {
                "resourceShareAssociations": [
                    {
                        "resourceShareArn": share.arn,
                        "associatedEntity": entity,
                        "associationType": kind,
                        "status": status,
                    }
                    for entity, kind in made
                ]
            }
        )

    def associate_resource_share(self: Any) -> str:
        share = _resource_share(self)
        principals = [p for p in self._get_param("principals", []) if p not in share.principals]
        resources = [r for r in self._get_param("resourceArns", []) if r not in share.resource_arns]
        share.add_principals(principals)
        share.add_resources(resources)
        return associations(share, principals, resources, "ASSOCIATING")

    def disassociate_resource_share(self: Any) -> str:
        share = _resource_share(self)
        principals = [p for p in self._get_param("principals", []) if p in share.principals]
        resources = [r for r in self._get_param("resourceArns", []) if r in share.resource_arns]
        share.principals = [p for p in share.principals if p not in principals]
        share.resource_arns = [r for r in share.resource_arns if r not in resources]
        return associations(share, principals, resources, "DISASSOCIATING")

    _route_ram(
        associate_resource_share=associate_resource_share,
        disassociate_resource_share=disassociate_resource_share,
    )


def _principals_covering(account: str) -> set[str]:
    """The RAM principals that share with `account`: its id, its organization, the OUs
    it is in (at any depth)."""
    organization = _organization_of(account)
    if organization.org is None:
        return {account}
    found = {account, organization.org.arn}
    parent = organization.get_account_by_id(account).parent_id
    while parent:
        unit = organization.get_organizational_unit_by_id(parent)
        found.add(unit.arn)
        parent = unit.parent_id
    return found


def _shared_transit_gateway(account: str, region: str, gateway_id: str) -> Any:
    """Gateway `gateway_id` of another account, where an active RAM share of its owner
    shares it with `account` (None otherwise)."""
    from moto.ec2.models import ec2_backends
    from moto.ram.models import ram_backends

    principals = _principals_covering(account)
    ram: Any
    for owner, share_region, ram in ram_backends.iter_backends():
        arn = f"arn:{ram.partition}:ec2:{region}:{owner}:transit-gateway/{gateway_id}"
        shared = any(
            share.status == "ACTIVE"
            and arn in share.resource_arns
            and principals & set(share.principals)
            for share in ram.resource_shares
        )
        if shared and share_region == region:
            return ec2_backends[owner][region].transit_gateways.get(gateway_id)
    return None


def attach_to_shared_transit_gateways() -> None:
    """moto keeps transit gateways per account, so an account cannot attach a VPC to a
    gateway another account shares with it through RAM (InvalidTransitGatewayID.NotFound).
    AWS lets it: the attachment is the attaching account's, the gateway's owner sees it
    too, and it is "available" at once where the gateway accepts shared attachments
    automatically ("pendingAcceptance" until the owner accepts it otherwise)."""
    from moto.ec2.models.transit_gateway_attachments import (
        TransitGatewayAttachmentBackend,
        TransitGatewayVpcAttachment,
    )

    create = TransitGatewayAttachmentBackend.create_transit_gateway_vpc_attachment

    def as_in_aws(
        self: Any,
        transit_gateway_id: str,
        vpc_id: str,
        subnet_ids: list[str],
        tags: dict[str, str] | None = None,
        options: dict[str, str] | None = None,
    ) -> Any:
        gateway = None
        if transit_gateway_id not in self.transit_gateways:
            gateway = _shared_transit_gateway(self.account_id, self.region_name, transit_gateway_id)
        if gateway is None:
            return create(self, transit_gateway_id, vpc_id, subnet_ids, tags, options)
        attachment = TransitGatewayVpcAttachment(self, gateway, vpc_id, subnet_ids, tags, options)
        owner = gateway.ec2_backend
        self.transit_gateway_attachments[attachment.id] = attachment
        owner.transit_gateway_attachments[attachment.id] = attachment
        if gateway.options["AutoAcceptSharedAttachments"] == "enable":
            owner.set_route_table_association(attachment.id, gateway.default_route_table.id)
        else:
            attachment.state = "pendingAcceptance"
        return attachment

    TransitGatewayAttachmentBackend.create_transit_gateway_vpc_attachment = as_in_aws  # type: ignore[method-assign]


def keep_attachment_tags_per_account() -> None:
    """moto shows a shared gateway's owner the attaching account's tags on the attachment;
    in AWS tags belong to one account, so the owner's tag filters never match an
    attachment another account made (and tagged)."""
    from moto.ec2.models.transit_gateway_attachments import TransitGatewayAttachmentBackend

    def own_tags_only(describe: Any) -> Any:
        def as_in_aws(
            self: Any, transit_gateways_attachment_ids: Any = None, filters: Any = None
        ) -> Any:
            found = describe(self, transit_gateways_attachment_ids, filters)
            if any(name.startswith("tag") for name in filters or {}):
                found = [attachment for attachment in found if attachment.ec2_backend is self]
            return found

        return as_in_aws

    backend = TransitGatewayAttachmentBackend
    backend.describe_transit_gateway_attachments = own_tags_only(  # type: ignore[method-assign]
        backend.describe_transit_gateway_attachments
    )
    backend.describe_transit_gateway_vpc_attachments = own_tags_only(  # type: ignore[method-assign]
        backend.describe_transit_gateway_vpc_attachments
    )


def route_to_shared_transit_gateways() -> None:
    """moto looks a route's transit gateway up in the route table's own account, and
    drops a target it does not find there; AWS routes to a gateway that another account
    shares with this one through RAM."""
    import inspect

    from moto.ec2.models.route_tables import RouteBackend

    def shared_target(original: Any) -> Any:
        signature = inspect.signature(original)

        def as_in_aws(self: Any, *args: Any, **kwargs: Any) -> Any:
            route = original(self, *args, **kwargs)
            wanted = signature.bind(self, *args, **kwargs).arguments.get("transit_gateway_id")
            if wanted and route.transit_gateway is None:
                route.transit_gateway = _shared_transit_gateway(
                    self.account_id, self.region_name, wanted
                )
            return route

        return as_in_aws

    RouteBackend.create_route = shared_target(RouteBackend.create_route)  # type: ignore[method-assign]
    RouteBackend.replace_route = shared_target(RouteBackend.replace_route)  # type: ignore[method-assign]
