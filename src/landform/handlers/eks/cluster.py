"""AWS::EKS::Cluster"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from landform.handlers.base import (
    ROLE_DELAYS,
    Api,
    DeletionRefused,
    Handler,
    Live,
    Props,
    error_code,
    ignoring,
    present,
    read_each,
    tag_list,
    with_new_role,
)
from landform.handlers.eks.common import (
    cluster_names,
    derived_name,
    eks_tags,
    from_api,
    kept,
    settle,
    sync_tags,
    take_over,
    to_api,
    wait,
)
from landform.handlers.registry import register

CREATE = (
    "RoleArn",
    "Version",
    "ResourcesVpcConfig",
    "KubernetesNetworkConfig",
    "EncryptionConfig",
    "BootstrapSelfManagedAddons",
)
"""Properties create_cluster takes (under the API's key names)."""

CREATE_ONLY = (
    "RoleArn",
    "KubernetesNetworkConfig",
    "EncryptionConfig",
    "BootstrapSelfManagedAddons",
)
"""Create-only properties: a name derived from the address takes a digest of them, so a
replacement has a new name."""

READ = ("RoleArn", "Version", "EncryptionConfig")
"""Properties describe_cluster returns as CloudFormation shapes them."""

VPC = (
    "SubnetIds",
    "SecurityGroupIds",
    "EndpointPublicAccess",
    "EndpointPrivateAccess",
    "PublicAccessCidrs",
)
"""What of ResourcesVpcConfig describe_cluster returns (besides ids EKS makes)."""

NETWORK = ("ServiceIpv4Cidr", "IpFamily")
"""What of KubernetesNetworkConfig Landform supports."""

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")

ROLE_NOT_READY = ("could not be assumed",)
"""What EKS answers while a new role has not reached it."""

TIMEOUT = 30 * 60.0
"""Seconds to wait for a cluster to become active (after creation or an update) or gone."""

_UNSUPPORTED = frozenset(
    {
        "AccessConfig",
        "ActiveCertificateAuthorityId",
        "CertificateAuthority",
        "ComputeConfig",
        "ControlPlaneScalingConfig",
        "DeletionProtection",
        "KubeApiServerConfig",
        "KubeControllerManagerConfig",
        "KubeSchedulerConfig",
        "OutpostConfig",
        "RemoteNetworkConfig",
        "RollbackConfig",
        "StorageConfig",
        "UpgradePolicy",
        "ZonalShiftConfig",
    }
)
_UNSUPPORTED_NESTED = {
    "ResourcesVpcConfig": ("ControlPlaneEgressMode",),
    "KubernetesNetworkConfig": ("ElasticLoadBalancing", "ServiceIpv6Cidr"),
}


@register
class Cluster(Handler):
    """An EKS cluster, named Name or else after its address and create-only settings (<= 100
    characters; a replacement is made, under a new name, before the old one goes).

    `list` costs list_clusters and one describe_cluster per cluster (READERS threads).
    In place: Version (update_cluster_version, with Force), endpoint access
    (EndpointPublicAccess, EndpointPrivateAccess, PublicAccessCidrs), subnets and security
    groups, Logging (each an update_cluster_config: EKS takes one kind of change per
    call) and Tags; every update is waited on until the cluster is active again, as EKS
    refuses an update while another runs (each update's own status first: EKS shows the
    cluster UPDATING only eventually). KubernetesNetworkConfig is replaced, as its
    settings Landform supports are create-only. Deleting a cluster with deletion
    protection on (set outside Landform) is refused. The emulator has no
    update_cluster_version and replaces the whole VPC configuration on an endpoint
    change, so those two paths are tested with botocore's Stubber.
    """

    TYPE = "AWS::EKS::Cluster"
    NAME = "Name"
    UNSUPPORTED = _UNSUPPORTED
    IMMUTABLE = frozenset({"KubernetesNetworkConfig"})
    ROLE_DELAYS: ClassVar[tuple[float, ...]] = ROLE_DELAYS

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        found = super().unsupported_of(props)
        for parent, names in _UNSUPPORTED_NESTED.items():
            value = props.get(parent)
            if isinstance(value, Mapping):
                found += [f"{parent}.{name}" for name in names if name in value]
        return found

    def list(self, api: Api) -> Iterable[Live]:
        eks = api.client("eks")
        clusters = read_each(lambda name: _describe(eks, name), cluster_names(api))
        return [_live(c) for c in clusters if kept(api, c)]

    def create(self, api: Api, props: Props, token: str) -> Live:
        eks = api.client("eks")
        name = props.get("Name") or derived_name(api, props, CREATE_ONLY, 100)
        params = {
            **to_api(props, CREATE),
            "name": name,
            "tags": eks_tags(props.get("Tags")),
            "clientRequestToken": token,
        }
        if "Logging" in props:
            params["logging"] = _api_logging(_enabled(props["Logging"]))
        try:
            cluster = with_new_role(
                lambda: eks.create_cluster(**params)["cluster"],
                "InvalidParameterException",
                ROLE_NOT_READY,
                self.ROLE_DELAYS,
            )
        except Exception as error:
            if error_code(error) != "ResourceInUseException":
                raise
            cluster = eks.describe_cluster(name=name)["cluster"]
            take_over(cluster, props, "Name", f"EKS cluster {name}")
            return _live(cluster)
        created = present(props, (*CREATE, "Name", "Logging", "Tags"))
        return Live(name, created, _attributes(cluster))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        eks = api.client("eks")
        name = current.physical_id
        for operation, params in _updates(current.properties, desired):
            settle(api, getattr(eks, operation)(name=name, **params), TIMEOUT, name=name)
            _wait(api, "cluster_active", name)
        have = current.properties.get("Tags")
        sync_tags(eks, current.attributes["Arn"], have, desired.get("Tags"))
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        name = current.physical_id
        if current.properties.get("DeletionProtection"):
            raise DeletionRefused(
                f"EKS cluster {name}",
                "deletion protection",
                hint=f"turn it off (aws eks update-cluster-config --name {name} "
                "--no-deletion-protection), then destroy again",
            )
        with ignoring("ResourceNotFoundException"):
            api.client("eks").delete_cluster(name=name)
        _wait(api, "cluster_deleted", name)

    def wait_ready(self, api: Api, current: Live) -> Live:
        """Wait until the cluster is active, then read the attributes EKS gives an active
        cluster only (Endpoint, CertificateAuthorityData, ...)."""
        _wait(api, "cluster_active", current.physical_id)
        cluster = api.client("eks").describe_cluster(name=current.physical_id)["cluster"]
        attributes = {**current.attributes, **_attributes(cluster)}
        return Live(current.physical_id, current.properties, attributes)


def _describe(eks: Any, name: str) -> Any:
    """A cluster as described; None for one deleted since it was listed."""
    with ignoring("ResourceNotFoundException"):
        return eks.describe_cluster(name=name)["cluster"]
    return None


def _live(cluster: Mapping[str, Any]) -> Live:
    """A described cluster in CloudFormation shape."""
    props: Props = {
        "Name": cluster["name"],
        **from_api(cluster, READ),
        "ResourcesVpcConfig": from_api(cluster.get("resourcesVpcConfig", {}), VPC),
        "Logging": {"ClusterLogging": {"EnabledTypes": _enabled_in_api(cluster.get("logging"))}},
        "Tags": tag_list(cluster.get("tags")),
    }
    network = from_api(cluster.get("kubernetesNetworkConfig", {}), NETWORK)
    if network:
        props["KubernetesNetworkConfig"] = network
    if not props.get("EncryptionConfig"):
        props.pop("EncryptionConfig", None)
    if "deletionProtection" in cluster:
        props["DeletionProtection"] = cluster["deletionProtection"]
    return Live(cluster["name"], props, _attributes(cluster))


def _attributes(cluster: Mapping[str, Any]) -> dict[str, Any]:
    """The GetAtt values EKS has given so far (most only once the cluster is active)."""
    found = {
        "Arn": cluster["arn"],
        "Id": cluster.get("id"),
        "Endpoint": cluster.get("endpoint"),
        "CertificateAuthorityData": cluster.get("certificateAuthority", {}).get("data"),
        "ClusterSecurityGroupId": cluster.get("resourcesVpcConfig", {}).get(
            "clusterSecurityGroupId"
        ),
        "OpenIdConnectIssuerUrl": cluster.get("identity", {}).get("oidc", {}).get("issuer"),
    }
    keys = [c.get("provider", {}).get("keyArn") for c in cluster.get("encryptionConfig") or ()]
    found["EncryptionConfigKeyArn"] = next((k for k in keys if k), None)
    return {name: value for name, value in found.items() if value}


def _updates(have: Mapping[str, Any], desired: Mapping[str, Any]) -> list[tuple[str, Props]]:
    """The calls that make the cluster as desired, one kind of change each."""
    calls: list[tuple[str, Props]] = []
    if "Version" in desired and desired["Version"] != have.get("Version"):
        force = {"force": desired["Force"]} if "Force" in desired else {}
        calls.append(("update_cluster_version", {"version": desired["Version"], **force}))
    want_vpc, have_vpc = desired.get("ResourcesVpcConfig", {}), have.get("ResourcesVpcConfig", {})
    for part in (_endpoint, _placement):
        if part(want_vpc) != part(have_vpc):
            calls.append(("update_cluster_config", {"resourcesVpcConfig": part(want_vpc)}))
    enabled = _enabled(desired.get("Logging"))
    if enabled != _enabled(have.get("Logging")):
        calls.append(("update_cluster_config", {"logging": _api_logging(enabled)}))
    return calls


def _endpoint(vpc: Mapping[str, Any]) -> Props:
    """Endpoint access as the API takes it, EKS's defaults filled in."""
    public = vpc.get("EndpointPublicAccess", True)
    access: Props = {
        "endpointPublicAccess": public,
        "endpointPrivateAccess": vpc.get("EndpointPrivateAccess", False),
    }
    if public:
        access["publicAccessCidrs"] = sorted(vpc.get("PublicAccessCidrs", ["0.0.0.0/0"]))
    return access


def _placement(vpc: Mapping[str, Any]) -> Props:
    """Subnets and security groups as the API takes them."""
    return {
        "subnetIds": sorted(vpc.get("SubnetIds", [])),
        "securityGroupIds": sorted(vpc.get("SecurityGroupIds", [])),
    }


def _enabled(logging: Any) -> list[str]:
    """The log types a CloudFormation Logging enables, sorted."""
    types = ((logging or {}).get("ClusterLogging") or {}).get("EnabledTypes") or []
    return sorted({t["Type"] for t in types})


def _enabled_in_api(logging: Any) -> list[dict[str, str]]:
    """The log types the API's logging enables, as CloudFormation's EnabledTypes."""
    setups = (logging or {}).get("clusterLogging") or []
    types = {t for setup in setups if setup.get("enabled") for t in setup["types"]}
    return [{"Type": t} for t in sorted(types)]


def _api_logging(enabled: list[str]) -> Props:
    """`enabled` log types on and the others off, as the API takes them."""
    disabled = [t for t in LOG_TYPES if t not in enabled]
    setups = [{"types": enabled, "enabled": True}, {"types": disabled, "enabled": False}]
    return {"clusterLogging": [s for s in setups if s["types"]]}


def _wait(api: Api, waiter: str, name: str) -> None:
    wait(api, waiter, TIMEOUT, name=name)
