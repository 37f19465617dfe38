"""Instance: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from landform import Stack, ValidationError
from landform.aws import ec2, kms
from landform.constructs import Network, WebSecurityGroup
from landform.constructs.instance import Instance
from landform.engine.context import Context
from landform.handlers.base import tag_map
from tests.conftest import TAGS
from tests.support import converge, destroy

HERE = Path(__file__).name
IMAGE = "ami-12c6146b"
"""An AMI the emulator knows; its root device is /dev/sda1."""

SSM = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
TRUST_EC2 = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def network(stack: Stack) -> Network:
    return Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)


# model ------------------------------------------------------------------------------


def test_private_instance_with_imdsv2_a_role_and_an_encrypted_root(stack: Stack) -> None:
    net = network(stack)
    web = Instance(stack, "web", network=net, image_id=IMAGE)
    assert (web.instance.logical_id, web.role.logical_id, web.profile.logical_id) == (
        "web",
        "web-role",
        "web-profile",
    )
    assert web.instance.properties == {
        "ImageId": IMAGE,
        "InstanceType": "t3.micro",
        "SubnetId": net.private_subnets[0].id,
        "IamInstanceProfile": web.profile.id,
        "MetadataOptions": {
            "HttpEndpoint": "enabled",
            "HttpTokens": "required",
            "HttpPutResponseHopLimit": 1,
        },
        "BlockDeviceMappings": [
            {
                "DeviceName": "/dev/xvda",
                "Ebs": {
                    "VolumeSize": 20,
                    "VolumeType": "gp3",
                    "Encrypted": True,
                    "DeleteOnTermination": True,
                },
            }
        ],
        "PropagateTagsToVolumeOnCreation": True,
    }
    assert web.role.properties == {"AssumeRolePolicyDocument": TRUST_EC2}
    assert web.profile.properties == {"Roles": [web.role.id]}
    types = {r.type_name for r in stack.resources.values()}
    assert not {"AWS::IAM::User", "AWS::IAM::AccessKey"} & types, "never access keys"


def test_key_groups_policies_and_zone(stack: Stack) -> None:
    net = network(stack)
    key = kms.Key(stack, "key")
    web_group = WebSecurityGroup(stack, "web-sg", vpc=net.vpc)
    admin = ec2.SecurityGroup(stack, "admin-sg", group_description="admin", vpc_id=net.vpc.id)
    web = Instance(
        stack,
        "web",
        network=net,
        image_id=IMAGE,
        instance_type="m7g.large",
        zone=1,
        security_groups=[admin, web_group.id, "sg-0123456789abcdef0"],
        managed_policy_arns=[SSM],
        root_volume_size=50,
        key=key,
        root_device_name="/dev/sda1",
    )
    props = web.instance.properties
    assert props["InstanceType"] == "m7g.large"
    assert props["SubnetId"] == net.private_subnets[1].id
    assert props["SecurityGroupIds"] == [admin.group_id, web_group.id, "sg-0123456789abcdef0"]
    (root,) = props["BlockDeviceMappings"]
    assert root["DeviceName"] == "/dev/sda1"
    assert (root["Ebs"]["VolumeSize"], root["Ebs"]["KmsKeyId"]) == (50, key.arn)
    assert web.role.properties["ManagedPolicyArns"] == [SSM]
    assert set(web.role.properties) == {"AssumeRolePolicyDocument", "ManagedPolicyArns"}


@pytest.mark.parametrize(("arguments", "message", "hint"), [
    ({"zone": 2}, "zone=2 is not one of the network's 2 zone(s)", "from 0 to 1"),
    ({"zone": -1}, "zone=-1", "from 0 to 1"),
    ({"root_volume_size": 0}, "root_volume_size=0", "1 or more"),
])  # fmt: skip
def test_bad_arguments(stack: Stack, arguments: dict[str, Any], message: str, hint: str) -> None:
    net = network(stack)
    before = set(stack.resources)
    with pytest.raises(ValidationError) as raised:
        Instance(stack, "web", network=net, image_id=IMAGE, **arguments)
    error = raised.value
    assert message in error.message
    assert error.hint is not None and hint in error.hint
    assert error.where is not None and error.where.stack == "main"
    assert HERE in str(error.where.source), "the error names the line that declared it"
    assert set(stack.resources) == before, "a rejected Instance declares nothing"


# emulator ---------------------------------------------------------------------------


def test_instance_on_the_emulator(stack: Stack, context: Context, aws: Any) -> None:
    read_config = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*"}],
    }
    policy_arn = aws("iam").create_policy(
        PolicyName="read-config", PolicyDocument=json.dumps(read_config)
    )["Policy"]["Arn"]
    net = network(stack)
    key = kms.Key(stack, "key")
    group = WebSecurityGroup(stack, "web-sg", vpc=net.vpc)
    Instance(
        stack,
        "web",
        network=net,
        image_id=IMAGE,
        security_groups=[group.id],
        managed_policy_arns=[policy_arn],
        key=key,
        root_device_name="/dev/sda1",
    )
    converge(stack.app, context)
    ec2_client, iam = aws("ec2"), aws("iam")
    owned = [{"Name": "tag:landform:address", "Values": ["shop/main/web"]}]
    (reservation,) = ec2_client.describe_instances(Filters=owned)["Reservations"]
    (instance,) = reservation["Instances"]
    (subnet,) = ec2_client.describe_subnets(
        Filters=[{"Name": "tag:landform:address", "Values": ["shop/main/net-private-a"]}]
    )["Subnets"]
    assert instance["SubnetId"] == subnet["SubnetId"]
    assert "PublicIpAddress" not in instance
    options = instance["MetadataOptions"]
    assert (options["HttpTokens"], options["HttpPutResponseHopLimit"]) == ("required", 1)
    web_sg = context.store.get("shop/main/web-sg")
    assert web_sg is not None
    assert [g["GroupId"] for g in instance["SecurityGroups"]] == [web_sg.physical_id]

    profile_name = instance["IamInstanceProfile"]["Arn"].rsplit("/", 1)[1]
    profile = iam.get_instance_profile(InstanceProfileName=profile_name)["InstanceProfile"]
    (role,) = profile["Roles"]
    assert role["AssumeRolePolicyDocument"] == TRUST_EC2
    attached = iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [policy_arn]
    assert iam.list_role_policies(RoleName=role["RoleName"])["PolicyNames"] == []
    assert iam.list_users()["Users"] == [], "no IAM user, so no access keys"

    (mapping,) = instance["BlockDeviceMappings"]
    assert mapping["DeviceName"] == "/dev/sda1"
    (volume,) = ec2_client.describe_volumes(VolumeIds=[mapping["Ebs"]["VolumeId"]])["Volumes"]
    key_record = context.store.get("shop/main/key")
    assert key_record is not None
    assert (volume["Size"], volume["VolumeType"]) == (20, "gp3")
    assert (volume["Encrypted"], volume["KmsKeyId"]) == (True, key_record.attributes["Arn"])
    assert tag_map(volume["Tags"]) == TAGS

    destroy(stack.app, context)
    instance_id = instance["InstanceId"]
    (reservation,) = ec2_client.describe_instances(InstanceIds=[instance_id])["Reservations"]
    assert reservation["Instances"][0]["State"]["Name"] == "terminated"
    assert iam.list_instance_profiles()["InstanceProfiles"] == []
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == []
    assert context.store.all() == []
