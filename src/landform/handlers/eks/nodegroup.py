"""AWS::EKS::Nodegroup"""

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
)
from landform.handlers.eks.common import (
    ClusterPart,
    camel,
    cluster_names,
    derived_name,
    eks_tags,
    from_api,
    kept,
    settle,
    sync_tags,
    take_over,
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

CREATE_ONLY = (
    "AmiType",
    "CapacityType",
    "DiskSize",
    "InstanceTypes",
    "NodeRole",
    "RemoteAccess",
    "Subnets",
)
"""Create-only properties: a name derived from the address takes a digest of them, so a
replacement has a new name."""

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
    NAME_PARAM = "nodegroupName"
    SEPARATOR = "/"
    TIMEOUT = 40 * 60.0
    UNSUPPORTED = frozenset({"LaunchTemplate", "NodeRepairConfig", "WarmPoolConfig"})

    def list(self, api: Api) -> Iterable[Live]:
        eks = api.client("eks")
        pairs = [(c, n) for c in cluster_names(api) for n in _nodegroup_names(api, c)]
        found = read_each(lambda pair: _describe(eks, *pair), pairs)
        return [_live(nodegroup) for nodegroup in found if kept(api, nodegroup)]

    def create(self, api: Api, props: Props, token: str) -> Live:
        eks = api.client("eks")
        cluster = props["ClusterName"]
        name = props.get("NodegroupName") or derived_name(api, props, CREATE_ONLY, 63)
        try:
            nodegroup = eks.create_nodegroup(
                **to_api(props, CREATE),
                clusterName=cluster,
                nodegroupName=name,
                tags=eks_tags(props.get("Tags")),
                clientRequestToken=token,
            )["nodegroup"]
        except Exception as error:
            if error_code(error) != "ResourceInUseException":
                raise
            nodegroup = eks.describe_nodegroup(clusterName=cluster, nodegroupName=name)
            what = f"EKS node group {cluster}/{name}"
            take_over(nodegroup["nodegroup"], props, "NodegroupName", what)
            return _live(nodegroup["nodegroup"])
        created = present(props, (*CREATE, "ClusterName", "NodegroupName", "Tags"))
        return Live(f"{cluster}/{name}", created, _attributes(nodegroup))

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


def _nodegroup_names(api: Api, cluster: str) -> list[str]:
    """The node groups of a cluster; none for a cluster deleted since it was listed."""
    with ignoring("ResourceNotFoundException"):
        return list(api.pages("eks", "list_nodegroups", "nodegroups", clusterName=cluster))
    return []


def _describe(eks: Any, cluster: str, name: str) -> Any:
    """A node group as described; None for one deleted since it was listed."""
    with ignoring("ResourceNotFoundException"):
        return eks.describe_nodegroup(clusterName=cluster, nodegroupName=name)["nodegroup"]
    return None


def _live(nodegroup: Mapping[str, Any]) -> Live:
    """A described node group in CloudFormation shape (Tags a map, as the schema has)."""
    props = from_api(nodegroup, (*CREATE, "ClusterName", "NodegroupName"))
    props["Tags"] = eks_tags(nodegroup.get("tags"))
    physical_id = f"{nodegroup['clusterName']}/{nodegroup['nodegroupName']}"
    return Live(physical_id, props, _attributes(nodegroup))


def _attributes(nodegroup: Mapping[str, Any]) -> dict[str, Any]:
    physical_id = f"{nodegroup['clusterName']}/{nodegroup['nodegroupName']}"
    return {"Arn": nodegroup["nodegroupArn"], "Id": physical_id, **from_api(nodegroup, ATTRIBUTES)}


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
