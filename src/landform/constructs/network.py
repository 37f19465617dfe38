"""Network: a VPC laid out across availability zones, with safe defaults."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from landform.aws import ec2
from landform.constructs.arguments import check_choice
from landform.constructs.flow_logs import CloudWatchFlowLogs, S3FlowLogs
from landform.constructs.layout import Zone, plan_zones, zone_letters
from landform.constructs.network_acls import NetworkAcls
from landform.constructs.routing import SubnetRoutes
from landform.model import Stack

NatMode = Literal["per-az", "single", "none"]
FlowLogDestination = Literal["cloudwatch", "s3"]


class Network:
    """A VPC with a public and a private subnet in each of `azs` availability zones
    (default 3: the region's zones a, b, c), or in the `zones` named by their letters
    (e.g. `zones=["b", "c"]` in us-west-1, which has no zone a).

    Creates, with logical ids `<name>-<part>`:
    - the VPC (`vpc`), DNS support and hostnames on;
    - per zone `a`, `b`, ...: subnets `public-a` and `private-a` (see layout.py for how
      their blocks are carved from `cidr`);
    - an internet gateway (`igw`) attached to the VPC (`igw-attachment`), and a public
      route table (`public-rt`) sending 0.0.0.0/0 to it, associated with every public
      subnet;
    - NAT gateways (`nat-a`, with an Elastic IP `nat-a-eip`) in public subnets: one per
      zone (`nat="per-az"`), one in the first zone (`"single"`) or none (`"none"`);
    - private route tables sending 0.0.0.0/0 to a NAT gateway when there is one: one per
      zone (`private-a-rt`) with per-az NAT, else one (`private-rt`);
    - a public and a private network ACL, and the VPC's default network ACL closed
      (see network_acls.py);
    - the VPC's default security group with no rules (`default-sg`, a
      Landform::EC2::DefaultSecurityGroup): AWS's rules (all traffic in from the group,
      all out) are revoked, so a resource left in the group reaches nothing; destroying
      the Network gives them back;
    - flow logs of all traffic (`flow-logs`) to CloudWatch Logs or S3, unless
      `flow_logs=False` (see flow_logs.py).

    The account's default VPC is no business of a Network: remove it where the account
    is set up, with a Landform::EC2::NoDefaultVPC in each region.

    Subnets are /`subnet_prefix`, by default /24 or as large as fit. Attributes: `vpc`,
    `zones`, `public_subnets`, `private_subnets`, `internet_gateway`,
    `gateway_attachment`, `public_routes`, `nat_gateways`, `nat_ips`, `private_routes`,
    `network_acls`, `default_security_group`, `flow_logs`.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        cidr: str,
        azs: int | None = None,
        zones: Sequence[str] | None = None,
        nat: NatMode = "per-az",
        flow_logs: bool = True,
        flow_log_destination: FlowLogDestination = "cloudwatch",
        subnet_prefix: int | None = None,
    ) -> None:
        check_choice(stack, name, "nat", nat, get_args(NatMode))
        check_choice(
            stack, name, "flow_log_destination", flow_log_destination, get_args(FlowLogDestination)
        )
        letters = zone_letters(stack, name, azs, zones)
        self.zones = plan_zones(
            stack, name, cidr=cidr, letters=letters, subnet_prefix=subnet_prefix
        )
        self.vpc = ec2.VPC(
            stack,
            f"{name}-vpc",
            cidr_block=cidr,
            enable_dns_support=True,
            enable_dns_hostnames=True,
        )
        self.default_security_group = ec2.DefaultSecurityGroup(
            stack,
            f"{name}-default-sg",
            vpc_id=self.vpc.id,
            security_group_ingress=[],
            security_group_egress=[],
        )
        self.public_subnets = [
            self._subnet(stack, f"{name}-public-{z.letter}", z, z.public_cidr) for z in self.zones
        ]
        self.private_subnets = [
            self._subnet(stack, f"{name}-private-{z.letter}", z, z.private_cidr) for z in self.zones
        ]

        self.internet_gateway = ec2.InternetGateway(stack, f"{name}-igw")
        self.gateway_attachment = ec2.VPCGatewayAttachment(
            stack,
            f"{name}-igw-attachment",
            vpc_id=self.vpc.id,
            internet_gateway_id=self.internet_gateway.id,
        )
        self.public_routes = SubnetRoutes(
            stack,
            f"{name}-public-rt",
            vpc=self.vpc,
            subnets=self.public_subnets,
            internet_gateway=self.internet_gateway,
            depends_on=[self.gateway_attachment],
        )

        nat_count = {"per-az": len(self.zones), "single": 1, "none": 0}[nat]
        self.nat_ips: list[ec2.EIP] = []
        self.nat_gateways: list[ec2.NatGateway] = []
        for zone, subnet in zip(self.zones[:nat_count], self.public_subnets, strict=False):
            self._nat_gateway(stack, f"{name}-nat-{zone.letter}", subnet)

        if nat == "per-az":
            self.private_routes = [
                SubnetRoutes(
                    stack,
                    f"{name}-private-{zone.letter}-rt",
                    vpc=self.vpc,
                    subnets=[subnet],
                    nat_gateway=gateway,
                )
                for zone, subnet, gateway in zip(
                    self.zones, self.private_subnets, self.nat_gateways, strict=True
                )
            ]
        else:
            self.private_routes = [
                SubnetRoutes(
                    stack,
                    f"{name}-private-rt",
                    vpc=self.vpc,
                    subnets=self.private_subnets,
                    nat_gateway=self.nat_gateways[0] if self.nat_gateways else None,
                )
            ]

        self.network_acls = NetworkAcls(
            stack,
            name,
            vpc=self.vpc,
            vpc_cidr=cidr,
            public_subnets=self.public_subnets,
            private_subnets=self.private_subnets,
        )
        destination = S3FlowLogs if flow_log_destination == "s3" else CloudWatchFlowLogs
        self.flow_logs = (
            destination(stack, f"{name}-flow-logs", vpc=self.vpc) if flow_logs else None
        )

    def _subnet(self, stack: Stack, logical_id: str, zone: Zone, cidr: str) -> ec2.Subnet:
        return ec2.Subnet(
            stack, logical_id, vpc_id=self.vpc.id, availability_zone=zone.name, cidr_block=cidr
        )

    def _nat_gateway(self, stack: Stack, logical_id: str, subnet: ec2.Subnet) -> None:
        address = ec2.EIP(
            stack, f"{logical_id}-eip", domain="vpc", depends_on=[self.gateway_attachment]
        )
        gateway = ec2.NatGateway(
            stack, logical_id, allocation_id=address.allocation_id, subnet_id=subnet.id
        )
        self.nat_ips.append(address)
        self.nat_gateways.append(gateway)
