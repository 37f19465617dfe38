"""AWS::EC2::RouteTable, AWS::EC2::Route and AWS::EC2::SubnetRouteTableAssociation

All three are read from one describe_route_tables call, so routes and associations are
found in Landform's own route tables only (in every one when listing everything).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register


def _route_tables(api: Api) -> list[dict[str, Any]]:
    """Landform's route tables (every one, listing everything) with their routes and
    associations: one call per Api."""
    return api.pages("ec2", "describe_route_tables", "RouteTables", Filters=api.owned(OWNED))


@register
class RouteTable(Handler):
    """A route table; its routes and subnet associations are resources of their own."""

    TYPE = "AWS::EC2::RouteTable"

    def list(self, api: Api) -> Iterable[Live]:
        for table in _route_tables(api):
            yield _table(table["RouteTableId"], {"VpcId": table["VpcId"], "Tags": tags_of(table)})

    def create(self, api: Api, props: Props, token: str) -> Live:
        table = api.client("ec2").create_route_table(
            VpcId=props["VpcId"],
            ClientToken=token,
            TagSpecifications=tag_specifications("route-table", props),
        )["RouteTable"]
        return _table(table["RouteTableId"], present(props, ("VpcId", "Tags")))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        sync_tags(api.client("ec2"), current.physical_id, current, desired)
        return _table(current.physical_id, desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidRouteTableID.NotFound"):
            api.client("ec2").delete_route_table(RouteTableId=current.physical_id)


def _table(table_id: str, props: Props) -> Live:
    return Live(table_id, props, {"RouteTableId": table_id})


KEY = (
    "RouteTableId",
    "DestinationCidrBlock",
    "DestinationIpv6CidrBlock",
    "DestinationPrefixListId",
)
"""What identifies a route: its table and its one destination."""

TARGETS = (
    "CarrierGatewayId",
    "CoreNetworkArn",
    "EgressOnlyInternetGatewayId",
    "GatewayId",
    "InstanceId",
    "LocalGatewayId",
    "NatGatewayId",
    "NetworkInterfaceId",
    "OdbNetworkArn",
    "TransitGatewayId",
    "VpcEndpointId",
    "VpcPeeringConnectionId",
)
"""Where a route sends traffic; create_route and replace_route take these names."""


@register
class Route(Handler):
    """A route, known as "rtb-…|destination": it has no id or tags of its own."""

    TYPE = "AWS::EC2::Route"

    def list(self, api: Api) -> Iterable[Live]:
        for table in _route_tables(api):
            for route in table.get("Routes", []):
                if route.get("Origin") == "CreateRoute" and route.get("GatewayId") != "local":
                    yield _route(
                        {"RouteTableId": table["RouteTableId"], **_route_properties(route)}
                    )

    def create(self, api: Api, props: Props, token: str) -> Live:
        route = present(props, (*KEY, *TARGETS))
        api.client("ec2").create_route(**route)
        return _route(route)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        api.client("ec2").replace_route(**present(desired, (*KEY, *TARGETS)))
        return _route(desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidRoute.NotFound", "InvalidRouteTableID.NotFound"):
            api.client("ec2").delete_route(**present(current.properties, KEY))

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(props.get(name) for name in KEY)


def _route(props: Props) -> Live:
    destination = next(props[name] for name in KEY[1:] if name in props)
    return Live(f"{props['RouteTableId']}|{destination}", props, {"CidrBlock": destination})


def _route_properties(route: dict[str, Any]) -> Props:
    """A described route's destination and target; AWS shows an endpoint as a gateway."""
    props = present(route, (*KEY, *TARGETS))
    if str(props.get("GatewayId", "")).startswith("vpce-"):
        props["VpcEndpointId"] = props.pop("GatewayId")
    return props


@register
class SubnetRouteTableAssociation(Handler):
    """A subnet's explicit route table, known by its association id (it has no tags).

    A subnet has one: associating it with another table moves it there, so replacing an
    association creates the new one before it deletes the old.
    """

    TYPE = "AWS::EC2::SubnetRouteTableAssociation"

    def list(self, api: Api) -> Iterable[Live]:
        for table in _route_tables(api):
            for association in table.get("Associations", []):
                state = association.get("AssociationState", {}).get("State")
                if "SubnetId" in association and state in ("associating", "associated"):
                    yield _association(association)

    def create(self, api: Api, props: Props, token: str) -> Live:
        ec2 = api.client("ec2")
        subnet_id, table_id = props["SubnetId"], props["RouteTableId"]
        found = _association_of(ec2, subnet_id)
        if found is None:
            response = ec2.associate_route_table(RouteTableId=table_id, SubnetId=subnet_id)
            association_id = response["AssociationId"]
        elif found["RouteTableId"] != table_id:
            response = ec2.replace_route_table_association(
                AssociationId=found["RouteTableAssociationId"], RouteTableId=table_id
            )
            association_id = response["NewAssociationId"]
        else:
            association_id = found["RouteTableAssociationId"]
        return _association(
            {
                "RouteTableAssociationId": association_id,
                **present(props, ("SubnetId", "RouteTableId")),
            }
        )

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidAssociationID.NotFound"):
            api.client("ec2").disassociate_route_table(AssociationId=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return (props.get("SubnetId"), props.get("RouteTableId"))


def _association(association: dict[str, Any]) -> Live:
    association_id = association["RouteTableAssociationId"]
    props = present(association, ("SubnetId", "RouteTableId"))
    return Live(association_id, props, {"Id": association_id})


def _association_of(ec2: Any, subnet_id: str) -> dict[str, Any] | None:
    """The subnet's explicit association with a route table, if it has one."""
    tables = ec2.describe_route_tables(
        Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}]
    )["RouteTables"]
    found = [a for t in tables for a in t.get("Associations", []) if a.get("SubnetId") == subnet_id]
    return found[0] if found else None
