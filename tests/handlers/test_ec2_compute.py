"""EC2 instances, volumes, volume attachments and launch templates against the emulator
(and, where the emulator lacks an API, against botocore's Stubber)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from landform import Stack
from landform.aws import ec2, kms
from landform.engine import operations
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.errors import LandformError, ValidationError
from landform.handlers.base import Live, tag_map
from landform.handlers.ec2.instance import Instance
from landform.handlers.registry import handler_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import ACCOUNT, TAGS
from tests.handlers.contract import stubbed_api
from tests.handlers.examples.ec2_compute import IMAGE, ZONE, subnet
from tests.support import HANDLERS_ONLY, actions, converge, destroy, new_app, plan

WEB = "shop/main/web"
DATA = "shop/main/data"
SCRIPT = "#!/bin/sh\necho hello\n"
ROOT = "/dev/sda1"
"""The root device of the emulator's AMIs."""


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def described(aws: Any, instance_id: str) -> dict[str, Any]:
    (reservation,) = aws("ec2").describe_instances(InstanceIds=[instance_id])["Reservations"]
    (instance,) = reservation["Instances"]
    return instance  # type: ignore[no-any-return]


def attribute(aws: Any, instance_id: str, name: str) -> Any:
    key = name[0].upper() + name[1:]
    return aws("ec2").describe_instance_attribute(InstanceId=instance_id, Attribute=name)[key]


def groups_of(stack: Stack, net: ec2.Subnet) -> tuple[ec2.SecurityGroup, ec2.SecurityGroup]:
    vpc_id = net.properties["VpcId"]
    return (
        ec2.SecurityGroup(stack, "web-sg", group_description="web", vpc_id=vpc_id),
        ec2.SecurityGroup(stack, "admin-sg", group_description="admin", vpc_id=vpc_id),
    )


def root_volume(key: kms.Key, size: int = 20) -> list[dict[str, Any]]:
    ebs = {
        "VolumeSize": size,
        "VolumeType": "gp3",
        "Encrypted": True,
        "KmsKeyId": key.arn,
        "DeleteOnTermination": True,
    }
    return [{"DeviceName": ROOT, "Ebs": ebs}]


def web_app(group: int = 0, image: str = IMAGE, size: int = 20, **settings: Any) -> Any:
    """A network, a key and the instance `web` with `settings`, in group `group`."""
    app, stack = new_app(block_on=HANDLERS_ONLY)
    net = subnet(stack)
    groups = groups_of(stack, net)
    key = kms.Key(stack, "key")
    settings.setdefault("security_group_ids", [groups[group].group_id])
    ec2.Instance(
        stack,
        "web",
        image_id=image,
        subnet_id=net.id,
        block_device_mappings=root_volume(key, size),
        **settings,
    )
    return app


def volumes_with_id(aws: Any, volume_id: str) -> list[dict[str, Any]]:
    volume = [{"Name": "volume-id", "Values": [volume_id]}]
    return aws("ec2").describe_volumes(Filters=volume)["Volumes"]  # type: ignore[no-any-return]


def profiles(aws: Any, *names: str) -> None:
    """Instance profiles made outside Landform, for instances to use."""
    for name in names:
        aws("iam").create_instance_profile(InstanceProfileName=name)


# instances --------------------------------------------------------------------------


