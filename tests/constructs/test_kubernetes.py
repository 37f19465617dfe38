"""KubernetesCluster: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App, Stack
from landform.constructs.kubernetes import KubernetesCluster
from landform.constructs.network import Network
from landform.engine.context import Context
from landform.errors import ValidationError
from tests.conftest import TAGS
from tests.support import converge, destroy

POLICY = "arn:aws:iam::aws:policy/"


def network(stack: Stack) -> Network:
    return Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)


# model ------------------------------------------------------------------------------


def test_cluster_node_group_and_roles(stack: Stack) -> None:
    net = network(stack)
    k8s = KubernetesCluster(stack, "k8s", network=net)
    private = [s.id for s in net.private_subnets]
    cluster = k8s.cluster.properties
    assert cluster["RoleArn"] == k8s.cluster_role.arn
    assert cluster["Version"] == "1.30"
    assert cluster["ResourcesVpcConfig"] == {
        "SubnetIds": private,
        "EndpointPrivateAccess": True,
        "EndpointPublicAccess": False,
    }
    nodes = k8s.nodegroup.properties
    assert (nodes["ClusterName"], nodes["NodeRole"]) == (k8s.cluster.id, k8s.node_role.arn)
    assert (nodes["Subnets"], nodes["InstanceTypes"], nodes["Version"]) == (
        private,
        ["t3.medium"],
        "1.30",
    )
    assert nodes["ScalingConfig"] == {"MinSize": 1, "DesiredSize": 2, "MaxSize": 3}

    def trusted(role: Any) -> Any:
        (statement,) = role.properties["AssumeRolePolicyDocument"]["Statement"]
        return statement["Principal"]["Service"]

    assert trusted(k8s.cluster_role) == "eks.amazonaws.com"
    assert trusted(k8s.node_role) == "ec2.amazonaws.com"
    assert k8s.cluster_role.properties["ManagedPolicyArns"] == [POLICY + "AmazonEKSClusterPolicy"]
    assert k8s.node_role.properties["ManagedPolicyArns"] == [
        POLICY + "AmazonEKSWorkerNodePolicy",
        POLICY + "AmazonEKS_CNI_Policy",
        POLICY + "AmazonEC2ContainerRegistryReadOnly",
    ]


def test_public_endpoint_only_to_the_cidrs_given(stack: Stack) -> None:
    k8s = KubernetesCluster(
        stack,
        "k8s",
        network=network(stack),
        version="1.31",
        instance_types=("m6i.large", "m5.large"),
        min_size=0,
        desired_size=0,
        max_size=10,
        public_endpoint_cidrs=["203.0.113.0/24"],
    )
    vpc = k8s.cluster.properties["ResourcesVpcConfig"]
    assert (vpc["EndpointPublicAccess"], vpc["EndpointPrivateAccess"]) == (True, True)
    assert vpc["PublicAccessCidrs"] == ["203.0.113.0/24"]
    nodes = k8s.nodegroup.properties
    assert nodes["InstanceTypes"] == ["m6i.large", "m5.large"]
    assert nodes["ScalingConfig"] == {"MinSize": 0, "DesiredSize": 0, "MaxSize": 10}
    assert k8s.cluster.properties["Version"] == nodes["Version"] == "1.31"


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        ({"min_size": 3, "desired_size": 2}, "not in order"),
        ({"desired_size": 4}, "not in order"),
        ({"min_size": 0, "desired_size": 0, "max_size": 0}, "not in order"),
        ({"public_endpoint_cidrs": []}, "no one"),
        ({"public_endpoint_cidrs": ["10.0.0.1/16"]}, "not a network"),
    ],
)
def test_bad_arguments_are_refused(stack: Stack, arguments: dict[str, Any], error: str) -> None:
    with pytest.raises(ValidationError, match=error):
        KubernetesCluster(stack, "k8s", network=network(stack), **arguments)


def test_managed_policies_in_the_regions_partition() -> None:
    stack = App("shop", tags=TAGS).stack("main", region="cn-north-1")
    k8s = KubernetesCluster(stack, "k8s", network=network(stack))
    assert k8s.cluster_role.properties["ManagedPolicyArns"] == [
        "arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy"
    ]


# emulator ---------------------------------------------------------------------------


def test_kubernetes_cluster_on_the_emulator(
    stack: Stack, context: Context, aws: Any, managed_policies: None
) -> None:
    net = network(stack)
    KubernetesCluster(stack, "k8s", network=net, public_endpoint_cidrs=["203.0.113.0/24"])
    converge(stack.app, context)

    def physical(address: str) -> str:
        record = context.store.get(address)
        assert record is not None
        return record.physical_id

    name = physical("shop/main/k8s")
    cluster = aws("eks").describe_cluster(name=name)["cluster"]
    private = sorted(physical(s.address) for s in net.private_subnets)
    vpc = cluster["resourcesVpcConfig"]
    assert sorted(vpc["subnetIds"]) == private
    assert (vpc["endpointPrivateAccess"], vpc["endpointPublicAccess"]) == (True, True)
    assert vpc["publicAccessCidrs"] == ["203.0.113.0/24"]
    assert cluster["version"] == "1.30"
    (group,) = aws("eks").list_nodegroups(clusterName=name)["nodegroups"]
    nodes = aws("eks").describe_nodegroup(clusterName=name, nodegroupName=group)["nodegroup"]
    assert sorted(nodes["subnets"]) == private
    assert nodes["scalingConfig"] == {"minSize": 1, "desiredSize": 2, "maxSize": 3}
    role = nodes["nodeRole"].split("/")[-1]
    attached = aws("iam").list_attached_role_policies(RoleName=role)["AttachedPolicies"]
    assert {p["PolicyName"] for p in attached} == {
        "AmazonEKSWorkerNodePolicy",
        "AmazonEKS_CNI_Policy",
        "AmazonEC2ContainerRegistryReadOnly",
    }

    destroy(stack.app, context)
    assert aws("eks").list_clusters()["clusters"] == []
    assert context.store.all() == []
