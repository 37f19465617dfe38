"""Waits give up after their timeout with a message naming what and which resource."""

from __future__ import annotations

from typing import Any

import pytest

from landform.cloud.waiters import wait
from landform.errors import LandformError


def test_a_wait_that_times_out_names_the_waiter_and_the_resource(aws: Any) -> None:
    ec2 = aws("ec2")
    volume = ec2.create_volume(AvailabilityZone="us-east-1a", Size=1)["VolumeId"]
    with pytest.raises(LandformError, match=rf"volume in use \(VolumeIds={volume}\)") as error:
        wait(ec2, "volume_in_use", 0.02, 0.01, VolumeIds=[volume])
    assert error.value.hint is not None and "re-run apply" in error.value.hint


def test_a_waiter_botocore_lacks_is_served_from_landforms_models(aws: Any) -> None:
    efs = aws("efs")
    system = efs.create_file_system(CreationToken="t", Encrypted=True)["FileSystemId"]
    wait(efs, "file_system_available", 1.0, FileSystemId=system)  # answers at once
    vpc = aws("ec2").create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = aws("ec2").create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    target = efs.create_mount_target(FileSystemId=system, SubnetId=subnet)["MountTargetId"]
    with pytest.raises(LandformError, match=rf"mount target deleted \(MountTargetId={target}\)"):
        wait(efs, "mount_target_deleted", 0.02, 0.01, MountTargetId=target)