def test_instance_create_update_delete(context: Context, aws: Any) -> None:
    profiles(aws, "web-a")
    app = web_app(
        instance_type="t3.micro",
        metadata_options={"HttpTokens": "required", "HttpPutResponseHopLimit": 1},
        propagate_tags_to_volume_on_creation=True,
        user_data=b64(SCRIPT),
        tags={"Tier": "web"},
    )
    converge(app, context)
    instance_id = physical_id(context, WEB)
    instance = described(aws, instance_id)
    assert instance["State"]["Name"] == "running"
    assert instance["InstanceType"] == "t3.micro"
    assert instance["SubnetId"] == physical_id(context, "shop/main/compute-subnet")
    assert [g["GroupId"] for g in instance["SecurityGroups"]] == [
        physical_id(context, "shop/main/web-sg")
    ]
    assert "IamInstanceProfile" not in instance
    options = instance["MetadataOptions"]
    assert (options["HttpTokens"], options["HttpPutResponseHopLimit"]) == ("required", 1)
    assert tag_map(instance["Tags"]) == {**TAGS, "Tier": "web", ADDRESS_TAG: WEB}
    assert attribute(aws, instance_id, "userData")["Value"] == b64(SCRIPT)
    (mapping,) = instance["BlockDeviceMappings"]
    (volume,) = aws("ec2").describe_volumes(VolumeIds=[mapping["Ebs"]["VolumeId"]])["Volumes"]
    key_arn = aws("kms").describe_key(KeyId=physical_id(context, "shop/main/key"))["KeyMetadata"]
    assert (volume["Size"], volume["Encrypted"], volume["KmsKeyId"]) == (20, True, key_arn["Arn"])
    assert tag_map(volume["Tags"]) == {**TAGS, "Tier": "web"}, "all tags but the ownership"
    record = context.store.get(WEB)
    assert record is not None
    assert record.attributes["PrivateIp"] == instance["PrivateIpAddress"]
    assert record.attributes["VpcId"] == instance["VpcId"]

    app = web_app(
        group=1,
        instance_type="t3.small",
        ebs_optimized=True,
        iam_instance_profile="web-a",
        metadata_options={"HttpTokens": "required", "HttpPutResponseHopLimit": 2},
        propagate_tags_to_volume_on_creation=True,
        user_data=b64(SCRIPT),
        source_dest_check=False,
        instance_initiated_shutdown_behavior="terminate",
        disable_api_termination=True,
        tags={"Tier": "front"},
    )
    assert actions(plan(app, context)) == {WEB: "update"}
    converge(app, context)
    instance = described(aws, instance_id)
    assert instance["State"]["Name"] == "running", "started again after the type change"
    assert (instance["InstanceType"], instance["EbsOptimized"]) == ("t3.small", True)
    assert [g["GroupId"] for g in instance["SecurityGroups"]] == [
        physical_id(context, "shop/main/admin-sg")
    ]
    assert instance["IamInstanceProfile"]["Arn"].endswith(":instance-profile/web-a")
    assert instance["MetadataOptions"]["HttpPutResponseHopLimit"] == 2
    assert instance["SourceDestCheck"] is False
    assert tag_map(instance["Tags"])["Tier"] == "front"
    assert attribute(aws, instance_id, "disableApiTermination") == {"Value": True}
    shutdown = attribute(aws, instance_id, "instanceInitiatedShutdownBehavior")
    assert shutdown == {"Value": "terminate"}

    with pytest.raises(ApplyFailed, match="termination protection"):
        destroy(app, context)
    assert described(aws, instance_id)["State"]["Name"] == "running"
    assert context.store.get(WEB) is not None, "a refused deletion keeps the state"

    app = web_app(instance_type="t3.small", security_group_ids=None)
    assert actions(plan(app, context)) == {
        WEB: "update",
        "shop/main/web-sg": "create",  # the destroy deleted what the instance did not use
    }
    converge(app, context)
    instance = described(aws, instance_id)
    assert "IamInstanceProfile" not in instance
    assert [g["GroupName"] for g in instance["SecurityGroups"]] == ["default"]
    assert instance["SourceDestCheck"] is True
    assert "Tier" not in tag_map(instance["Tags"])
    assert attribute(aws, instance_id, "disableApiTermination") == {"Value": False}

    destroy(app, context)
    assert described(aws, instance_id)["State"]["Name"] == "terminated"
    assert volumes_with_id(aws, volume["VolumeId"]) == [], "deleted on termination"
    assert context.store.all() == []


