"""LF-NET-006: every VPC has flow logs that record rejected traffic.

The flow logs are the VPC's neighbours of type AWS::EC2::FlowLog whose ResourceId names
it: the VPC's id on a live read, a reference to it in the model. A flow log whose
ResourceId is not known and names no resource may be this VPC's: the VPC is then
reported unknown, not failed.
"""

from __future__ import annotations

from landform.rules import References, Severity, Subject, Unknown, rule
from landform.rules.base import UnknownValue
from landform.rules.values import get, refers_to

RECORDING_REJECTS = ("ALL", "REJECT")


@rule(
    id="LF-NET-006",
    title="VPC without flow logs",
    severity=Severity.MEDIUM,
    types=("AWS::EC2::VPC",),
    remediation="Add an AWS::EC2::FlowLog of the VPC with TrafficType ALL (or REJECT), to "
    "CloudWatch Logs or S3; the Network construct adds one unless flow_logs=False.",
    references=References(cis="3.7", fsbp="EC2.6", prowler="vpc_flow_logs_enabled"),
)
def check(subject: Subject) -> str | None:
    undecided: Unknown | None = None
    for flow_log in subject.others("AWS::EC2::FlowLog"):
        target = get(flow_log.properties, "ResourceId")
        if refers_to(target, subject):
            if get(flow_log.properties, "TrafficType") in RECORDING_REJECTS:
                return None
        elif isinstance(target, Unknown) and target.refers_to is None:
            undecided = target
    if undecided is not None:
        raise UnknownValue(f"a flow log may be this VPC's: {undecided.why}")
    return "no flow log records the VPC's rejected traffic"
