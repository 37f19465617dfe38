"""LF-CMP-004: an EKS cluster's API endpoint is not open to the whole internet."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.network.openings import is_world
from landform.rules.values import get, is_true, listed


@rule(
    id="LF-CMP-004",
    title="EKS cluster endpoint public without CIDR restriction",
    severity=Severity.HIGH,
    types=("AWS::EKS::Cluster",),
    remediation="Set ResourcesVpcConfig.EndpointPublicAccess false (with EndpointPrivateAccess "
    "true), or list the networks that may reach it in PublicAccessCidrs; the "
    "KubernetesCluster construct is private unless public_endpoint_cidrs are given.",
    references=References(fsbp="EKS.1", prowler="eks_cluster_not_publicly_accessible"),
)
def check(subject: Subject) -> str | None:
    public = get(subject.properties, "ResourcesVpcConfig.EndpointPublicAccess")
    if public is not None and not is_true(public):
        return None
    cidrs = listed(get(subject.properties, "ResourcesVpcConfig.PublicAccessCidrs"))
    if not cidrs:
        return "the API endpoint is public (as EKS makes it by default) to 0.0.0.0/0"
    if any(is_world(cidr) for cidr in cidrs):
        return "the API endpoint is public to the whole internet (PublicAccessCidrs)"
    return None