def test_instance_replaced_for_a_new_image_or_root_volume(context: Context, aws: Any) -> None:
    profiles(aws, "web-a")
    converge(web_app(iam_instance_profile="web-a"), context)
    first = physical_id(context, WEB)
    assert described(aws, first)["IamInstanceProfile"]["Arn"].endswith(":instance-profile/web-a")

    app = web_app(image="ami-1e749f67", iam_instance_profile="web-a")
    planned = plan(app, context)
    assert actions(planned) == {WEB: "replace"}
    (change,) = [c for c in planned.changes if c.address == WEB]
    assert [(c.name, c.replaces) for c in change.changes] == [("ImageId", True)]
    converge(app, context)
    second = physical_id(context, WEB)
    assert described(aws, first)["State"]["Name"] == "terminated"
    assert described(aws, second)["ImageId"] == "ami-1e749f67"

    app = web_app(image="ami-1e749f67", iam_instance_profile="web-a", size=30)
    assert actions(plan(app, context)) == {WEB: "replace"}
    converge(app, context)
    third = physical_id(context, WEB)
    assert third != second
    (mapping,) = described(aws, third)["BlockDeviceMappings"]
    (volume,) = aws("ec2").describe_volumes(VolumeIds=[mapping["Ebs"]["VolumeId"]])["Volumes"]
    assert volume["Size"] == 30


def test_termination_protection_turned_on_outside_landform(context: Context, aws: Any) -> None:
    app = web_app()
    converge(app, context)
    instance_id = physical_id(context, WEB)
    aws("ec2").modify_instance_attribute(
        InstanceId=instance_id, DisableApiTermination={"Value": True}
    )
    with pytest.raises(ApplyFailed, match="termination protection"):
        destroy(app, context)
    assert described(aws, instance_id)["State"]["Name"] == "running"
    assert context.store.get(WEB) is not None


def test_instance_launched_by_an_interrupted_run_is_adopted(context: Context, aws: Any) -> None:
    app = web_app()
    converge(app, context)
    instance_id = physical_id(context, WEB)
    context.store.remove(WEB)
    planned = plan(app, context)
    assert actions(planned) == {WEB: "adopt"}, "found by its tag, block devices read back"
    (change,) = [c for c in planned.changes if c.address == WEB]
    assert change.current is not None
    assert change.current.properties["DisableApiTermination"] is False
    converge(app, context)
    assert physical_id(context, WEB) == instance_id


@pytest.mark.parametrize(("declare", "refused"), [
    (lambda stack: ec2.Instance(stack, "web", image_id=IMAGE, cpu_options={"CoreCount": 2}),
     "CpuOptions"),
    (lambda stack: ec2.Volume(stack, "data", availability_zone_id="use1-az1", size=10),
     "AvailabilityZoneId"),
    (lambda stack: ec2.VolumeAttachment(stack, "at", instance_id="i-1", volume_id="vol-1",
                                        device="/dev/sdf", ebs_card_index=1),
     "EbsCardIndex"),
])  # fmt: skip
def test_unmanaged_properties_are_refused_before_aws(declare: Any, refused: str) -> None:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    declare(stack)
    with pytest.raises(ValidationError, match=f"does not manage {refused}"):
        operations.check(app)


def test_user_data_that_is_not_base64_is_refused_before_aws() -> None:
    with stubbed_api("ec2") as (api, stubber):
        with pytest.raises(LandformError, match="base64"):
            handler_for("AWS::EC2::Instance").create(
                api, {"ImageId": IMAGE, "UserData": "echo hello"}, "token"
            )
        stubber.assert_no_pending_responses()


def running(instance_id: str, state: str) -> dict[str, Any]:
    """A describe_instances answer for one instance in `state`."""
    return {
        "Reservations": [{"Instances": [{"InstanceId": instance_id, "State": {"Name": state}}]}]
    }


