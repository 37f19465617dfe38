"""Contract examples of the EKS types: each in a cluster in one subnet, with its roles."""

from __future__ import annotations

from landform.aws import ec2, eks, iam
from landform.model import Resource, Stack


def trust(service: str) -> dict[str, object]:
    """A trust policy letting `service` assume the role."""
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [statement]}


def cluster(stack: Stack) -> eks.Cluster:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnet = ec2.Subnet(stack, "subnet", vpc_id=vpc.id, cidr_block="10.0.0.0/24")
    role = iam.Role(stack, "cluster-role", assume_role_policy_document=trust("eks.amazonaws.com"))
    return eks.Cluster(
        stack, "cluster", role_arn=role.arn, resources_vpc_config={"SubnetIds": [subnet.id]}
    )


def nodegroup(stack: Stack) -> Resource:
    parent = cluster(stack)
    role = iam.Role(stack, "node-role", assume_role_policy_document=trust("ec2.amazonaws.com"))
    return eks.Nodegroup(
        stack,
        "nodes",
        cluster_name=parent.id,
        node_role=role.arn,
        subnets=parent.properties["ResourcesVpcConfig"]["SubnetIds"],
    )


def fargate_profile(stack: Stack) -> Resource:
    parent = cluster(stack)
    role = iam.Role(
        stack, "pod-role", assume_role_policy_document=trust("eks-fargate-pods.amazonaws.com")
    )
    return eks.FargateProfile(
        stack,
        "fargate",
        cluster_name=parent.id,
        pod_execution_role_arn=role.arn,
        selectors=[{"Namespace": "default"}],
    )


EXAMPLES = {
    "AWS::EKS::Cluster": cluster,
    "AWS::EKS::Nodegroup": nodegroup,
    "AWS::EKS::FargateProfile": fargate_profile,
}
