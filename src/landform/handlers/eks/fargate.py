"""AWS::EKS::FargateProfile"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import (
    Api,
    Live,
    Props,
    error_code,
    ignoring,
    present,
    read_each,
    tag_list,
)
from landform.handlers.eks.common import (
    ClusterPart,
    cluster_names,
    derived_name,
    eks_tags,
    from_api,
    kept,
    sync_tags,
    take_over,
    to_api,
)
from landform.handlers.registry import register

CREATE = ("PodExecutionRoleArn", "Subnets")
"""Properties create_fargate_profile takes and describe_fargate_profile returns as they
are (under the API's key names), Selectors aside."""

NAMES = ("ClusterName", "FargateProfileName")

CREATE_ONLY = ("PodExecutionRoleArn", "Selectors", "Subnets")
"""Create-only properties: a name derived from the address takes a digest of them, so a
replacement has a new name."""


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
    NAME_PARAM = "fargateProfileName"
    SEPARATOR = "|"
    TIMEOUT = 20 * 60.0
    UNREADABLE = frozenset({"Selectors"})

    def list(self, api: Api) -> Iterable[Live]:
        eks = api.client("eks")
        pairs = [(c, p) for c in cluster_names(api) for p in _profile_names(api, c)]
        found = read_each(lambda pair: _describe(eks, *pair), pairs)
        return [_live(profile) for profile in found if kept(api, profile)]

    def create(self, api: Api, props: Props, token: str) -> Live:
        eks = api.client("eks")
        cluster = props["ClusterName"]
        name = props.get("FargateProfileName") or derived_name(api, props, CREATE_ONLY, 63)
        try:
            profile = eks.create_fargate_profile(
                **to_api(props, CREATE),
                clusterName=cluster,
                fargateProfileName=name,
                selectors=[_api_selector(s) for s in props["Selectors"]],
                tags=eks_tags(props.get("Tags")),
                clientRequestToken=token,
            )["fargateProfile"]
        except Exception as error:
            if error_code(error) != "ResourceInUseException":
                raise
            answer = eks.describe_fargate_profile(clusterName=cluster, fargateProfileName=name)
            what = f"EKS Fargate profile {cluster}/{name}"
            take_over(answer["fargateProfile"], props, "FargateProfileName", what)
            return _live(answer["fargateProfile"])
        created = present(props, (*CREATE, *NAMES, "Selectors", "Tags"))
        return Live(f"{cluster}|{name}", created, {"Arn": profile["fargateProfileArn"]})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        have = current.properties.get("Tags")
        sync_tags(api.client("eks"), current.attributes["Arn"], have, desired.get("Tags"))
        return Live(current.physical_id, desired, current.attributes)


def _profile_names(api: Api, cluster: str) -> list[str]:
    """The profiles of a cluster; none for a cluster deleted since it was listed."""
    with ignoring("ResourceNotFoundException"):
        return list(
            api.pages("eks", "list_fargate_profiles", "fargateProfileNames", clusterName=cluster)
        )
    return []


def _describe(eks: Any, cluster: str, name: str) -> Any:
    """A profile as described; None for one deleted since it was listed."""
    with ignoring("ResourceNotFoundException"):
        answer = eks.describe_fargate_profile(clusterName=cluster, fargateProfileName=name)
        return answer["fargateProfile"]
    return None


def _live(profile: Mapping[str, Any]) -> Live:
    """A described profile in CloudFormation shape (selector labels sorted by key)."""
    props = {
        **from_api(profile, (*CREATE, *NAMES)),
        "Selectors": [_selector(s) for s in profile.get("selectors", [])],
        "Tags": tag_list(profile.get("tags")),
    }
    physical_id = f"{profile['clusterName']}|{profile['fargateProfileName']}"
    return Live(physical_id, props, {"Arn": profile["fargateProfileArn"]})


def _api_selector(selector: Mapping[str, Any]) -> Props:
    """A CloudFormation selector as the API takes it (labels a map)."""
    labels = {label["Key"]: label["Value"] for label in selector.get("Labels", [])}
    return {"namespace": selector["Namespace"], **({"labels": labels} if labels else {})}


def _selector(selector: Mapping[str, Any]) -> Props:
    """An API selector in CloudFormation shape (labels a list of Key and Value)."""
    labels = [{"Key": k, "Value": v} for k, v in sorted((selector.get("labels") or {}).items())]
    return {"Namespace": selector["namespace"], **({"Labels": labels} if labels else {})}