def test_monitoring_and_user_data_change_in_place_with_stubbed_aws() -> None:
    """The emulator implements neither monitor_instances nor user data changes as AWS."""
    instance_id = "i-0123456789abcdef0"
    current = Live(
        instance_id,
        {
            "ImageId": IMAGE,
            "Monitoring": False,
            "DisableApiTermination": False,
            "InstanceInitiatedShutdownBehavior": "stop",
            "UserData": b64(SCRIPT),
        },
        {"InstanceId": instance_id, "VpcId": "vpc-1"},
    )
    desired = {"ImageId": IMAGE, "Monitoring": True, "UserData": b64("echo bye\n")}
    one = {"InstanceIds": [instance_id]}
    state = {"Code": 16, "Name": "running"}
    with stubbed_api("ec2") as (api, stubber):
        stubber.add_response(
            "monitor_instances",
            {
                "InstanceMonitorings": [
                    {"InstanceId": instance_id, "Monitoring": {"State": "pending"}}
                ]
            },
            one,
        )
        stubber.add_response(
            "stop_instances",
            {"StoppingInstances": [{"InstanceId": instance_id, "PreviousState": state}]},
            one,
        )
        stubber.add_response("describe_instances", running(instance_id, "stopped"), one)
        stubber.add_response(
            "modify_instance_attribute",
            {},
            {"InstanceId": instance_id, "UserData": {"Value": b"echo bye\n"}},
        )
        stubber.add_response("start_instances", {"StartingInstances": []}, one)
        stubber.add_response("describe_instances", running(instance_id, "running"), one)
        updated = handler_for("AWS::EC2::Instance").update(api, current, desired)
        stubber.assert_no_pending_responses()
    assert updated.properties == desired

    desired = {"ImageId": IMAGE, "UserData": b64("echo bye\n")}
    current = Live(instance_id, {**current.properties, "Monitoring": True, **desired})
    with stubbed_api("ec2") as (api, stubber):
        stubber.add_response("unmonitor_instances", {"InstanceMonitorings": []}, one)
        handler_for("AWS::EC2::Instance").update(api, current, desired)
        stubber.assert_no_pending_responses()


def test_profile_replaced_in_one_call_with_stubbed_aws() -> None:
    """The emulator's replace_iam_instance_profile_association leaves the instance's
    profile as it was; AWS swaps it without a moment without credentials."""
    instance_id = "i-0123456789abcdef0"
    known = {
        "IamInstanceProfile": "web-a",
        "DisableApiTermination": False,
        "InstanceInitiatedShutdownBehavior": "stop",
        "UserData": "",
    }
    current = Live(instance_id, known, {"InstanceId": instance_id})
    association = {
        "AssociationId": "iip-assoc-1",
        "InstanceId": instance_id,
        "IamInstanceProfile": {"Arn": f"arn:aws:iam::{ACCOUNT}:instance-profile/web-a"},
        "State": "associated",
    }
    with stubbed_api("ec2") as (api, stubber):
        stubber.add_response(
            "describe_iam_instance_profile_associations",
            {"IamInstanceProfileAssociations": [association]},
            {
                "Filters": [
                    {"Name": "instance-id", "Values": [instance_id]},
                    {"Name": "state", "Values": ["associating", "associated"]},
                ]
            },
        )
        stubber.add_response(
            "replace_iam_instance_profile_association",
            {"IamInstanceProfileAssociation": association},
            {"AssociationId": "iip-assoc-1", "IamInstanceProfile": {"Name": "web-b"}},
        )
        handler_for("AWS::EC2::Instance").update(api, current, {"IamInstanceProfile": "web-b"})
        stubber.assert_no_pending_responses()


def test_launch_parameters_with_stubbed_aws() -> None:
    """CloudFormation's shapes as run_instances takes them; the emulator would ignore
    DisableApiTermination at launch."""
    tags = [{"Key": "Tier", "Value": "web"}, {"Key": ADDRESS_TAG, "Value": WEB}]
    props = {
        "ImageId": IMAGE,
        "AvailabilityZone": ZONE,
        "Tenancy": "default",
        "DisableApiTermination": True,
        "Monitoring": True,
        "UserData": b64(SCRIPT),
        "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "NoDevice": {}}],
        "PropagateTagsToVolumeOnCreation": True,
        "SourceDestCheck": False,
        "Tags": tags,
    }
    launch = {
        "ImageId": IMAGE,
        "Placement": {"AvailabilityZone": ZONE, "Tenancy": "default"},
        "DisableApiTermination": True,
        "Monitoring": {"Enabled": True},
        "UserData": SCRIPT.encode(),
        "BlockDeviceMappings": [{"DeviceName": "/dev/sdb", "NoDevice": ""}],
        "MinCount": 1,
        "MaxCount": 1,
        "ClientToken": "token",
        "TagSpecifications": [
            {"ResourceType": "instance", "Tags": tags},
            {"ResourceType": "volume", "Tags": [{"Key": "Tier", "Value": "web"}]},
        ],
    }
    with stubbed_api("ec2") as (api, stubber):
        stubber.add_response("run_instances", {"Instances": [{"InstanceId": "i-1"}]}, launch)
        created = handler_for("AWS::EC2::Instance").create(api, props, "token")
        stubber.assert_no_pending_responses()
    assert "SourceDestCheck" not in created.properties, "set by the update that follows"
    assert created.properties["DisableApiTermination"] is True


