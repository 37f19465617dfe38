"""A report of real findings for the output formats' tests: rule LF-NET-002 failing,
suppressed and unknown, on security groups in two accounts."""

from __future__ import annotations

from landform.rules.base import Subject, Unknown
from landform.rules.runner import Report, evaluate

RULE = "LF-NET-002"
GROUP = "AWS::EC2::SecurityGroup"
SCRIPT = '<script>alert("x")</script>'
"""A resource name that must never reach a page as markup."""
REASON = "public bastion, IP-restricted & logged"


def _ingress(port: int, cidr: str) -> dict[str, object]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": cidr}


SUBJECTS = [
    Subject(
        GROUP,
        "web/Lb",
        {"SecurityGroupIngress": [_ingress(443, "0.0.0.0/0")]},
        "111122223333",
        "us-east-1",
        "app.py:9",
    ),
    Subject(
        GROUP,
        SCRIPT,
        {"SecurityGroupIngress": [_ingress(22, "0.0.0.0/0")]},
        "111122223333",
        "us-east-1",
        "stacks/web app.py:12",
    ),
    Subject(
        GROUP,
        "sg-0bastion",
        {"SecurityGroupIngress": [_ingress(3389, "0.0.0.0/0")]},
        "444455556666",
        "eu-west-1",
        suppressions={RULE: REASON},
    ),
    Subject(
        GROUP,
        "admin/Sg",
        {"SecurityGroupIngress": Unknown("admin/Rules.Ingress is known after apply")},
        "111122223333",
        "us-east-1",
        "/srv/stacks/admin.py:40",
    ),
]
"""One group complies, one fails, one fails with a written reason, and one cannot be
told (its ingress is known after apply)."""


def findings_report() -> Report:
    """SUBJECTS run through the rules, keeping RULE's findings (other rules of the type,
    such as the tag policy, would find things too)."""
    report = evaluate(SUBJECTS)
    return Report([f for f in report.findings if f.rule.id == RULE], checked=len(SUBJECTS))
