"""A route table for a set of subnets, with a default route to a gateway."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from landform.aws import ec2
from landform.constructs.layout import ANYWHERE
from landform.model import Resource, Stack


class SubnetRoutes:
    """An AWS::EC2::RouteTable associated with `subnets`, and its default route.

    The default route (0.0.0.0/0) goes to the internet gateway or the NAT gateway given,
    and is left out when neither is.
    """

    def __init__(
        self,
        stack: Stack,
        logical_id: str,
        *,
        vpc: ec2.VPC,
        subnets: Sequence[ec2.Subnet],
        internet_gateway: ec2.InternetGateway | None = None,
        nat_gateway: ec2.NatGateway | None = None,
        depends_on: Iterable[Resource] = (),
    ) -> None:
        self.table = ec2.RouteTable(stack, logical_id, vpc_id=vpc.id)
        self.default_route: ec2.Route | None = None
        if internet_gateway is not None or nat_gateway is not None:
            self.default_route = ec2.Route(
                stack,
                f"{logical_id}-default",
                route_table_id=self.table.id,
                destination_cidr_block=ANYWHERE,
                gateway_id=internet_gateway.id if internet_gateway else None,
                nat_gateway_id=nat_gateway.id if nat_gateway else None,
                depends_on=depends_on,
            )
        self.associations = [
            ec2.SubnetRouteTableAssociation(
                stack,
                f"{subnet.logical_id}-rt-assoc",
                route_table_id=self.table.id,
                subnet_id=subnet.id,
            )
            for subnet in subnets
        ]
