"""Cases of the network rules."""

from __future__ import annotations

from typing import Any

from landform.rules import Unknown
from tests.rules.harness import Aws, ModelCase, RuleCases

WORLD, WORLD_V6 = "0.0.0.0/0", "::/0"
FLOW_LOG, ACL_ENTRY = "AWS::EC2::FlowLog", "AWS::EC2::NetworkAclEntry"


def _reference(address: str) -> Unknown:
    """A reference to the resource at `address`, as the model holds it before apply."""
    return Unknown(f"{address} is known after apply", address)


def _permission(port: int, cidr: str, protocol: str = "tcp") -> dict[str, Any]:
    """An IpPermission admitting `port` (ignored for protocol -1) from `cidr`."""
    ranges = (
        {"Ipv6Ranges": [{"CidrIpv6": cidr}]} if ":" in cidr else {"IpRanges": [{"CidrIp": cidr}]}
    )
    ports = {} if protocol == "-1" else {"FromPort": port, "ToPort": port}
    return {"IpProtocol": protocol, **ports, **ranges}


def _default_vpc(aws: Aws) -> str:
    ec2 = aws("ec2")
    vpcs = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    return str(vpcs[0]["VpcId"])


def _group(aws: Aws, name: str, port: int, cidr: str, protocol: str = "tcp") -> str:
    ec2 = aws("ec2")
    group = ec2.create_security_group(GroupName=name, Description=name, VpcId=_default_vpc(aws))
    ec2.authorize_security_group_ingress(
        GroupId=group["GroupId"], IpPermissions=[_permission(port, cidr, protocol)]
    )
    return str(group["GroupId"])


def _ingress(port: int, cidr: str) -> dict[str, object]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": cidr}


def _ingress_v6(port: int, cidr: str) -> dict[str, object]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIpv6": cidr}


ALL_OUT = {"IpProtocol": "-1", "CidrIp": WORLD}


def _default_group(aws: Aws, closed: bool) -> str:
    """The default security group of a new VPC, its rules removed if `closed`."""
    ec2 = aws("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    filters = [
        {"Name": "vpc-id", "Values": [vpc]},
        {"Name": "group-name", "Values": ["default"]},
    ]
    (group,) = ec2.describe_security_groups(Filters=filters)["SecurityGroups"]
    if closed:
        for direction, listed in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
            if group[listed]:
                revoke = getattr(ec2, f"revoke_security_group_{direction}")
                revoke(GroupId=group["GroupId"], IpPermissions=group[listed])
    return str(group["GroupId"])


def _entry(
    number: int,
    cidr: str,
    ports: tuple[int, int] | None = None,
    *,
    action: str = "allow",
    protocol: int = 6,
    acl: object = None,
    egress: bool = False,
) -> dict[str, object]:
    """A network ACL entry as CloudFormation declares it (of ACL `acl`, by default a
    reference to the ACL "acl")."""
    family = "Ipv6CidrBlock" if ":" in cidr else "CidrBlock"
    entry: dict[str, object] = {
        "NetworkAclId": _reference("acl") if acl is None else acl,
        "RuleNumber": number,
        "RuleAction": action,
        "Protocol": protocol,
        "Egress": egress,
        family: cidr,
    }
    if ports:
        entry["PortRange"] = {"From": ports[0], "To": ports[1]}
    return entry


def _acl_entries(aws: Aws, *entries: tuple[int, str, tuple[int, int]]) -> str:
    """A network ACL of the default VPC with inbound TCP `entries` (number, action,
    ports); the id of its last entry's live read."""
    ec2 = aws("ec2")
    acl = ec2.create_network_acl(VpcId=_default_vpc(aws))["NetworkAcl"]["NetworkAclId"]
    for number, action, (low, high) in entries:
        ec2.create_network_acl_entry(
            NetworkAclId=acl,
            RuleNumber=number,
            Protocol="6",
            RuleAction=action,
            Egress=False,
            CidrBlock=WORLD,
            PortRange={"From": low, "To": high},
        )
    return f"{acl}|ingress|{entries[-1][0]}"


