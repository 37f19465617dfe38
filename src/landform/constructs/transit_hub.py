"""TransitHub: one transit gateway in a shared-services account, shared with workload
accounts through AWS RAM, and the VPC attachments those accounts make to it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from landform.aws import ec2, ram
from landform.constructs.network import Network
from landform.errors import ValidationError
from landform.model import Input, Stack
from landform.model.accounts import AccountTarget


class TransitHub:
    """An AWS::EC2::TransitGateway `<name>` that accepts the attachments of the accounts
    it is shared with, and an AWS::RAM::ResourceShare `<name>-share` sharing it with
    `share_with` (accounts of the organization or by id; no principal outside the
    organization).

    `attach(network)` attaches a network of one of those accounts: its private subnets
    join the gateway, and each private route table sends `routes` (the other networks'
    blocks) to it.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        share_with: Iterable[AccountTarget],
        amazon_side_asn: int = 64512,
        description: str | None = None,
    ) -> None:
        self.name = name
        self.gateway = ec2.TransitGateway(
            stack,
            name,
            amazon_side_asn=amazon_side_asn,
            description=description or f"{name}: the organization's network hub",
            auto_accept_shared_attachments="enable",
            default_route_table_association="enable",
            default_route_table_propagation="enable",
            dns_support="enable",
        )
        self.share = ram.ResourceShare(
            stack,
            f"{name}-share",
            name=f"{stack.app.name}-{name}",
            resource_arns=[self.gateway.attr("TransitGatewayArn")],
            principals=[_principal(stack, target) for target in share_with],
            allow_external_principals=False,
        )

    def attach(
        self, network: Network, *, routes: Sequence[str] = ()
    ) -> ec2.TransitGatewayAttachment:
        """Attach `network` (in an account the gateway is shared with) by its private
        subnets, sending `routes` from its private route tables to the gateway."""
        stack = network.vpc.stack
        attachment = ec2.TransitGatewayAttachment(
            stack,
            f"{self.name}-attachment",
            transit_gateway_id=self.gateway.id,
            vpc_id=network.vpc.id,
            subnet_ids=[subnet.id for subnet in network.private_subnets],
            depends_on=[self.share],
        )
        for private in network.private_routes:
            for number, cidr in enumerate(routes, start=1):
                ec2.Route(
                    stack,
                    f"{private.table.logical_id}-{self.name}-{number}",
                    route_table_id=private.table.id,
                    destination_cidr_block=cidr,
                    transit_gateway_id=self.gateway.id,
                    depends_on=[attachment],
                )
        return attachment


def _principal(stack: Stack, target: AccountTarget) -> Input[str]:
    if target.resource is not None:
        return target.resource.attr("AccountId")
    if target.id is None:
        raise ValidationError(
            "a transit gateway is shared with other accounts, not the caller's own",
            where=stack.where(),
            hint="share_with the organization's member accounts (org.account(name))",
        )
    return target.id