def test_launch_waits_for_a_new_instance_profile_with_stubbed_aws() -> None:
    """EC2 refuses an instance profile IAM made seconds ago; create asks again."""

    class Quick(Instance):
        ROLE_DELAYS = (0.0,)

    props = {"ImageId": IMAGE, "IamInstanceProfile": "web"}
    launch = {
        "ImageId": IMAGE,
        "IamInstanceProfile": {"Name": "web"},
        "MinCount": 1,
        "MaxCount": 1,
        "ClientToken": "token",
        "TagSpecifications": [],
    }
    launched = {"Instances": [{"InstanceId": "i-1", "Placement": {"AvailabilityZone": ZONE}}]}
    with stubbed_api("ec2") as (api, stubber):
        stubber.add_client_error(
            "run_instances",
            "InvalidParameterValue",
            "Value (web) for parameter iamInstanceProfile.name is invalid. "
            "Invalid IAM Instance Profile name",
            expected_params=launch,
        )
        stubber.add_response("run_instances", launched, launch)
        created = Quick().create(api, props, "token")
        stubber.assert_no_pending_responses()
    assert created.physical_id == "i-1"
    assert created.attributes["AvailabilityZone"] == ZONE


# volumes ----------------------------------------------------------------------------


def data_volume(**settings: Any) -> Any:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    key = kms.Key(stack, "key")
    settings.setdefault("availability_zone", ZONE)
    ec2.Volume(stack, "data", encrypted=True, kms_key_id=key.arn, **settings)
    return app


def volume_of(aws: Any, volume_id: str) -> dict[str, Any]:
    (volume,) = aws("ec2").describe_volumes(VolumeIds=[volume_id])["Volumes"]
    return volume  # type: ignore[no-any-return]


def test_volume_create_update_delete(context: Context, aws: Any) -> None:
    converge(data_volume(size=10, volume_type="gp3", tags={"Tier": "data"}), context)
    volume_id = physical_id(context, DATA)
    volume = volume_of(aws, volume_id)
    key_arn = aws("kms").describe_key(KeyId=physical_id(context, "shop/main/key"))["KeyMetadata"]
    assert (volume["Size"], volume["VolumeType"], volume["AvailabilityZone"]) == (10, "gp3", ZONE)
    assert (volume["Encrypted"], volume["KmsKeyId"]) == (True, key_arn["Arn"])
    assert tag_map(volume["Tags"]) == {**TAGS, "Tier": "data", ADDRESS_TAG: DATA}

    app = data_volume(size=20, volume_type="gp3", iops=4000, throughput=250)
    assert actions(plan(app, context)) == {DATA: "update"}
    converge(app, context)
    volume = volume_of(aws, volume_id)
    assert (volume["Size"], volume["Iops"], volume["Throughput"]) == (20, 4000, 250)
    assert "Tier" not in tag_map(volume["Tags"])

    app = data_volume(size=20, volume_type="gp3")
    assert actions(plan(app, context)) == {DATA: "update"}
    converge(app, context)
    volume = volume_of(aws, volume_id)
    assert (volume["Iops"], volume["Throughput"]) == (3000, 125), "back to gp3's baseline"

    destroy(app, context)
    assert volumes_with_id(aws, volume_id) == []
    assert context.store.all() == []


def test_volume_replaced_in_another_zone(context: Context, aws: Any) -> None:
    converge(data_volume(size=10), context)
    first = physical_id(context, DATA)
    app = data_volume(size=10, availability_zone="us-east-1b")
    assert actions(plan(app, context)) == {DATA: "replace"}
    converge(app, context)
    second = physical_id(context, DATA)
    assert volume_of(aws, second)["AvailabilityZone"] == "us-east-1b"
    assert volumes_with_id(aws, first) == []