def _flow_log(resource: object, traffic: str = "ALL") -> tuple[str, dict[str, object]]:
    return (FLOW_LOG, {"ResourceId": resource, "ResourceType": "VPC", "TrafficType": traffic})


def _vpc(aws: Aws, logged: bool) -> str:
    """A VPC, with a flow log of all its traffic to CloudWatch Logs if `logged`."""
    ec2 = aws("ec2")
    vpc = str(ec2.create_vpc(CidrBlock="10.8.0.0/16")["Vpc"]["VpcId"])
    if logged:
        ec2.create_flow_logs(
            ResourceIds=[vpc],
            ResourceType="VPC",
            TrafficType="ALL",
            LogGroupName="vpc-flow-logs",
            DeliverLogsPermissionArn="arn:aws:iam::123456789012:role/flow-logs",
        )
    return vpc


VPC = {"CidrBlock": "10.0.0.0/16"}
EPHEMERAL = (1024, 65535)

CASES = {
    "LF-NET-001": RuleCases(
        "AWS::EC2::SecurityGroup",
        passing=[
            {"SecurityGroupIngress": [_ingress(443, WORLD), _ingress(80, WORLD)]},
            {"SecurityGroupIngress": [{"IpProtocol": "-1", "CidrIp": "10.0.0.0/8"}]},
            {"SecurityGroupIngress": [{**_ingress(1024, WORLD), "ToPort": 65535}]},
            {},
        ],
        failing=[
            {"SecurityGroupIngress": [{"IpProtocol": "-1", "CidrIp": WORLD}]},
            {
                "SecurityGroupIngress": [
                    {**_ingress(0, WORLD_V6), "CidrIpv6": WORLD_V6, "ToPort": 65535}
                ]
            },
            {
                "SecurityGroupIngress": [
                    {"IpProtocol": "udp", "FromPort": 0, "ToPort": 65535, "CidrIp": WORLD}
                ]
            },
        ],
        live_passing=lambda aws: _group(aws, "web", 443, WORLD),
        live_failing=lambda aws: _group(aws, "open", 0, WORLD, "-1"),
    ),
    "LF-NET-002": RuleCases(
        "AWS::EC2::SecurityGroup",
        passing=[
            {"SecurityGroupIngress": [_ingress(443, WORLD), _ingress(22, "10.0.0.0/8")]},
            {},
        ],
        failing=[
            {"SecurityGroupIngress": [_ingress(22, WORLD)]},
            {"SecurityGroupIngress": [{"IpProtocol": "-1", "CidrIpv6": WORLD_V6}]},
            {"SecurityGroupIngress": [{**_ingress(3000, WORLD), "ToPort": 4000}]},
        ],
        live_passing=lambda aws: _group(aws, "web", 443, WORLD),
        live_failing=lambda aws: _group(aws, "ssh", 22, WORLD),
    ),
    "LF-NET-003": RuleCases(
        "AWS::EC2::SecurityGroup",
        passing=[
            {"SecurityGroupIngress": [_ingress(443, WORLD), _ingress(80, WORLD)]},
            {"SecurityGroupIngress": [_ingress(5432, "10.0.0.0/16")]},
            {"SecurityGroupIngress": [_ingress(22, WORLD)]},
            {
                "SecurityGroupIngress": [
                    {"IpProtocol": "icmp", "FromPort": -1, "ToPort": -1, "CidrIp": WORLD}
                ]
            },
        ],
        failing=[
            {"SecurityGroupIngress": [_ingress(443, WORLD), _ingress(5432, WORLD)]},
            {"SecurityGroupIngress": [_ingress_v6(6379, WORLD_V6)]},
            {"SecurityGroupIngress": [{**_ingress(8000, WORLD), "ToPort": 9000}]},
            {"SecurityGroupIngress": [{"IpProtocol": "-1", "CidrIp": WORLD}]},
            {"SecurityGroupIngress": [{**_ingress(27017, WORLD), "IpProtocol": "6"}]},
        ],
        live_passing=lambda aws: _group(aws, "web", 443, WORLD),
        live_failing=lambda aws: _group(aws, "mysql", 3306, WORLD),
    ),
    "LF-NET-004": RuleCases(
        "AWS::EC2::SecurityGroup",
        passing=[
            {"GroupName": "default", "SecurityGroupIngress": [], "SecurityGroupEgress": []},
            {"GroupName": "web", "SecurityGroupEgress": [ALL_OUT]},
        ],
        failing=[
            {"GroupName": "default", "SecurityGroupIngress": [], "SecurityGroupEgress": [ALL_OUT]},
            {
                "GroupName": "default",
                "SecurityGroupIngress": [{"IpProtocol": "-1", "SourceSecurityGroupId": "sg-1"}],
            },
        ],
        live_passing=lambda aws: _default_group(aws, closed=True),
        live_failing=lambda aws: _default_group(aws, closed=False),
    ),
    "LF-NET-005": RuleCases(
        ACL_ENTRY,
        passing=[
            _entry(100, WORLD, (443, 443)),
            _entry(100, "10.0.0.0/8", (22, 22)),
            _entry(100, WORLD, (22, 22), action="deny"),
            _entry(100, WORLD, egress=True, protocol=-1),
            _entry(100, WORLD, protocol=17, ports=(0, 65535)),
            ModelCase(
                _entry(120, WORLD, EPHEMERAL),
                neighbours=[(ACL_ENTRY, _entry(90, WORLD, (3389, 3389), action="deny"))],
            ),
            ModelCase(
                _entry(120, WORLD, EPHEMERAL, acl="acl-1"),
                neighbours=[
                    (ACL_ENTRY, _entry(90, WORLD, action="deny", protocol=-1, acl="acl-1"))
                ],
            ),
        ],
        failing=[
            _entry(100, WORLD, (22, 22)),
            _entry(100, WORLD_V6, protocol=-1),
            {**_entry(100, WORLD, (3389, 3389)), "Protocol": "6"},
            _entry(120, WORLD, EPHEMERAL),
            ModelCase(
                _entry(120, WORLD, EPHEMERAL),
                neighbours=[
                    (ACL_ENTRY, _entry(130, WORLD, (3389, 3389), action="deny")),
                    (
                        ACL_ENTRY,
                        _entry(90, WORLD, (3389, 3389), action="deny", acl=_reference("other")),
                    ),
                    (ACL_ENTRY, _entry(91, WORLD_V6, (3389, 3389), action="deny")),
                    (ACL_ENTRY, _entry(92, "10.0.0.0/8", (3389, 3389), action="deny")),
                ],
            ),
        ],
        live_passing=lambda aws: _acl_entries(
            aws, (90, "deny", (3389, 3389)), (100, "allow", EPHEMERAL)
        ),
        live_failing=lambda aws: _acl_entries(aws, (100, "allow", (22, 22))),
    ),
    "LF-NET-006": RuleCases(
        "AWS::EC2::VPC",
        passing=[
            ModelCase(VPC, neighbours=[_flow_log(_reference("case"))]),
            ModelCase(VPC, neighbours=[_flow_log("vpc-other"), _flow_log("case", "REJECT")]),
        ],
        failing=[
            VPC,
            ModelCase(VPC, neighbours=[_flow_log(_reference("other"))]),
            ModelCase(VPC, neighbours=[_flow_log(_reference("case"), "ACCEPT")]),
        ],
        live_passing=lambda aws: _vpc(aws, logged=True),
        live_failing=lambda aws: _vpc(aws, logged=False),
        live_neighbours=(FLOW_LOG,),
    ),
}
