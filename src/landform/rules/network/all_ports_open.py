"""LF-NET-001: no security group admits every port from the whole internet."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.network.openings import security_group_openings


@rule(
    id="LF-NET-001",
    title="Security group admits all ports from the internet",
    severity=Severity.CRITICAL,
    types=("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"),
    remediation="Admit from 0.0.0.0/0 and ::/0 only the ports a public service listens on "
    "(such as 443 on a load balancer), and everything else from known address ranges or "
    "security groups.",
    references=References(
        cis="5.2",
        fsbp="EC2.19",
        prowler="ec2_securitygroup_allow_ingress_from_internet_to_all_ports",
    ),
)
def check(subject: Subject) -> str | None:
    for opening in security_group_openings(subject):
        if opening.every_port:
            what = "all traffic" if opening.protocol == "-1" else f"every {opening.protocol} port"
            return f"{what} is open to {opening.source}"
    return None
