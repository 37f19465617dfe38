"""LF-NET-004: a VPC's default security group has no rules."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, listed


@rule(
    id="LF-NET-004",
    title="Default security group has rules",
    severity=Severity.HIGH,
    types=("AWS::EC2::SecurityGroup",),
    remediation="Put resources in security groups of their own and remove every inbound and "
    "outbound rule of each VPC's default security group (it cannot be deleted), so a "
    "resource left in it reaches nothing.",
    references=References(
        cis="5.4", fsbp="EC2.2", prowler="ec2_securitygroup_default_restrict_traffic"
    ),
)
def check(subject: Subject) -> str | None:
    if get(subject.properties, "GroupName") != "default":
        return None
    inbound = listed(get(subject.properties, "SecurityGroupIngress"))
    outbound = listed(get(subject.properties, "SecurityGroupEgress"))
    if inbound or outbound:
        return (
            f"the VPC's default security group has {len(inbound)} inbound and "
            f"{len(outbound)} outbound rule(s)"
        )
    return None