# volume attachments -----------------------------------------------------------------


@pytest.mark.parametrize(("policy", "snapshots"), [(None, 0), ("Delete", 0), ("Snapshot", 1)])
def test_a_volume_under_deletion_policy_snapshot_leaves_a_final_snapshot(
    context: Context, aws: Any, policy: str | None, snapshots: int
) -> None:
    converge(data_volume(size=10, tags={"Tier": "data"}, deletion_policy=policy), context)
    volume_id = physical_id(context, DATA)

    destroy(data_volume(size=10, deletion_policy=policy), context)
    assert aws("ec2").describe_volumes()["Volumes"] == []
    of_volume = [{"Name": "volume-id", "Values": [volume_id]}]
    found = aws("ec2").describe_snapshots(Filters=of_volume)["Snapshots"]
    assert len(found) == snapshots
    for snapshot in found:
        assert (snapshot["VolumeId"], snapshot["State"]) == (volume_id, "completed")
        assert snapshot["Description"] == f"Final snapshot of {DATA}"
        tags = {t["Key"]: t["Value"] for t in snapshot["Tags"]}
        assert tags["Tier"] == "data" and ADDRESS_TAG not in tags, "the snapshot is not owned"


def attached(device: str, image: str = IMAGE) -> Any:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    server = ec2.Instance(stack, "web", image_id=image, subnet_id=subnet(stack).id)
    disk = ec2.Volume(stack, "data", availability_zone=ZONE, size=10)
    ec2.VolumeAttachment(
        stack, "data-attachment", instance_id=server.id, volume_id=disk.id, device=device
    )
    return app


ATTACHMENT = "shop/main/data-attachment"


def attachments(aws: Any, volume_id: str) -> list[tuple[str, str]]:
    return [(a["InstanceId"], a["Device"]) for a in volume_of(aws, volume_id)["Attachments"]]


def test_volume_attachment_create_replace_delete(context: Context, aws: Any) -> None:
    converge(attached("/dev/sdf"), context)
    instance_id, volume_id = physical_id(context, WEB), physical_id(context, DATA)
    assert attachments(aws, volume_id) == [(instance_id, "/dev/sdf")]
    assert physical_id(context, ATTACHMENT) == f"{volume_id}|{instance_id}"

    app = attached("/dev/sdg")
    assert actions(plan(app, context)) == {ATTACHMENT: "replace"}
    converge(app, context)
    assert attachments(aws, volume_id) == [(instance_id, "/dev/sdg")], "moved to the new device"

    app = attached("/dev/sdg", image="ami-1e749f67")
    assert actions(plan(app, context)) == {WEB: "replace", ATTACHMENT: "replace"}
    converge(app, context)
    replacement = physical_id(context, WEB)
    assert attachments(aws, volume_id) == [(replacement, "/dev/sdg")], "moved to the new instance"
    assert described(aws, instance_id)["State"]["Name"] == "terminated"

    destroy(app, context)
    assert described(aws, replacement)["State"]["Name"] == "terminated"
    assert volumes_with_id(aws, volume_id) == []
    assert context.store.all() == []


def test_volume_attached_by_an_interrupted_run_is_adopted(context: Context, aws: Any) -> None:
    app = attached("/dev/sdf")
    converge(app, context)
    context.store.remove(ATTACHMENT)
    assert actions(plan(app, context)) == {ATTACHMENT: "adopt"}


# launch templates -------------------------------------------------------------------


def template(name: str = "shop-web", instance_type: str = "t3.micro", **settings: Any) -> Any:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    ec2.LaunchTemplate(
        stack,
        "template",
        launch_template_name=name,
        launch_template_data={
            "ImageId": IMAGE,
            "InstanceType": instance_type,
            "MetadataOptions": {"HttpTokens": "required"},
        },
        **settings,
    )
    return app


TEMPLATE = "shop/main/template"


def launch_template_of(aws: Any, template_id: str) -> dict[str, Any]:
    (found,) = aws("ec2").describe_launch_templates(LaunchTemplateIds=[template_id])[
        "LaunchTemplates"
    ]
    return found  # type: ignore[no-any-return]


