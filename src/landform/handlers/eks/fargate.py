"""AWS::EKS::FargateProfile"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import Api, Live, Props, tag_list
from landform.handlers.eks.common import ClusterPart, from_api, sync_tags, to_api
from landform.handlers.registry import register

CREATE = ("PodExecutionRoleArn", "Subnets")
"""Properties create_fargate_profile takes and describe_fargate_profile returns as they
are (under the API's key names), Selectors aside."""

NAMES = ("ClusterName", "FargateProfileName")


@register
class FargateProfile(ClusterPart):
    """A Fargate profile, named FargateProfileName or else after its address and settings
    (<= 63 characters); its physical id is `cluster|profile`. Everything but Tags is
    create-only: a change replaces the profile (the new one made, under a new name, before
    the old one goes).

    `list` costs, per cluster of the region, list_fargate_profiles and one
    describe_fargate_profile per profile (READERS threads). Selectors are compared with
    state: EKS keeps a selector's labels as a map, losing their declared order. The
    emulator tags only clusters, so the tag update is tested with botocore's Stubber.
    """

    TYPE = "AWS::EKS::FargateProfile"
    KIND = "fargate_profile"
    ITEM = "fargateProfile"
    LISTED = "fargateProfileNames"
    NAME_PARAM = "fargateProfileName"
    NAME_PROPERTY = "FargateProfileName"
    CREATE_ONLY = ("PodExecutionRoleArn", "Selectors", "Subnets")
    RECORDED = (*CREATE, *NAMES, "Selectors", "Tags")
    SEPARATOR = "|"
    TIMEOUT = 20 * 60.0
    WHAT = "EKS Fargate profile"
    UNREADABLE = frozenset({"Selectors"})

    def create_params(self, props: Props) -> Props:
        selectors = [_api_selector(s) for s in props["Selectors"]]
        return {**to_api(props, CREATE), "selectors": selectors}

    def properties(self, item: Mapping[str, Any]) -> Props:
        """Selector labels sorted by key."""
        return {
            **from_api(item, (*CREATE, *NAMES)),
            "Selectors": [_selector(s) for s in item.get("selectors", [])],
            "Tags": tag_list(item.get("tags")),
        }

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        return {"Arn": item["fargateProfileArn"]}

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        have = current.properties.get("Tags")
        sync_tags(api.client("eks"), current.attributes["Arn"], have, desired.get("Tags"))
        return Live(current.physical_id, desired, current.attributes)


def _api_selector(selector: Mapping[str, Any]) -> Props:
    """A CloudFormation selector as the API takes it (labels a map)."""
    labels = {label["Key"]: label["Value"] for label in selector.get("Labels", [])}
    return {"namespace": selector["Namespace"], **({"labels": labels} if labels else {})}


def _selector(selector: Mapping[str, Any]) -> Props:
    """An API selector in CloudFormation shape (labels a list of Key and Value)."""
    labels = [{"Key": k, "Value": v} for k, v in sorted((selector.get("labels") or {}).items())]
    return {"Namespace": selector["namespace"], **({"Labels": labels} if labels else {})}
