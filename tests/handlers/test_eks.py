"""AWS::EKS::Cluster, AWS::EKS::Nodegroup and AWS::EKS::FargateProfile against the
emulator; with botocore's Stubber for what the emulator lacks (update_cluster_version,
update_nodegroup_version, tags on node groups and profiles) or gets wrong (an endpoint
access update there replaces the cluster's whole VPC configuration)."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App, Stack
from landform.aws import ec2, eks, iam
from landform.engine import operations
from landform.engine.context import Context
from landform.errors import LandformError, ValidationError
from landform.handlers.base import DeletionRefused, Live
from landform.handlers.eks.cluster import Cluster
from landform.handlers.eks.fargate import FargateProfile
from landform.handlers.eks.nodegroup import Nodegroup
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT
from tests.handlers.contract import stubbed_api
from tests.handlers.examples.eks import trust
from tests.support import HANDLERS_ONLY, actions, converge, destroy, new_app, plan

CLUSTER = "shop/main/cluster"
NODES = "shop/main/nodes"
FARGATE = "shop/main/fargate"
ARN = f"arn:aws:eks:us-east-1:{ACCOUNT}"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/cluster"


class Parts:
    """What a cluster needs: subnets, a security group, roles, in one stack."""

    def __init__(self, stack: Stack) -> None:
        vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
        self.subnets = [
            ec2.Subnet(stack, f"subnet-{i}", vpc_id=vpc.id, cidr_block=f"10.0.{i}.0/24").id
            for i in range(2)
        ]
        self.group = ec2.SecurityGroup(stack, "sg", group_description="eks", vpc_id=vpc.id)
        self.cluster_role = iam.Role(
            stack, "cluster-role", assume_role_policy_document=trust("eks.amazonaws.com")
        )
        self.node_role = iam.Role(
            stack, "node-role", assume_role_policy_document=trust("ec2.amazonaws.com")
        )


def declare_cluster(**kwargs: Any) -> tuple[App, Stack, Parts, eks.Cluster]:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    parts = Parts(stack)
    vpc = kwargs.pop("vpc", lambda p: {"SubnetIds": p.subnets[:1]})(parts)
    cluster = eks.Cluster(
        stack,
        "cluster",
        role_arn=parts.cluster_role.arn,
        resources_vpc_config=vpc,
        **kwargs,
    )
    return app, stack, parts, cluster


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def logging_of(cluster: Any) -> set[str]:
    setups = cluster["logging"]["clusterLogging"]
    return {t for s in setups if s["enabled"] for t in s["types"]}


def test_cluster_create_update_delete(context: Context, aws: Any) -> None:
    app, _, _, _ = declare_cluster(
        version="1.30",
        logging={"ClusterLogging": {"EnabledTypes": [{"Type": "api"}, {"Type": "audit"}]}},
        tags={"Team": "platform"},
    )
    converge(app, context)
    name = physical_id(context, CLUSTER)
    assert name.startswith("shop-main-cluster-")
    found = aws("eks").describe_cluster(name=name)["cluster"]
    subnets = [physical_id(context, f"shop/main/subnet-{i}") for i in range(2)]
    assert found["version"] == "1.30"
    assert found["resourcesVpcConfig"]["subnetIds"] == subnets[:1]
    assert logging_of(found) == {"api", "audit"}
    assert (found["tags"]["Team"], found["tags"]["landform:address"]) == ("platform", CLUSTER)
    record = context.store.get(CLUSTER)
    assert record is not None
    assert record.attributes["Arn"] == found["arn"]
    assert record.attributes["Endpoint"] == found["endpoint"]

    app, _, _, _ = declare_cluster(
        version="1.30",
        vpc=lambda p: {"SubnetIds": p.subnets, "SecurityGroupIds": [p.group.group_id]},
        logging={"ClusterLogging": {"EnabledTypes": [{"Type": "scheduler"}]}},
        tags={"Team": "data"},
    )
    assert actions(plan(app, context)) == {CLUSTER: "update"}
    converge(app, context)
    found = aws("eks").describe_cluster(name=name)["cluster"]
    group = physical_id(context, "shop/main/sg")
    assert sorted(found["resourcesVpcConfig"]["subnetIds"]) == sorted(subnets)
    assert found["resourcesVpcConfig"]["securityGroupIds"] == [group]
    assert logging_of(found) == {"scheduler"}
    assert found["tags"]["Team"] == "data"

    app, _, _, _ = declare_cluster(version="1.30")
    assert actions(plan(app, context)) == {CLUSTER: "update"}
    converge(app, context)
    found = aws("eks").describe_cluster(name=name)["cluster"]
    assert logging_of(found) == set(), "logging off once no longer declared"
    assert "Team" not in found["tags"]

    destroy(app, context)
    assert aws("eks").list_clusters()["clusters"] == []
    assert context.store.all() == []


@pytest.mark.parametrize(
    "change",
    [
        {"name": "orders"},
        {"kubernetes_network_config": {"ServiceIpv4Cidr": "10.100.0.0/16"}},
        {"encryption_config": [{"Provider": {"KeyArn": "arn:aws:kms:key"}, "Resources": ["x"]}]},
    ],
)
def test_cluster_create_only_change_replaces(
    context: Context, aws: Any, change: dict[str, Any]
) -> None:
    app, _, _, _ = declare_cluster()
    converge(app, context)
    old = physical_id(context, CLUSTER)
    app, _, _, _ = declare_cluster(**change)
    assert actions(plan(app, context)) == {CLUSTER: "replace"}
    converge(app, context)
    assert aws("eks").list_clusters()["clusters"] == [physical_id(context, CLUSTER)] != [old]


def test_cluster_settings_landform_does_not_manage_are_refused() -> None:
    app, _, _, _ = declare_cluster(
        vpc=lambda p: {"SubnetIds": p.subnets, "ControlPlaneEgressMode": "AWS_MANAGED"},
        access_config={"AuthenticationMode": "API"},
    )
    with pytest.raises(ValidationError, match=r"AccessConfig, ResourcesVpcConfig\.Control"):
        operations.check(app)


def cluster_answer(status: str = "ACTIVE", **extra: Any) -> dict[str, Any]:
    return {"cluster": {"name": "c", "arn": f"{ARN}:cluster/c", "status": status, **extra}}


def update_answer(kind: str, status: str = "InProgress") -> dict[str, Any]:
    return {"update": {"id": "u-1", "status": status, "type": kind}}


UPDATE = {"name": "c", "updateId": "u-1"}
"""describe_update's parameters for the cluster's update."""


def done(kind: str) -> dict[str, Any]:
    return update_answer(kind, "Successful")


def test_cluster_version_and_endpoint_access_update_on_stubbed_aws() -> None:
    """One update per kind of change, each waited on until the cluster is active again;
    unchanged subnets, logging and tags cost no call."""
    vpc = {"SubnetIds": ["subnet-1"], "EndpointPublicAccess": True, "EndpointPrivateAccess": False}
    current = Live(
        "c",
        {
            "RoleArn": ROLE,
            "Version": "1.29",
            "ResourcesVpcConfig": {**vpc, "PublicAccessCidrs": ["0.0.0.0/0"]},
            "Tags": [{"Key": "landform:address", "Value": CLUSTER}],
        },
        {"Arn": f"{ARN}:cluster/c"},
    )
    desired = {
        **current.properties,
        "Version": "1.30",
        "ResourcesVpcConfig": {
            "SubnetIds": ["subnet-1"],
            "EndpointPrivateAccess": True,
            "PublicAccessCidrs": ["203.0.113.0/24"],
        },
    }
    access = {
        "endpointPublicAccess": True,
        "endpointPrivateAccess": True,
        "publicAccessCidrs": ["203.0.113.0/24"],
    }
    with stubbed_api("eks") as (api, stubber):
        stubber.add_response(
            "update_cluster_version",
            update_answer("VersionUpdate"),
            {"name": "c", "version": "1.30"},
        )
        stubber.add_response("describe_update", done("VersionUpdate"), UPDATE)
        stubber.add_response("describe_cluster", cluster_answer(), {"name": "c"})
        stubber.add_response(
            "update_cluster_config",
            update_answer("EndpointAccessUpdate"),
            {"name": "c", "resourcesVpcConfig": access},
        )
        stubber.add_response("describe_update", done("EndpointAccessUpdate"), UPDATE)
        stubber.add_response("describe_cluster", cluster_answer(), {"name": "c"})
        updated = Cluster().update(api, current, desired)
        stubber.assert_no_pending_responses()
    assert updated.properties == desired


PRIVATE = {"endpointPublicAccess": False, "endpointPrivateAccess": True}


def test_cluster_endpoint_made_private_only_on_stubbed_aws() -> None:
    current = Live(
        "c",
        {"ResourcesVpcConfig": {"SubnetIds": ["subnet-1"], "EndpointPublicAccess": True}},
        {"Arn": f"{ARN}:cluster/c"},
    )
    private = {
        "SubnetIds": ["subnet-1"],
        "EndpointPublicAccess": False,
        "EndpointPrivateAccess": True,
    }
    with stubbed_api("eks") as (api, stubber):
        stubber.add_response(
            "update_cluster_config",
            update_answer("EndpointAccessUpdate"),
            {"name": "c", "resourcesVpcConfig": PRIVATE},
        )
        stubber.add_response("describe_update", done("EndpointAccessUpdate"), UPDATE)
        stubber.add_response("describe_cluster", cluster_answer(), {"name": "c"})
        Cluster().update(api, current, {"ResourcesVpcConfig": private})
        stubber.assert_no_pending_responses()


def test_active_cluster_attributes_are_added_on_stubbed_aws() -> None:
    """EKS gives the endpoint and certificate only once the cluster is active."""
    created = Live("c", {}, {"Arn": f"{ARN}:cluster/c"})
    active = cluster_answer(
        endpoint="https://c.eks.amazonaws.com",
        certificateAuthority={"data": "Q0E="},
        identity={"oidc": {"issuer": "https://oidc.eks/id/1"}},
        resourcesVpcConfig={"clusterSecurityGroupId": "sg-1"},
    )
    with stubbed_api("eks") as (api, stubber):
        stubber.add_response("describe_cluster", active, {"name": "c"})
        stubber.add_response("describe_cluster", active, {"name": "c"})
        ready = Cluster().wait_ready(api, created)
    assert ready.attributes == {
        "Arn": f"{ARN}:cluster/c",
        "Endpoint": "https://c.eks.amazonaws.com",
        "CertificateAuthorityData": "Q0E=",
        "OpenIdConnectIssuerUrl": "https://oidc.eks/id/1",
        "ClusterSecurityGroupId": "sg-1",
    }


def test_failed_update_stops_the_apply_on_stubbed_aws() -> None:
    current = Live("c", {"Version": "1.29"}, {"Arn": f"{ARN}:cluster/c"})
    with stubbed_api("eks") as (api, stubber):
        stubber.add_response("update_cluster_version", update_answer("VersionUpdate"))
        stubber.add_response("describe_update", update_answer("VersionUpdate", "Failed"))
        with pytest.raises(LandformError, match="update done"):
            Cluster().update(api, current, {"Version": "1.30"})
        stubber.assert_no_pending_responses()


def test_protected_cluster_is_not_deleted() -> None:
    protected = Live("c", {"DeletionProtection": True}, {"Arn": f"{ARN}:cluster/c"})
    with stubbed_api("eks") as (api, stubber):
        with pytest.raises(DeletionRefused, match="deletion protection"):
            Cluster().delete(api, protected)
        stubber.assert_no_pending_responses()


def test_cluster_create_waits_for_a_new_role_to_reach_eks() -> None:
    class Quick(Cluster):
        ROLE_DELAYS = (0.0,)

    props = {
        "RoleArn": ROLE,
        "ResourcesVpcConfig": {"SubnetIds": ["subnet-1"]},
        "Tags": [{"Key": "landform:address", "Value": CLUSTER}],
    }
    with stubbed_api("eks") as (api, stubber):
        stubber.add_client_error(
            "create_cluster",
            "InvalidParameterException",
            f"Role with arn: {ROLE}, could not be assumed because it does not exist or the "
            "trusted entity is not correct",
        )
        stubber.add_response("create_cluster", cluster_answer("CREATING"))
        created = Quick().create(api, props, "token")
        stubber.assert_no_pending_responses()
    assert created.physical_id.startswith("shop-main-cluster-")


# node groups -------------------------------------------------------------------------


def declare_nodegroup(**kwargs: Any) -> App:
    app, stack, parts, cluster = declare_cluster()
    eks.Nodegroup(
        stack,
        "nodes",
        cluster_name=cluster.id,
        node_role=parts.node_role.arn,
        subnets=parts.subnets,
        **kwargs,
    )
    return app


def test_nodegroup_create_update_delete(context: Context, aws: Any) -> None:
    app = declare_nodegroup(
        scaling_config={"MinSize": 1, "DesiredSize": 2, "MaxSize": 3},
        labels={"tier": "web", "zone": "a"},
        taints=[{"Key": "dedicated", "Value": "web", "Effect": "NO_SCHEDULE"}],
        instance_types=["t3.large"],
        tags={"Team": "web"},
    )
    converge(app, context)
    cluster, name = physical_id(context, NODES).split("/")
    assert cluster == physical_id(context, CLUSTER)
    found = aws("eks").describe_nodegroup(clusterName=cluster, nodegroupName=name)["nodegroup"]
    assert found["scalingConfig"] == {"minSize": 1, "desiredSize": 2, "maxSize": 3}
    assert found["labels"] == {"tier": "web", "zone": "a"}
    assert found["taints"] == [{"key": "dedicated", "value": "web", "effect": "NO_SCHEDULE"}]
    assert found["instanceTypes"] == ["t3.large"]
    assert found["tags"]["landform:address"] == NODES
    record = context.store.get(NODES)
    assert record is not None
    assert record.attributes["Arn"] == found["nodegroupArn"]

    app = declare_nodegroup(
        scaling_config={"MinSize": 2, "DesiredSize": 4, "MaxSize": 6},
        labels={"tier": "api"},
        taints=[{"Key": "gpu", "Value": "yes", "Effect": "NO_EXECUTE"}],
        instance_types=["t3.large"],
        tags={"Team": "web"},
    )
    assert actions(plan(app, context)) == {NODES: "update"}
    converge(app, context)
    found = aws("eks").describe_nodegroup(clusterName=cluster, nodegroupName=name)["nodegroup"]
    assert found["scalingConfig"] == {"minSize": 2, "desiredSize": 4, "maxSize": 6}
    assert found["labels"] == {"tier": "api"}
    assert found["taints"] == [{"key": "gpu", "value": "yes", "effect": "NO_EXECUTE"}]

    app = declare_nodegroup(instance_types=["t3.xlarge"], tags={"Team": "web"})
    assert actions(plan(app, context)) == {NODES: "replace"}
    converge(app, context)
    (group,) = aws("eks").list_nodegroups(clusterName=cluster)["nodegroups"]
    found = aws("eks").describe_nodegroup(clusterName=cluster, nodegroupName=group)["nodegroup"]
    assert found["instanceTypes"] == ["t3.xlarge"]

    destroy(app, context)
    assert aws("eks").list_clusters()["clusters"] == []
    assert context.store.all() == []


def nodegroup_answer(**extra: Any) -> dict[str, Any]:
    arn = f"{ARN}:nodegroup/c/n/1"
    return {"nodegroup": {"nodegroupName": "n", "nodegroupArn": arn, "status": "ACTIVE", **extra}}


def test_nodegroup_version_and_tags_update_on_stubbed_aws() -> None:
    arn = f"{ARN}:nodegroup/c/n/1"
    address = {"landform:address": NODES}
    current = Live(
        "c/n",
        {"Version": "1.29", "Labels": {"tier": "web"}, "Tags": {**address, "Team": "web"}},
        {"Arn": arn},
    )
    desired = {
        "Version": "1.30",
        "ForceUpdateEnabled": True,
        "Labels": {"tier": "web"},
        "Tags": {**address, "Owner": "data"},
    }
    group = {"clusterName": "c", "nodegroupName": "n"}
    with stubbed_api("eks") as (api, stubber):
        stubber.add_response(
            "update_nodegroup_version",
            update_answer("VersionUpdate"),
            {**group, "version": "1.30", "force": True},
        )
        update = {"name": "c", "nodegroupName": "n", "updateId": "u-1"}
        stubber.add_response("describe_update", done("VersionUpdate"), update)
        stubber.add_response("describe_nodegroup", nodegroup_answer(), group)
        stubber.add_response("untag_resource", {}, {"resourceArn": arn, "tagKeys": ["Team"]})
        stubber.add_response("tag_resource", {}, {"resourceArn": arn, "tags": {"Owner": "data"}})
        Nodegroup().update(api, current, desired)
        stubber.assert_no_pending_responses()


# Fargate profiles --------------------------------------------------------------------


LABELS = [{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}]
"""Not in key order: EKS keeps them as a map."""


def declare_fargate(namespace: str) -> App:
    app, stack, _, cluster = declare_cluster()
    role = iam.Role(
        stack, "pod-role", assume_role_policy_document=trust("eks-fargate-pods.amazonaws.com")
    )
    eks.FargateProfile(
        stack,
        "fargate",
        cluster_name=cluster.id,
        pod_execution_role_arn=role.arn,
        selectors=[{"Namespace": namespace, "Labels": LABELS}],
    )
    return app


def test_fargate_profile_create_replace_delete(context: Context, aws: Any) -> None:
    converge(declare_fargate("web"), context)
    cluster, name = physical_id(context, FARGATE).split("|")
    found = aws("eks").describe_fargate_profile(clusterName=cluster, fargateProfileName=name)
    profile = found["fargateProfile"]
    assert profile["selectors"] == [{"namespace": "web", "labels": {"a": "1", "b": "2"}}]
    assert profile["tags"]["landform:address"] == FARGATE

    app = declare_fargate("api")
    assert actions(plan(app, context)) == {FARGATE: "replace"}
    converge(app, context)
    (other,) = aws("eks").list_fargate_profiles(clusterName=cluster)["fargateProfileNames"]
    found = aws("eks").describe_fargate_profile(clusterName=cluster, fargateProfileName=other)
    assert found["fargateProfile"]["selectors"][0]["namespace"] == "api"

    destroy(app, context)
    assert aws("eks").list_clusters()["clusters"] == []
    assert context.store.all() == []


def test_fargate_profile_tags_update_on_stubbed_aws() -> None:
    arn = f"{ARN}:fargateprofile/c/p/1"
    address = [{"Key": "landform:address", "Value": FARGATE}]
    current = Live("c|p", {"Tags": [*address, {"Key": "Team", "Value": "web"}]}, {"Arn": arn})
    desired = {"Tags": [*address, {"Key": "Team", "Value": "api"}]}
    with stubbed_api("eks") as (api, stubber):
        stubber.add_response("tag_resource", {}, {"resourceArn": arn, "tags": {"Team": "api"}})
        FargateProfile().update(api, current, desired)
        stubber.assert_no_pending_responses()


def cluster_parts(context: Context) -> dict[str, Any]:
    """An applied cluster's name, the node role's ARN and the subnets, as properties
    node groups and profiles take."""
    app, _, _, _ = declare_cluster()
    converge(app, context)
    role = context.store.get("shop/main/node-role")
    subnet = context.store.get("shop/main/subnet-0")
    assert role is not None and subnet is not None
    return {
        "ClusterName": physical_id(context, CLUSTER),
        "Subnets": [subnet.physical_id],
        "role": role.attributes["Arn"],
    }


@pytest.mark.parametrize("kind", ["nodegroup", "fargate"])
def test_a_part_made_by_a_lost_create_is_taken_over_not_a_named_one(
    context: Context, kind: str
) -> None:
    """create_<kind> answered "in use": the one there is this declaration's when its name
    was derived and it carries the declaration's address; under a declared name it is
    refused."""
    parts = cluster_parts(context)
    role = parts.pop("role")
    handler: Nodegroup | FargateProfile
    if kind == "nodegroup":
        handler = Nodegroup()
        props = {**parts, "NodeRole": role, "Tags": {ADDRESS_TAG: NODES}}
    else:
        handler = FargateProfile()
        selectors = [{"Namespace": "web"}]
        tags = [{"Key": ADDRESS_TAG, "Value": FARGATE}]
        props = {**parts, "PodExecutionRoleArn": role, "Selectors": selectors, "Tags": tags}
    api = context.api(ACCOUNT, "us-east-1")
    made = handler.create(api, props, "first")
    again = handler.create(api, props, "second")
    assert (again.physical_id, again.attributes["Arn"]) == (
        made.physical_id,
        made.attributes["Arn"],
    )
    assert again.properties["Tags"] == props["Tags"]

    name = made.physical_id.split(handler.SEPARATOR)[1]
    with pytest.raises(LandformError, match=f"EKS .* {parts['ClusterName']}/{name} exists"):
        handler.create(api, {**props, handler.NAME_PROPERTY: name}, "third")