def default_data(aws: Any, template_id: str) -> dict[str, Any]:
    (version,) = aws("ec2").describe_launch_template_versions(
        LaunchTemplateId=template_id, Versions=["$Default"]
    )["LaunchTemplateVersions"]
    return version  # type: ignore[no-any-return]


def template_tags(aws: Any, template_id: str) -> dict[str, str]:
    """The template's tags (describe_tags: the emulator's describe_launch_templates shows
    only the tags given at creation)."""
    found = aws("ec2").describe_tags(Filters=[{"Name": "resource-id", "Values": [template_id]}])
    return tag_map(found["Tags"])


def tagged(**tags: str) -> list[dict[str, Any]]:
    return [
        {
            "ResourceType": "launch-template",
            "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
        }
    ]


def test_launch_template_versions_and_tags(context: Context, aws: Any) -> None:
    converge(template(version_description="first", tag_specifications=tagged(Tier="web")), context)
    template_id = physical_id(context, TEMPLATE)
    found = launch_template_of(aws, template_id)
    assert found["LaunchTemplateName"] == "shop-web"
    assert template_tags(aws, template_id) == {"Tier": "web"}
    assert default_data(aws, template_id)["VersionDescription"] == "first"
    record = context.store.get(TEMPLATE)
    assert record is not None
    assert record.attributes == {
        "LaunchTemplateId": template_id,
        "LatestVersionNumber": "1",
        "DefaultVersionNumber": "1",
    }

    app = template(
        instance_type="t3.small",
        version_description="bigger",
        tag_specifications=tagged(Tier="web"),
    )
    assert actions(plan(app, context)) == {TEMPLATE: "update"}
    converge(app, context)
    version = default_data(aws, template_id)
    assert (version["VersionNumber"], version["VersionDescription"]) == (2, "bigger")
    assert version["LaunchTemplateData"]["InstanceType"] == "t3.small"
    record = context.store.get(TEMPLATE)
    assert record is not None
    assert (
        record.attributes["LatestVersionNumber"],
        record.attributes["DefaultVersionNumber"],
    ) == (
        "2",
        "2",
    )

    app = template(
        instance_type="t3.small",
        version_description="bigger",
        tag_specifications=tagged(Tier="app"),
    )
    assert actions(plan(app, context)) == {TEMPLATE: "update"}
    converge(app, context)
    found = launch_template_of(aws, template_id)
    assert found["LatestVersionNumber"] == 2, "a change of tags only makes no version"
    assert template_tags(aws, template_id) == {"Tier": "app"}

    destroy(app, context)
    assert aws("ec2").describe_launch_templates()["LaunchTemplates"] == []
    assert context.store.all() == []


def test_launch_template_replaced_for_a_new_name(context: Context, aws: Any) -> None:
    converge(template(), context)
    first = physical_id(context, TEMPLATE)
    app = template(name="shop-web-2")
    assert actions(plan(app, context)) == {TEMPLATE: "replace"}
    converge(app, context)
    (found,) = aws("ec2").describe_launch_templates()["LaunchTemplates"]
    assert found["LaunchTemplateName"] == "shop-web-2"
    assert found["LaunchTemplateId"] != first


def test_launch_template_without_a_name_is_refused_before_aws(context: Context, aws: Any) -> None:
    app = template(name=None)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="needs LaunchTemplateName declared") as error:
        operations.check(app)
    assert error.value.where is not None
    assert (error.value.where.logical_id, error.value.where.property) == (
        "template",
        "LaunchTemplateName",
    )
    assert aws("ec2").describe_launch_templates()["LaunchTemplates"] == []


def test_launch_template_made_by_an_interrupted_run_is_adopted(context: Context, aws: Any) -> None:
    aws("ec2").create_launch_template(
        LaunchTemplateName="shop-web",
        LaunchTemplateData={
            "ImageId": IMAGE,
            "InstanceType": "t3.micro",
            "MetadataOptions": {"HttpTokens": "required"},
        },
    )
    app = template()
    assert actions(plan(app, context)) == {TEMPLATE: "adopt"}
    converge(app, context)
