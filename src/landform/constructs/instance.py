"""Instance: an EC2 instance in a private subnet, with safe defaults."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from landform.aws import ec2, iam, kms
from landform.constructs.arguments import argument_error
from landform.constructs.network import Network
from landform.model import Input, Stack

IMDS_V2 = {"HttpEndpoint": "enabled", "HttpTokens": "required", "HttpPutResponseHopLimit": 1}
"""Instance metadata over IMDSv2 only (session tokens), unreachable from containers one
hop further."""

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


class Instance:
    """An AWS::EC2::Instance `<name>` in `network.private_subnets[zone]`, with:

    - instance metadata over IMDSv2 only (tokens required, hop limit 1);
    - an AWS::IAM::Role `<name>-role` that only ec2.amazonaws.com may assume, with the
      `managed_policy_arns` given and no other policy, in an AWS::IAM::InstanceProfile
      `<name>-profile`: the instance's credentials come from it, never from access keys;
    - an encrypted gp3 root volume of `root_volume_size` GiB, with `key` (else the
      account's default EBS key), deleted with the instance and tagged as it is. It is
      declared on `root_device_name`, which must be the AMI's root device (Amazon Linux:
      /dev/xvda; Ubuntu and Windows: /dev/sda1), or the AMI's own root volume is kept
      and this one is an extra disk;
    - the `security_groups` given (SecurityGroup resources or group ids), else the VPC's
      default group.

    Attributes: `instance`, `role`, `profile`.
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        network: Network,
        instance_type: Input[str] = "t3.micro",
        image_id: Input[str],
        zone: int = 0,
        security_groups: Sequence[ec2.SecurityGroup | Input[str]] = (),
        managed_policy_arns: Sequence[Input[str]] = (),
        root_volume_size: int = 20,
        key: kms.Key | None = None,
        root_device_name: str = "/dev/xvda",
    ) -> None:
        _check(stack, name, network, zone, root_volume_size)
        self.role = iam.Role(
            stack,
            f"{name}-role",
            assume_role_policy_document=TRUST_EC2,
            managed_policy_arns=_strings(managed_policy_arns) or None,
        )
        self.profile = iam.InstanceProfile(stack, f"{name}-profile", roles=_strings([self.role.id]))
        groups = [g.group_id if isinstance(g, ec2.SecurityGroup) else g for g in security_groups]
        self.instance = ec2.Instance(
            stack,
            name,
            image_id=image_id,
            instance_type=instance_type,
            subnet_id=network.private_subnets[zone].id,
            security_group_ids=_strings(groups) or None,
            iam_instance_profile=self.profile.id,
            metadata_options=IMDS_V2,
            block_device_mappings=[_root_volume(root_device_name, root_volume_size, key)],
            propagate_tags_to_volume_on_creation=True,
        )


def _check(stack: Stack, name: str, network: Network, zone: int, root_volume_size: int) -> None:
    zones = len(network.private_subnets)
    if not 0 <= zone < zones:
        raise argument_error(
            stack,
            name,
            f"zone={zone} is not one of the network's {zones} zone(s)",
            hint=f"use zone= from 0 to {zones - 1}",
        )
    if root_volume_size < 1:
        raise argument_error(
            stack,
            name,
            f"root_volume_size={root_volume_size} is not a size in GiB",
            hint="use root_volume_size= of 1 or more (at least the AMI's snapshot size)",
        )


def _strings(items: Sequence[Input[str]]) -> list[str]:
    """A list of strings and references, typed as the typed classes take lists (they
    accept a reference for a whole list, but not a list of references)."""
    return cast("list[str]", list(items))


def _root_volume(device: str, size: int, key: kms.Key | None) -> dict[str, Any]:
    ebs: dict[str, Any] = {
        "VolumeSize": size,
        "VolumeType": "gp3",
        "Encrypted": True,
        "DeleteOnTermination": True,
    }
    if key is not None:
        ebs["KmsKeyId"] = key.arn
    return {"DeviceName": device, "Ebs": ebs}
