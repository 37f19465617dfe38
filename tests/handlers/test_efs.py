"""AWS::EFS::FileSystem, MountTarget and AccessPoint against the emulator.

The emulator implements neither update_file_system, put_backup_policy nor
delete_file_system_policy: those paths run on botocore's Stubber with AWS-shaped answers.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from landform import App
from landform.aws import ec2, efs, kms
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import Live, tag_map
from landform.handlers.efs.access_point import AccessPoint
from landform.handlers.efs.file_system import FileSystem, creation_token
from landform.handlers.efs.mount_target import MountTarget
from landform.model import Stack
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import Call, queue, stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

FILES = "shop/main/files"
MOUNT = "shop/main/mount"
POINT = "shop/main/point"
SYSTEM_ID = "fs-0123456789abcdef0"
DENY_INSECURE = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyInsecureTransport",
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Action": "*",
            "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        }
    ],
}
READ_ONLY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadOnly",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": ["elasticfilesystem:ClientMount"],
        }
    ],
}


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def systems(aws: Any) -> dict[str, dict[str, Any]]:
    """File system id -> description, for every file system of the region."""
    return {s["FileSystemId"]: s for s in aws("efs").describe_file_systems()["FileSystems"]}


def settings(aws: Any, system_id: str) -> tuple[Any, Any, Any]:
    """(lifecycle policies, backup status, file system policy) of a file system."""
    client = aws("efs")
    lifecycle = client.describe_lifecycle_configuration(FileSystemId=system_id)
    backup = client.describe_backup_policy(FileSystemId=system_id)["BackupPolicy"]["Status"]
    policy = json.loads(client.describe_file_system_policy(FileSystemId=system_id)["Policy"])
    return lifecycle["LifecyclePolicies"], backup, policy


def files_app(**properties: Any) -> tuple[App, Stack]:
    app, stack = new_app()
    key = kms.Key(stack, "key")
    declared = {"encrypted": True, "kms_key_id": key.arn, "backup_policy": {"Status": "ENABLED"}}
    efs.FileSystem(stack, "files", **{**declared, **properties})
    return app, stack


def test_file_system_create_update_replace_delete(context: Context, aws: Any) -> None:
    app, _ = files_app(
        lifecycle_policies=[{"TransitionToIA": "AFTER_30_DAYS"}],
        file_system_policy=DENY_INSECURE,
        tags={"Tier": "data"},
    )
    converge(app, context)
    system_id = physical_id(context, FILES)
    system = systems(aws)[system_id]
    key_arn = context.store.get("shop/main/key").attributes["Arn"]  # type: ignore[union-attr]
    assert (system["Encrypted"], system["KmsKeyId"]) == (True, key_arn)
    assert system["CreationToken"].startswith("shop-main-files-")
    assert tag_map(system["Tags"])["landform:address"] == FILES
    assert tag_map(system["Tags"])["Tier"] == "data"
    assert settings(aws, system_id) == (
        [{"TransitionToIA": "AFTER_30_DAYS"}],
        "ENABLED",
        DENY_INSECURE,
    )
    record = context.store.get(FILES)
    assert record is not None
    assert record.attributes == {"FileSystemId": system_id, "Arn": system["FileSystemArn"]}

    later = [
        {"TransitionToIA": "AFTER_60_DAYS"},
        {"TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"},
    ]
    app, _ = files_app(
        lifecycle_policies=later, file_system_policy=READ_ONLY, tags={"Tier": "cold"}
    )
    assert actions(plan(app, context)) == {FILES: "update"}
    converge(app, context)
    assert settings(aws, system_id) == (later, "ENABLED", READ_ONLY)
    assert tag_map(systems(aws)[system_id]["Tags"])["Tier"] == "cold"

    app, _ = files_app(file_system_policy=READ_ONLY)
    assert actions(plan(app, context)) == {FILES: "update"}
    converge(app, context)
    assert settings(aws, system_id)[0] == [], "undeclared lifecycle policies are removed"
    assert "Tier" not in tag_map(systems(aws)[system_id]["Tags"])

    app, _ = files_app(file_system_policy=READ_ONLY, performance_mode="maxIO")
    assert actions(plan(app, context)) == {FILES: "replace"}
    converge(app, context)
    replaced = physical_id(context, FILES)
    assert replaced != system_id
    assert list(systems(aws)) == [replaced]
    assert systems(aws)[replaced]["PerformanceMode"] == "maxIO"

    destroy(app, context)
    assert systems(aws) == {}
    assert context.store.all() == []


def test_file_system_made_by_a_lost_create_is_found_again(context: Context, aws: Any) -> None:
    """A create whose answer was lost (retried, or re-run after a crash) gets the same file
    system back through its creation token, and a plan adopts it by its tag."""
    app, stack = new_app()
    efs.FileSystem(stack, "files", lifecycle_policies=[{"TransitionToIA": "AFTER_7_DAYS"}])
    props = {
        "LifecyclePolicies": [{"TransitionToIA": "AFTER_7_DAYS"}],
        "FileSystemTags": [{"Key": "landform:address", "Value": FILES}],
    }
    api = context.api(ACCOUNT, REGION)
    first = FileSystem().create(api, props, "one run")
    again = FileSystem().create(api, props, "another run")
    assert again.physical_id == first.physical_id
    assert list(systems(aws)) == [first.physical_id]
    assert systems(aws)[first.physical_id]["CreationToken"] == creation_token(api, props)

    assert actions(plan(app, context)) == {FILES: "update"}, "adopted; its tags to complete"
    converge(app, context)
    assert physical_id(context, FILES) == first.physical_id
    assert list(systems(aws)) == [first.physical_id]


def test_creation_token_follows_create_only_properties(context: Context) -> None:
    api = context.api(ACCOUNT, REGION)
    tags = {"FileSystemTags": [{"Key": "landform:address", "Value": FILES}]}
    token = creation_token(api, tags)
    assert token == creation_token(api, {**tags, "ThroughputMode": "elastic"})
    assert token != creation_token(api, {**tags, "PerformanceMode": "maxIO"})
    long_address = {"FileSystemTags": [{"Key": "landform:address", "Value": "x" * 300}]}
    assert len(creation_token(api, long_address)) == 64, "EFS takes at most 64 characters"


def listed_system(**properties: Any) -> Live:
    props = {
        "Encrypted": True,
        "PerformanceMode": "generalPurpose",
        "ThroughputMode": "bursting",
        "FileSystemTags": [{"Key": "landform:address", "Value": FILES}],
        **properties,
    }
    return Live(SYSTEM_ID, props, {"FileSystemId": SYSTEM_ID})


def test_throughput_backups_and_policy_removal_with_stubbed_aws() -> None:
    """What the emulator lacks: update_file_system, put_backup_policy and
    delete_file_system_policy, on a listed file system (its settings are read first)."""
    desired = {**listed_system().properties, "ThroughputMode": "provisioned"}
    desired |= {"ProvisionedThroughputInMibps": 128, "BackupPolicy": {"Status": "DISABLED"}}
    system = {"FileSystemId": SYSTEM_ID}
    provisioned = {"ThroughputMode": "provisioned", "ProvisionedThroughputInMibps": 128}
    with stubbed_api("efs") as (api, stubber):
        queue(
            stubber,
            [
                Call("describe_lifecycle_configuration", {"LifecyclePolicies": []}, system),
                Call("describe_backup_policy", {"BackupPolicy": {"Status": "ENABLED"}}, system),
                Call("put_backup_policy", {"BackupPolicy": {"Status": "DISABLING"}},
                     {**system, "BackupPolicy": {"Status": "DISABLED"}}),
                Call("describe_file_system_policy",
                     {"FileSystemId": SYSTEM_ID, "Policy": json.dumps(DENY_INSECURE)}, system),
                Call("delete_file_system_policy", {}, system),
                Call("update_file_system", described("provisioned"), {**system, **provisioned}),
            ],
        )  # fmt: skip
        updated = FileSystem().update(api, listed_system(), desired)
        stubber.assert_no_pending_responses()
    assert updated.properties == desired

    settled = {"LifecyclePolicies": [], "BackupPolicy": {"Status": "DISABLED"}}
    current = listed_system(
        ThroughputMode="provisioned", ProvisionedThroughputInMibps=128.0, **settled
    )
    back = {**listed_system(**settled).properties, "FileSystemPolicy": READ_ONLY}
    put = {**system, "Policy": json.dumps(READ_ONLY), "BypassPolicyLockoutSafetyCheck": False}
    with stubbed_api("efs") as (api, stubber):
        queue(
            stubber,
            [
                Call("describe_file_system_policy", {"FileSystemId": SYSTEM_ID, "Policy": "{}"}),
                Call("put_file_system_policy", {"FileSystemId": SYSTEM_ID, "Policy": "{}"}, put),
                Call("update_file_system", described("bursting"),
                     {**system, "ThroughputMode": "bursting"}),
            ],
        )  # fmt: skip
        FileSystem().update(api, current, back)
        stubber.assert_no_pending_responses()


def described(mode: str) -> dict[str, Any]:
    """update_file_system's answer: the file system's description."""
    return {
        "OwnerId": ACCOUNT,
        "CreationToken": "token",
        "FileSystemId": SYSTEM_ID,
        "CreationTime": "2025-01-01T00:00:00Z",
        "LifeCycleState": "updating",
        "NumberOfMountTargets": 0,
        "SizeInBytes": {"Value": 0},
        "PerformanceMode": "generalPurpose",
        "ThroughputMode": mode,
        "Tags": [],
    }


def network(stack: Stack) -> tuple[ec2.VPC, list[ec2.Subnet], list[ec2.SecurityGroup]]:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack,
            f"subnet-{zone}",
            vpc_id=vpc.id,
            cidr_block=f"10.0.{n}.0/24",
            availability_zone=f"{REGION}{zone}",
        )
        for n, zone in enumerate("ab")
    ]
    groups = [
        ec2.SecurityGroup(stack, f"nfs-{n}", group_description="NFS", vpc_id=vpc.id)
        for n in range(2)
    ]
    return vpc, subnets, groups


def mount_app(subnet: int, groups: tuple[int, ...]) -> App:
    app, stack = new_app()
    _, subnets, security_groups = network(stack)
    files = efs.FileSystem(stack, "files")
    efs.MountTarget(
        stack,
        "mount",
        file_system_id=files.id,
        subnet_id=subnets[subnet].id,
        security_groups=[security_groups[n].group_id for n in groups],
    )
    return app


def mount_targets(aws: Any, context: Context) -> list[dict[str, Any]]:
    system_id = physical_id(context, FILES)
    found: list[dict[str, Any]] = aws("efs").describe_mount_targets(FileSystemId=system_id)[
        "MountTargets"
    ]
    return found


def security_groups(aws: Any, target_id: str) -> list[str]:
    client = aws("efs")
    found: list[str] = client.describe_mount_target_security_groups(MountTargetId=target_id)[
        "SecurityGroups"
    ]
    return sorted(found)


def test_mount_target_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(mount_app(0, (0,)), context)
    (target,) = mount_targets(aws, context)
    group = [physical_id(context, f"shop/main/nfs-{n}") for n in range(2)]
    assert target["MountTargetId"] == physical_id(context, MOUNT)
    assert target["SubnetId"] == physical_id(context, "shop/main/subnet-a")
    assert security_groups(aws, target["MountTargetId"]) == [group[0]]
    record = context.store.get(MOUNT)
    assert record is not None
    assert record.attributes["IpAddress"] == target["IpAddress"]
    assert record.attributes["FileSystemId"] == physical_id(context, FILES)

    app = mount_app(0, (0, 1))
    assert actions(plan(app, context)) == {MOUNT: "update"}
    converge(app, context)
    assert security_groups(aws, target["MountTargetId"]) == sorted(group)

    app = mount_app(1, (1,))
    assert actions(plan(app, context)) == {MOUNT: "replace"}
    converge(app, context)
    (moved,) = mount_targets(aws, context)
    assert moved["SubnetId"] == physical_id(context, "shop/main/subnet-b")
    assert moved["MountTargetId"] == physical_id(context, MOUNT) != target["MountTargetId"]

    system_id = physical_id(context, FILES)
    destroy(app, context)
    assert system_id not in systems(aws), "mount targets go first, then the file system"
    assert context.store.all() == []


def test_mount_target_made_outside_state_is_adopted(context: Context, aws: Any) -> None:
    """A mount target created by a run that crashed before recording it is found by its
    file system and subnet; its security groups are read when it is adopted."""
    app = mount_app(0, (1,))
    converge(app, context)
    target_id = physical_id(context, MOUNT)
    context.store.remove(MOUNT)
    assert actions(plan(app, context)) == {MOUNT: "adopt"}
    converge(app, context)
    assert physical_id(context, MOUNT) == target_id
    assert len(mount_targets(aws, context)) == 1

    app = mount_app(0, (0,))
    assert actions(plan(app, context)) == {MOUNT: "update"}
    converge(app, context)
    assert security_groups(aws, target_id) == [physical_id(context, "shop/main/nfs-0")]


def test_mount_target_in_error_fails_the_wait() -> None:
    target = {
        "MountTargetId": "fsmt-01234567",
        "FileSystemId": SYSTEM_ID,
        "SubnetId": "subnet-01234567",
    }
    answer = {"MountTargets": [{**target, "OwnerId": ACCOUNT, "LifeCycleState": "error"}]}
    with stubbed_api("efs") as (api, stubber):
        queue(stubber, [Call("describe_mount_targets", answer, {"MountTargetId": "fsmt-01234567"})])
        with pytest.raises(LandformError, match="mount target available"):
            MountTarget().wait_ready(api, Live("fsmt-01234567", {}))


def point_app(uid: str, **tags: str) -> App:
    app, stack = new_app()
    files = efs.FileSystem(stack, "files")
    efs.AccessPoint(
        stack,
        "point",
        file_system_id=files.id,
        posix_user={"Uid": uid, "Gid": "1000", "SecondaryGids": ["2000"]},
        root_directory={
            "Path": "/shop",
            "CreationInfo": {"OwnerUid": uid, "OwnerGid": "1000", "Permissions": "750"},
        },
        tags=tags,
    )
    return app


def points(aws: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = aws("efs").describe_access_points()["AccessPoints"]
    return found


def test_access_point_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(point_app("1000", Tier="web"), context)
    (point,) = points(aws)
    assert point["AccessPointId"] == physical_id(context, POINT)
    assert point["FileSystemId"] == physical_id(context, FILES)
    assert point["PosixUser"] == {"Uid": 1000, "Gid": 1000, "SecondaryGids": [2000]}
    assert point["RootDirectory"] == {
        "Path": "/shop",
        "CreationInfo": {"OwnerUid": 1000, "OwnerGid": 1000, "Permissions": "750"},
    }
    assert tag_map(point["Tags"])["Tier"] == "web"
    assert tag_map(point["Tags"])["landform:address"] == POINT
    record = context.store.get(POINT)
    assert record is not None
    assert record.attributes == {
        "AccessPointId": point["AccessPointId"],
        "Arn": point["AccessPointArn"],
    }

    app = point_app("1000", Tier="batch")
    assert actions(plan(app, context)) == {POINT: "update"}
    converge(app, context)
    (point,) = points(aws)
    assert tag_map(point["Tags"])["Tier"] == "batch"

    app = point_app("1001", Tier="batch")
    assert actions(plan(app, context)) == {POINT: "replace"}
    converge(app, context)
    (replaced,) = points(aws)
    assert replaced["AccessPointId"] != point["AccessPointId"]
    assert replaced["PosixUser"]["Uid"] == 1001

    destroy(app, context)
    assert points(aws) == []
    assert systems(aws) == {}
    assert context.store.all() == []


def test_access_point_listing_reads_posix_ids_as_strings(context: Context) -> None:
    converge(point_app("1000"), context)
    (listed,) = AccessPoint().list(context.api(ACCOUNT, REGION))
    assert listed.properties["PosixUser"] == {
        "Uid": "1000",
        "Gid": "1000",
        "SecondaryGids": ["2000"],
    }
    assert listed.address == POINT
