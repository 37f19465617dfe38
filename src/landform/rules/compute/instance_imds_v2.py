"""LF-CMP-001: EC2 instances answer instance metadata requests over IMDSv2 only."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.rules import References, Severity, Subject, rule
from landform.rules.base import UnknownValue
from landform.rules.values import get, present


@rule(
    id="LF-CMP-001",
    title="EC2 instance accepts IMDSv1",
    severity=Severity.HIGH,
    types=("AWS::EC2::Instance",),
    remediation='Declare metadata_options={"HttpTokens": "required", ...} (the Instance '
    "construct does), or HttpEndpoint disabled where nothing on the instance reads "
    "metadata.",
    references=References(cis="5.6", fsbp="EC2.8", prowler="ec2_instance_imdsv2_enabled"),
)
def check(subject: Subject) -> str | None:
    undeclared = get(subject.properties, "MetadataOptions") is None
    if undeclared and present(get(subject.properties, "LaunchTemplate")):
        raise UnknownValue("the instance's metadata options come from its launch template")
    return imds_v1_allowed(subject.properties, "MetadataOptions")


def imds_v1_allowed(properties: Mapping[str, Any], options: str) -> str | None:
    """What is wrong with the metadata options at path `options` if they allow IMDSv1
    (as they do where not declared)."""
    if get(properties, f"{options}.HttpEndpoint") == "disabled":
        return None
    tokens = get(properties, f"{options}.HttpTokens")
    if tokens == "required":
        return None
    return f"instance metadata is open to IMDSv1 (HttpTokens {tokens or 'not set'}, not required)"
