"""Corrections of what moto does when a VPC is deleted."""

from __future__ import annotations

from typing import Any


def delete_the_default_acl_with_its_vpc() -> None:
    """moto 5.2 keeps a VPC's default network ACL when it deletes the VPC (it deletes the
    default security group and main route table); AWS deletes the default ACL with its
    VPC, so no ACL of a deleted VPC is ever listed (or audited)."""
    from moto.ec2.models.vpcs import VPCBackend

    delete_vpc = VPCBackend.delete_vpc

    def as_in_aws(self: Any, vpc_id: str) -> Any:
        vpc = delete_vpc(self, vpc_id)
        for acl in [a for a in self.network_acls.values() if a.vpc_id == vpc_id and a.default]:
            del self.network_acls[acl.id]
        return vpc

    VPCBackend.delete_vpc = as_in_aws  # type: ignore[method-assign]


def make_default_subnets_in_the_default_vpc_only() -> None:
    """moto 5.2 makes the first subnet of a zone that zone's default subnet, whatever its
    VPC: once a region's default VPC is deleted, the next subnet made there is "default"
    (public IPs on), and create-default-vpc then fails in that zone. AWS makes default
    subnets only in the default VPC, one per zone."""
    from moto.ec2.models.subnets import SubnetBackend

    create_subnet = SubnetBackend.create_subnet

    def as_in_aws(self: Any, vpc_id: str, *args: Any, **kwargs: Any) -> Any:
        subnet = create_subnet(self, vpc_id, *args, **kwargs)
        zone = self.subnets.get(subnet.availability_zone, {}).values()
        taken = any(other.default_for_az for other in zone if other is not subnet)
        subnet.default_for_az = self.get_vpc(vpc_id).is_default and not taken
        subnet.map_public_ip_on_launch = subnet.default_for_az
        return subnet

    SubnetBackend.create_subnet = as_in_aws  # type: ignore[method-assign]
