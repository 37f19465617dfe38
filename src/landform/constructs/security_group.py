"""WebSecurityGroup: a security group for a web-facing tier."""

from __future__ import annotations

from typing import Any

from landform.aws import ec2
from landform.constructs.layout import ANYWHERE
from landform.model import Ref, Stack


class WebSecurityGroup:
    """An AWS::EC2::SecurityGroup `<name>` in `vpc`: inbound HTTPS (443) and HTTP (80)
    over TCP from anywhere, outbound everything.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        vpc: ec2.VPC,
        description: str = "Web tier: HTTPS and HTTP from anywhere",
    ) -> None:
        self.group = ec2.SecurityGroup(
            stack,
            name,
            group_description=description,
            vpc_id=vpc.id,
            security_group_ingress=[_from_anywhere(443, "HTTPS"), _from_anywhere(80, "HTTP")],
            security_group_egress=[
                {"IpProtocol": "-1", "CidrIp": ANYWHERE, "Description": "All outbound"}
            ],
        )

    @property
    def id(self) -> Ref:
        """The security group's id."""
        return self.group.group_id


def _from_anywhere(port: int, description: str) -> dict[str, Any]:
    return {
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
        "CidrIp": ANYWHERE,
        "Description": f"{description} from anywhere",
    }
