"""AWS::EKS::Nodegroup"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import Api, Live, Props
from landform.handlers.eks.common import (
    ClusterPart,
    camel,
    eks_tags,
    from_api,
    settle,
    sync_tags,
    to_api,
)
from landform.handlers.registry import register

CREATE = (
    "NodeRole",
    "Subnets",
    "ScalingConfig",
    "DiskSize",
    "InstanceTypes",
    "AmiType",
    "RemoteAccess",
    "Labels",
    "Taints",
    "UpdateConfig",
    "CapacityType",
    "Version",
    "ReleaseVersion",
)
"""Properties create_nodegroup takes, and describe_nodegroup returns (API key names)."""

VERSIONS = ("Version", "ReleaseVersion")
"""What update_nodegroup_version changes."""

ATTRIBUTES = (
    "ClusterName",
    "NodegroupName",
    "AmiType",
    "CapacityType",
    "DiskSize",
    "InstanceTypes",
    "NodeRole",
    "ReleaseVersion",
    "Subnets",
    "Taints",
    "Version",
)
"""GetAtt names that are properties read back."""


@register
class Nodegroup(ClusterPart):
    """A managed node group, named NodegroupName or else after its address and create-only
    settings (<= 63 characters; a replacement is made, under a new name, before the old one
    goes); its physical id is `cluster/nodegroup`.

    `list` costs, per cluster of the region, list_nodegroups and one describe_nodegroup
    per node group (READERS threads). In place: Labels, Taints, ScalingConfig and
    UpdateConfig (update_nodegroup_config; a ScalingConfig or UpdateConfig no longer
    declared is left as it is, as CloudFormation does), Version and ReleaseVersion
    (update_nodegroup_version, forced with ForceUpdateEnabled), each waited on until it
    has succeeded and the node group is active again; and Tags. The emulator has no
    update_nodegroup_version and tags only clusters, so those paths are tested with
    botocore's Stubber.
    """

    TYPE = "AWS::EKS::Nodegroup"
    KIND = "nodegroup"
    ITEM = "nodegroup"
    LISTED = "nodegroups"
    NAME_PARAM = "nodegroupName"
    NAME_PROPERTY = "NodegroupName"
    CREATE_ONLY = (
        "AmiType",
        "CapacityType",
        "DiskSize",
        "InstanceTypes",
        "NodeRole",
        "RemoteAccess",
        "Subnets",
    )
    RECORDED = (*CREATE, "ClusterName", "NodegroupName", "Tags")
    SEPARATOR = "/"
    TIMEOUT = 40 * 60.0
    WHAT = "EKS node group"
    UNSUPPORTED = frozenset({"LaunchTemplate", "NodeRepairConfig", "WarmPoolConfig"})

    def create_params(self, props: Props) -> Props:
        return to_api(props, CREATE)

    def properties(self, item: Mapping[str, Any]) -> Props:
        """Tags a map, as the schema has them."""
        return {
            **from_api(item, (*CREATE, "ClusterName", "NodegroupName")),
            "Tags": eks_tags(item.get("tags")),
        }

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        physical_id = self.physical_id(item["clusterName"], item[self.NAME_PARAM])
        return {"Arn": item["nodegroupArn"], "Id": physical_id, **from_api(item, ATTRIBUTES)}

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        eks = api.client("eks")
        cluster, name = self.ids(current)
        have = current.properties
        config = _config_changes(have, desired)
        if config:
            answer = eks.update_nodegroup_config(clusterName=cluster, nodegroupName=name, **config)
            self._settle(api, answer, current)
        versions = [k for k in VERSIONS if k in desired and desired[k] != have.get(k)]
        if versions:
            answer = eks.update_nodegroup_version(
                clusterName=cluster,
                nodegroupName=name,
                force=desired.get("ForceUpdateEnabled", False),
                **to_api(desired, versions),
            )
            self._settle(api, answer, current)
        sync_tags(eks, current.attributes["Arn"], have.get("Tags"), desired.get("Tags"))
        return Live(current.physical_id, desired, current.attributes)

    def _settle(self, api: Api, answer: Any, current: Live) -> None:
        """Wait for an update to succeed, and the node group to be active again."""
        cluster, name = self.ids(current)
        settle(api, answer, self.TIMEOUT, name=cluster, nodegroupName=name)
        self.wait_for(api, current, "active")


def _config_changes(have: Mapping[str, Any], desired: Mapping[str, Any]) -> Props:
    """What update_nodegroup_config must change: labels and taints made exactly the
    declared ones; scaling and update settings where declared and different."""
    config: Props = {}
    labels = _label_changes(dict(have.get("Labels") or {}), dict(desired.get("Labels") or {}))
    if labels:
        config["labels"] = labels
    taints = _taint_changes(have.get("Taints") or [], desired.get("Taints") or [])
    if taints:
        config["taints"] = taints
    for name, key in (("ScalingConfig", "scalingConfig"), ("UpdateConfig", "updateConfig")):
        want, now = desired.get(name), have.get(name) or {}
        if want is not None and any(now.get(k) != v for k, v in want.items()):
            config[key] = camel(want)
    return config


def _label_changes(have: dict[str, str], want: dict[str, str]) -> Props:
    changes: Props = {}
    update = {k: v for k, v in want.items() if have.get(k) != v}
    remove = [k for k in have if k not in want]
    if update:
        changes["addOrUpdateLabels"] = update
    if remove:
        changes["removeLabels"] = remove
    return changes


def _taint_changes(have: list[Any], want: list[Any]) -> Props:
    """Taints to add or update, and to remove (a taint is its key and effect)."""
    changes: Props = {}
    kept = {(t["Key"], t["Effect"]) for t in want}
    update = [camel(t) for t in want if t not in have]
    remove = [camel(t) for t in have if (t["Key"], t["Effect"]) not in kept]
    if update:
        changes["addOrUpdateTaints"] = update
    if remove:
        changes["removeTaints"] = remove
    return changes
