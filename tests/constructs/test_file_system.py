"""FileSystem: the resources it declares (no AWS), then on the emulator."""

from __future__ import annotations

from typing import Any

from landform import Stack
from landform.aws import ec2, kms
from landform.constructs.file_system import FileSystem
from landform.constructs.network import Network
from landform.engine.context import Context
from tests.support import converge, destroy


def network(stack: Stack) -> Network:
    return Network(stack, "net", cidr="10.0.0.0/16", azs=2, nat="none", flow_logs=False)


# model ------------------------------------------------------------------------------


def test_encrypted_with_backups_and_infrequent_access_after_30_days(stack: Stack) -> None:
    net = network(stack)
    files = FileSystem(stack, "files", network=net)
    assert files.file_system.logical_id == "files"
    assert files.file_system.properties == {
        "Encrypted": True,
        "LifecyclePolicies": [{"TransitionToIA": "AFTER_30_DAYS"}],
        "BackupPolicy": {"Status": "ENABLED"},
    }
    assert (files.id, files.arn) == (files.file_system.id, files.file_system.arn)


def test_nfs_only_from_the_allowed_groups_and_a_mount_target_per_private_subnet(
    stack: Stack,
) -> None:
    net = network(stack)
    app = ec2.SecurityGroup(stack, "app", group_description="app", vpc_id=net.vpc.id)
    files = FileSystem(
        stack, "files", network=net, allowed_security_groups=[app.group_id, "sg-0123456789abcdef0"]
    )
    group = files.security_group
    assert group.logical_id == "files-nfs"
    assert group.properties["VpcId"] == net.vpc.id
    assert group.properties["SecurityGroupIngress"] == [
        {
            "IpProtocol": "tcp",
            "FromPort": 2049,
            "ToPort": 2049,
            "SourceSecurityGroupId": peer,
            "Description": "NFS",
        }
        for peer in (app.group_id, "sg-0123456789abcdef0")
    ]
    assert group.properties["SecurityGroupEgress"] == []
    assert [t.logical_id for t in files.mount_targets] == ["files-mount-a", "files-mount-b"]
    for target, subnet in zip(files.mount_targets, net.private_subnets, strict=True):
        assert target.properties == {
            "FileSystemId": files.file_system.id,
            "SubnetId": subnet.id,
            "SecurityGroups": [group.group_id],
        }


def test_key_no_lifecycle_no_backups(stack: Stack) -> None:
    key = kms.Key(stack, "key")
    files = FileSystem(
        stack, "files", network=network(stack), key=key, lifecycle_to_ia=None, backups=False
    )
    assert files.file_system.properties == {
        "Encrypted": True,
        "KmsKeyId": key.arn,
        "BackupPolicy": {"Status": "DISABLED"},
    }
    assert files.security_group.properties["SecurityGroupIngress"] == []


# emulator ---------------------------------------------------------------------------


def test_file_system_on_the_emulator(stack: Stack, context: Context, aws: Any) -> None:
    net = network(stack)
    app = ec2.SecurityGroup(stack, "app", group_description="app", vpc_id=net.vpc.id)
    key = kms.Key(stack, "key")
    FileSystem(
        stack,
        "files",
        network=net,
        allowed_security_groups=[app.group_id],
        key=key,
        lifecycle_to_ia="AFTER_60_DAYS",
    )
    converge(stack.app, context)

    def physical_id(address: str) -> str:
        record = context.store.get(f"shop/main/{address}")
        assert record is not None
        return record.physical_id

    efs = aws("efs")
    system_id = physical_id("files")
    (system,) = efs.describe_file_systems(FileSystemId=system_id)["FileSystems"]
    key_record = context.store.get("shop/main/key")
    assert key_record is not None
    assert (system["Encrypted"], system["KmsKeyId"]) == (True, key_record.attributes["Arn"])
    lifecycle = efs.describe_lifecycle_configuration(FileSystemId=system_id)["LifecyclePolicies"]
    assert lifecycle == [{"TransitionToIA": "AFTER_60_DAYS"}]
    assert efs.describe_backup_policy(FileSystemId=system_id)["BackupPolicy"]["Status"] == "ENABLED"

    nfs = physical_id("files-nfs")
    (group,) = aws("ec2").describe_security_groups(GroupIds=[nfs])["SecurityGroups"]
    ingress = [
        (p["IpProtocol"], p["FromPort"], p["ToPort"], pair["GroupId"])
        for p in group["IpPermissions"]
        for pair in p["UserIdGroupPairs"]
    ]
    assert ingress == [("tcp", 2049, 2049, physical_id("app"))]
    assert [p for p in group["IpPermissions"] if p["IpRanges"]] == []
    assert group["IpPermissionsEgress"] == []

    targets = efs.describe_mount_targets(FileSystemId=system_id)["MountTargets"]
    subnets = {physical_id("net-private-a"), physical_id("net-private-b")}
    assert {t["SubnetId"] for t in targets} == subnets
    for target in targets:
        groups = efs.describe_mount_target_security_groups(MountTargetId=target["MountTargetId"])
        assert groups["SecurityGroups"] == [nfs]

    destroy(stack.app, context)
    assert efs.describe_file_systems()["FileSystems"] == []
    assert context.store.all() == []
    owned = [{"Name": "tag-key", "Values": ["landform:address"]}]
    assert aws("ec2").describe_vpcs(Filters=owned)["Vpcs"] == []
