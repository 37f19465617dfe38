"""LF-NET-002: no security group admits SSH or RDP from the whole internet."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.network.openings import security_group_openings

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}


@rule(
    id="LF-NET-002",
    title="Security group admits SSH or RDP from the internet",
    severity=Severity.HIGH,
    types=("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"),
    remediation="Admit 22 and 3389 from known address ranges or security groups only, "
    "or reach instances through SSM Session Manager instead of SSH/RDP.",
    references=References(
        cis="5.2",
        fsbp="EC2.13",
        prowler="ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
    ),
)
def check(subject: Subject) -> str | None:
    for opening in security_group_openings(subject):
        for port, name in ADMIN_PORTS.items():
            if opening.admits(port):
                return f"{name} (port {port}) is open to {opening.source}"
    return None
