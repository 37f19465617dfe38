"""KubernetesCluster: an EKS cluster and a managed node group in a network's private subnets."""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from typing import Any

from landform.aws import eks, iam
from landform.constructs.arguments import argument_error
from landform.constructs.function import trust_policy
from landform.constructs.network import Network
from landform.model import Stack

CLUSTER_POLICIES = ("AmazonEKSClusterPolicy",)
NODE_POLICIES = (
    "AmazonEKSWorkerNodePolicy",
    "AmazonEKS_CNI_Policy",
    "AmazonEC2ContainerRegistryReadOnly",
)


class KubernetesCluster:
    """An AWS::EKS::Cluster `<name>` of Kubernetes `version` and an AWS::EKS::Nodegroup
    `<name>-nodes` (the same version, `instance_types`, between `min_size` and `max_size`
    nodes, `desired_size` to start), both in `network`'s private subnets, with:

    - an AWS::IAM::Role `<name>-cluster-role` that only eks.amazonaws.com may assume, with
      AmazonEKSClusterPolicy;
    - an AWS::IAM::Role `<name>-node-role` that only ec2.amazonaws.com may assume, with
      AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy and
      AmazonEC2ContainerRegistryReadOnly.

    The API endpoint is private; it is public too only when `public_endpoint_cidrs` are
    given, and then only to them. Attributes: `cluster`, `nodegroup`, `cluster_role`,
    `node_role`.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        network: Network,
        version: str = "1.30",
        instance_types: Sequence[str] = ("t3.medium",),
        min_size: int = 1,
        desired_size: int = 2,
        max_size: int = 3,
        public_endpoint_cidrs: Sequence[str] | None = None,
    ) -> None:
        if not 0 <= min_size <= desired_size <= max_size or max_size < 1:
            raise argument_error(
                stack,
                name,
                f"node counts min_size={min_size}, desired_size={desired_size}, "
                f"max_size={max_size} are not in order",
                hint="use 0 <= min_size <= desired_size <= max_size, with max_size >= 1",
            )
        _check_cidrs(stack, name, public_endpoint_cidrs)
        partition = _partition(stack.region)
        self.cluster_role = iam.Role(
            stack,
            f"{name}-cluster-role",
            assume_role_policy_document=trust_policy("eks.amazonaws.com"),
            managed_policy_arns=[_managed(partition, p) for p in CLUSTER_POLICIES],
        )
        self.node_role = iam.Role(
            stack,
            f"{name}-node-role",
            assume_role_policy_document=trust_policy("ec2.amazonaws.com"),
            managed_policy_arns=[_managed(partition, p) for p in NODE_POLICIES],
        )
        subnets = [subnet.id for subnet in network.private_subnets]
        endpoint: dict[str, Any] = {
            "EndpointPrivateAccess": True,
            "EndpointPublicAccess": bool(public_endpoint_cidrs),
        }
        if public_endpoint_cidrs:
            endpoint["PublicAccessCidrs"] = list(public_endpoint_cidrs)
        self.cluster = eks.Cluster(
            stack,
            name,
            role_arn=self.cluster_role.arn,
            version=version,
            resources_vpc_config={"SubnetIds": subnets, **endpoint},
        )
        self.nodegroup = eks.Nodegroup(
            stack,
            f"{name}-nodes",
            cluster_name=self.cluster.id,
            node_role=self.node_role.arn,
            subnets=subnets,
            version=version,
            instance_types=list(instance_types),
            scaling_config={"MinSize": min_size, "DesiredSize": desired_size, "MaxSize": max_size},
        )


def _check_cidrs(stack: Stack, name: str, cidrs: Sequence[str] | None) -> None:
    """Refuse an empty list (say None for a private endpoint) and what is not a network."""
    if cidrs is None:
        return
    if not cidrs:
        raise argument_error(
            stack,
            name,
            "public_endpoint_cidrs=[] opens the endpoint to no one",
            hint="leave public_endpoint_cidrs out for a private endpoint, or list networks",
        )
    for cidr in cidrs:
        try:
            ipaddress.ip_network(cidr)
        except ValueError:
            raise argument_error(
                stack,
                name,
                f"public_endpoint_cidrs has {cidr!r}, not a network",
                hint="write each as an address and prefix length, host bits zero: 203.0.113.0/24",
            ) from None


def _partition(region: str | None) -> str:
    """The AWS partition of a region (for the ARNs of AWS's managed policies)."""
    if region and region.startswith("cn-"):
        return "aws-cn"
    if region and region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def _managed(partition: str, policy: str) -> str:
    return f"arn:{partition}:iam::aws:policy/{policy}"
