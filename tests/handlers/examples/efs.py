"""Contract examples for EFS: a file system, a mount target in a subnet, an access point."""

from __future__ import annotations

from landform.aws import ec2, efs
from landform.model import Resource, Stack
from tests.conftest import REGION


def file_system(stack: Stack) -> efs.FileSystem:
    return efs.FileSystem(stack, "files", encrypted=True)


def mount_target(stack: Stack) -> Resource:
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnet = ec2.Subnet(
        stack, "subnet", vpc_id=vpc.id, cidr_block="10.0.1.0/24", availability_zone=f"{REGION}a"
    )
    group = ec2.SecurityGroup(stack, "nfs", group_description="NFS", vpc_id=vpc.id)
    return efs.MountTarget(
        stack,
        "mount",
        file_system_id=file_system(stack).id,
        subnet_id=subnet.id,
        security_groups=[group.group_id],
    )


def access_point(stack: Stack) -> Resource:
    return efs.AccessPoint(
        stack,
        "point",
        file_system_id=file_system(stack).id,
        posix_user={"Uid": "1000", "Gid": "1000"},
        root_directory={"Path": "/shop"},
    )


EXAMPLES = {
    "AWS::EFS::FileSystem": file_system,
    "AWS::EFS::MountTarget": mount_target,
    "AWS::EFS::AccessPoint": access_point,
}
