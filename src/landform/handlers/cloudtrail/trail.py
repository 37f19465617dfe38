"""AWS::CloudTrail::Trail"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    address_of,
    ignoring,
    physical_name,
    read_each,
    tag_delta,
    tag_list,
)
from landform.handlers.registry import register

SETTINGS = {
    "S3KeyPrefix": ("S3KeyPrefix", ""),
    "KMSKeyId": ("KmsKeyId", ""),
    "IncludeGlobalServiceEvents": ("IncludeGlobalServiceEvents", True),
    "IsMultiRegionTrail": ("IsMultiRegionTrail", False),
    "IsOrganizationTrail": ("IsOrganizationTrail", False),
    "EnableLogFileValidation": ("LogFileValidationEnabled", False),
    "CloudWatchLogsLogGroupArn": ("CloudWatchLogsLogGroupArn", ""),
    "CloudWatchLogsRoleArn": ("CloudWatchLogsRoleArn", ""),
}
"""Properties create_trail and update_trail take besides the bucket, with the name
describe_trails reads each back under, and what a trail has where one is not set (an
empty string removes a setting)."""
PARAMETERS = {"KMSKeyId": "KmsKeyId"}
"""Where the API's parameter is not named as the property."""
DEFAULT_SELECTORS = [{"ReadWriteType": "All", "IncludeManagementEvents": True}]
"""What a trail logs where EventSelectors are not declared: every management event."""
TAGGED_AT_ONCE = 20
"""ARNs list_tags takes in one call."""
NAME_LENGTH = 128


@register
class Trail(Handler):
    """A trail, named TrailName or else after its address; its physical id is its name
    (what CloudFormation's Ref returns). IsLogging starts and stops logging. A setting
    no longer declared is reset to what a new trail has.

    `list` costs one describe_trails, one list_tags per 20 trails of the region (a
    region holds at most 5), and a get_trail_status and a get_event_selectors per trail
    Landform owns, made by READERS threads. KMSKeyId is compared with state, since AWS
    reads back the key's ARN for an alias or key id. SnsTopicName, AdvancedEventSelectors,
    InsightSelectors and AggregationConfigurations are not managed yet.
    """

    TYPE = "AWS::CloudTrail::Trail"
    NAME = "TrailName"
    UNREADABLE = frozenset({"KMSKeyId"})
    UNSUPPORTED = frozenset(
        {
            "SnsTopicName",
            "AdvancedEventSelectors",
            "InsightSelectors",
            "AggregationConfigurations",
        }
    )

    def list(self, api: Api) -> Iterable[Live]:
        trails = [
            trail
            for trail in api.pages(
                "cloudtrail",
                "describe_trails",
                "trailList",
                trailNameList=[],
                includeShadowTrails=False,
            )
            if trail.get("HomeRegion") == api.region
        ]
        arns = [trail["TrailARN"] for trail in trails]
        tags: dict[str, list[dict[str, str]]] = {}
        for start in range(0, len(arns), TAGGED_AT_ONCE):
            for item in api.pages(
                "cloudtrail",
                "list_tags",
                "ResourceTagList",
                ResourceIdList=arns[start : start + TAGGED_AT_ONCE],
            ):
                tags[item["ResourceId"]] = tag_list(item.get("TagsList"))
        kept = [trail for trail in trails if api.keeps(tags.get(trail["TrailARN"]))]
        client = api.client("cloudtrail")
        found = read_each(lambda trail: _read(client, trail, tags.get(trail["TrailARN"], [])), kept)
        return [live for live in found if live is not None]

    def create(self, api: Api, props: Props, token: str) -> Live:
        cloudtrail = api.client("cloudtrail")
        name = props.get("TrailName") or physical_name(
            address_of(props), api.account, api.region, NAME_LENGTH
        )
        settings = {_parameter(k): props[k] for k in SETTINGS if k in props}
        trail = cloudtrail.create_trail(
            Name=name,
            S3BucketName=props["S3BucketName"],
            TagsList=tag_list(props.get("Tags")),
            **settings,
        )
        if "EventSelectors" in props:
            cloudtrail.put_event_selectors(TrailName=name, EventSelectors=props["EventSelectors"])
        if props["IsLogging"]:
            cloudtrail.start_logging(Name=name)
        return Live(name, dict(props), _attributes(trail))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        cloudtrail = api.client("cloudtrail")
        name = current.physical_id
        have = current.properties
        changes = {
            _parameter(k): desired.get(k, default)
            for k, (_, default) in SETTINGS.items()
            if desired.get(k, default) != have.get(k, default)
        }
        if desired["S3BucketName"] != have.get("S3BucketName"):
            changes["S3BucketName"] = desired["S3BucketName"]
        if changes:
            cloudtrail.update_trail(Name=name, **changes)
        selectors = desired.get("EventSelectors", DEFAULT_SELECTORS)
        if _essential(selectors) != _essential(have.get("EventSelectors", DEFAULT_SELECTORS)):
            cloudtrail.put_event_selectors(TrailName=name, EventSelectors=selectors)
        if desired["IsLogging"] != have.get("IsLogging"):
            switch = cloudtrail.start_logging if desired["IsLogging"] else cloudtrail.stop_logging
            switch(Name=name)
        arn = current.attributes["Arn"]
        stale, fresh = tag_delta(have.get("Tags"), desired.get("Tags"))
        if stale:
            cloudtrail.remove_tags(ResourceId=arn, TagsList=[{"Key": key} for key in stale])
        if fresh:
            cloudtrail.add_tags(ResourceId=arn, TagsList=tag_list(fresh))
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("TrailNotFoundException"):
            api.client("cloudtrail").delete_trail(Name=current.physical_id)


def _parameter(name: str) -> str:
    return PARAMETERS.get(name, name)


def _essential(selectors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event selectors without the empty lists AWS reads back for what is not set."""
    return [{k: v for k, v in selector.items() if v != []} for selector in selectors]


def _read(cloudtrail: Any, trail: Mapping[str, Any], tags: list[dict[str, str]]) -> Live | None:
    """The trail in CloudFormation shape, with its logging status and event selectors
    (None if it was deleted meanwhile)."""
    arn = trail["TrailARN"]
    with ignoring("TrailNotFoundException"):
        logging = cloudtrail.get_trail_status(Name=arn)["IsLogging"]
        selectors = cloudtrail.get_event_selectors(TrailName=arn).get("EventSelectors")
        props: Props = {
            "TrailName": trail["Name"],
            "S3BucketName": trail["S3BucketName"],
            "IsLogging": logging,
            "Tags": tags,
        }
        for name, (described, _) in SETTINGS.items():
            if trail.get(described) not in (None, ""):
                props[name] = trail[described]
        if selectors:
            props["EventSelectors"] = selectors
        return Live(trail["Name"], props, _attributes(trail))
    return None


def _attributes(trail: Mapping[str, Any]) -> dict[str, Any]:
    """The Fn::GetAtt values: the trail's ARN, and its SNS topic's where it has one."""
    attributes = {"Arn": trail["TrailARN"]}
    if trail.get("SnsTopicARN"):
        attributes["SnsTopicArn"] = trail["SnsTopicARN"]
    return attributes
