"""LF-IAM-003: EC2 instances get AWS credentials from a role, through an instance profile."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, present


@rule(
    id="LF-IAM-003",
    title="EC2 instance has no instance profile",
    severity=Severity.MEDIUM,
    types=("AWS::EC2::Instance",),
    remediation="Give the instance an IamInstanceProfile whose role grants what its "
    "software needs, instead of access keys stored on the instance.",
    references=References(cis="1.18", prowler="ec2_instance_profile_attached"),
)
def check(subject: Subject) -> str | None:
    if present(get(subject.properties, "IamInstanceProfile")):
        return None
    return "the instance has no IAM instance profile"
