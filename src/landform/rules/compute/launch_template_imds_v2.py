"""LF-CMP-002: launch templates give their instances IMDSv2 only.

A live read of a launch template carries no LaunchTemplateData (the handler's list does
not read versions): the rule reports it unknown.
"""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.base import UnknownValue
from landform.rules.compute.instance_imds_v2 import imds_v1_allowed
from landform.rules.values import get


@rule(
    id="LF-CMP-002",
    title="Launch template allows IMDSv1",
    severity=Severity.LOW,
    types=("AWS::EC2::LaunchTemplate",),
    remediation='Declare LaunchTemplateData.MetadataOptions with HttpTokens "required" (or '
    "HttpEndpoint disabled) and make that version the default.",
    references=References(fsbp="EC2.170", prowler="ec2_launch_template_imdsv2_required"),
)
def check(subject: Subject) -> str | None:
    if get(subject.properties, "LaunchTemplateData") is None:
        raise UnknownValue("the launch template's data was not read")
    return imds_v1_allowed(subject.properties, "LaunchTemplateData.MetadataOptions")
