"""LF-NET-003: no security group admits a high-risk port from the whole internet.

SSH and RDP are LF-NET-002's; 80 and 443 are a web tier's and allowed.
"""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.network.openings import security_group_openings

HIGH_RISK_PORTS = {
    20: "FTP data",
    21: "FTP",
    23: "Telnet",
    25: "SMTP",
    110: "POP3",
    135: "RPC",
    137: "NetBIOS",
    138: "NetBIOS",
    139: "NetBIOS",
    143: "IMAP",
    445: "SMB",
    1433: "SQL Server",
    1434: "SQL Server",
    1521: "Oracle",
    2483: "Oracle",
    3000: "development web server",
    3306: "MySQL",
    4333: "mSQL",
    5000: "development web server",
    5432: "PostgreSQL",
    5500: "fcp-addr-srvr1",
    5601: "OpenSearch Dashboards",
    6379: "Redis",
    7199: "Cassandra",
    8080: "HTTP proxy",
    8088: "legacy HTTP",
    8888: "alternative HTTP",
    9092: "Kafka",
    9160: "Cassandra",
    9200: "OpenSearch",
    9300: "OpenSearch",
    11211: "Memcached",
    27017: "MongoDB",
    27018: "MongoDB",
}
"""TCP ports of AWS Foundational Security Best Practices EC2.19 and of Prowler's
port-by-port checks, but SSH and RDP."""


@rule(
    id="LF-NET-003",
    title="Security group admits a high-risk port from the internet",
    severity=Severity.CRITICAL,
    types=("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress"),
    remediation="Admit databases, caches, file sharing, mail and development servers from "
    "known address ranges or security groups only (the tier in front of them), never from "
    "0.0.0.0/0 or ::/0.",
    references=References(
        fsbp="EC2.19",
        prowler="ec2_securitygroup_allow_ingress_from_internet_to_high_risk_tcp_ports",
    ),
)
def check(subject: Subject) -> str | None:
    for opening in security_group_openings(subject):
        exposed = [
            f"{name} (port {port})"
            for port, name in HIGH_RISK_PORTS.items()
            if opening.admits(port)
        ]
        if exposed:
            more = f" and {len(exposed) - 3} more" if len(exposed) > 3 else ""
            return f"open to {opening.source}: {', '.join(exposed[:3])}{more}"
    return None
