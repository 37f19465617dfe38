"""AWS::EC2::FlowLog"""

from __future__ import annotations

from collections.abc import Iterable

from landform.errors import LandformError
from landform.handlers.base import Api, Handler, Live, Props, ignoring, present
from landform.handlers.ec2.common import OWNED, sync_tags, tag_specifications, tags_of
from landform.handlers.registry import register

_SAME = (
    "TrafficType",
    "LogDestinationType",
    "LogDestination",
    "LogGroupName",
    "DeliverLogsPermissionArn",
    "DeliverCrossAccountRole",
    "LogFormat",
    "MaxAggregationInterval",
    "DestinationOptions",
    "TagFieldSpecifications",
)
"""What create_flow_logs takes and describe_flow_logs returns, under CloudFormation's names."""

_RESOURCE_TYPES = (
    ("tgw-attach-", "TransitGatewayAttachment"),
    ("tgw-", "TransitGateway"),
    ("vpc-", "VPC"),
    ("subnet-", "Subnet"),
    ("eni-", "NetworkInterface"),
)
"""describe_flow_logs does not return ResourceType: the ResourceId's prefix tells it."""


@register
class FlowLog(Handler):
    """A flow log of one resource; only its tags change in place."""

    TYPE = "AWS::EC2::FlowLog"

    def list(self, api: Api) -> Iterable[Live]:
        for flow_log in api.pages("ec2", "describe_flow_logs", "FlowLogs", Filter=api.owned(OWNED)):
            props = {
                **present(flow_log, ("ResourceId", *_SAME)),
                **_resource_type(flow_log["ResourceId"]),
                "Tags": tags_of(flow_log),
            }
            yield Live(flow_log["FlowLogId"], props, {"Id": flow_log["FlowLogId"]})

    def create(self, api: Api, props: Props, token: str) -> Live:
        result = api.client("ec2").create_flow_logs(
            ResourceIds=[props["ResourceId"]],
            ResourceType=props["ResourceType"],
            **present(props, _SAME),
            TagSpecifications=tag_specifications("vpc-flow-log", props),
            ClientToken=token,
        )
        for failure in result.get("Unsuccessful", ()):
            error = failure["Error"]
            raise LandformError(
                f"AWS did not create the flow log of {failure['ResourceId']}: "
                f"{error['Code']}: {error['Message']}"
            )
        (flow_log_id,) = result["FlowLogIds"]
        created = present(props, ("ResourceId", "ResourceType", *_SAME, "Tags"))
        return Live(flow_log_id, created, {"Id": flow_log_id})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        sync_tags(api.client("ec2"), current.physical_id, current, desired)
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("InvalidFlowLogId.NotFound"):
            api.client("ec2").delete_flow_logs(FlowLogIds=[current.physical_id])


def _resource_type(resource_id: str) -> dict[str, str]:
    for prefix, type_name in _RESOURCE_TYPES:
        if resource_id.startswith(prefix):
            return {"ResourceType": type_name}
    return {}
