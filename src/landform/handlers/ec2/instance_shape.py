"""An EC2 instance in CloudFormation's shape: what run_instances takes, what the describe
calls return."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Props, present, tag_list, tag_map
from landform.handlers.ec2.common import tag_specifications, tags_of
from landform.model.tags import ADDRESS_TAG

LAUNCH = (
    "DisableApiTermination",
    "EbsOptimized",
    "ImageId",
    "InstanceInitiatedShutdownBehavior",
    "InstanceType",
    "KeyName",
    "PrivateIpAddress",
    "SecurityGroupIds",
    "SecurityGroups",
    "SubnetId",
)
"""What run_instances takes under the same names as CloudFormation's."""

READ = (
    "EbsOptimized",
    "ImageId",
    "InstanceType",
    "KeyName",
    "PrivateIpAddress",
    "SourceDestCheck",
    "SubnetId",
)
"""What describe_instances returns under the same names as CloudFormation's."""

METADATA = (
    "HttpEndpoint",
    "HttpProtocolIpv6",
    "HttpPutResponseHopLimit",
    "HttpTokens",
    "InstanceMetadataTags",
)
"""The keys of MetadataOptions (describe_instances adds a State)."""

LATER = {
    "DisableApiTermination": ("disableApiTermination", False),
    "InstanceInitiatedShutdownBehavior": ("instanceInitiatedShutdownBehavior", "stop"),
    "UserData": ("userData", ""),
}
"""Properties describe_instances does not return: their describe_instance_attribute
name, and the value of an instance launched without them."""

ATTRIBUTES = {
    "PrivateDnsName": "PrivateDnsName",
    "PrivateIp": "PrivateIpAddress",
    "PublicDnsName": "PublicDnsName",
    "PublicIp": "PublicIpAddress",
    "SubnetId": "SubnetId",
    "VpcId": "VpcId",
}
"""GetAtt names -> describe_instances keys (empty when the instance has none)."""


def launch_params(props: Props, token: str) -> dict[str, Any]:
    """run_instances arguments for one instance."""
    params: dict[str, Any] = {
        **present(props, LAUNCH),
        "MinCount": 1,
        "MaxCount": 1,
        "ClientToken": token,
        "TagSpecifications": _tag_specifications(props),
    }
    placement = present(props, ("AvailabilityZone", "Tenancy"))
    if placement:
        params["Placement"] = placement
    if "IamInstanceProfile" in props:
        params["IamInstanceProfile"] = {"Name": props["IamInstanceProfile"]}
    if "MetadataOptions" in props:
        params["MetadataOptions"] = props["MetadataOptions"]
    if "Monitoring" in props:
        params["Monitoring"] = {"Enabled": props["Monitoring"]}
    if "BlockDeviceMappings" in props:
        params["BlockDeviceMappings"] = [_mapping(m) for m in props["BlockDeviceMappings"]]
    if "UserData" in props:
        params["UserData"] = decoded(props["UserData"])
    return params


def _tag_specifications(props: Props) -> list[dict[str, Any]]:
    """The instance's tags, and with PropagateTagsToVolumeOnCreation its volumes' (all but
    the ownership tag: a volume launched with an instance is part of it)."""
    specifications = tag_specifications("instance", props)
    volume_tags = {k: v for k, v in tag_map(props.get("Tags")).items() if k != ADDRESS_TAG}
    if props.get("PropagateTagsToVolumeOnCreation") and volume_tags:
        specifications.append({"ResourceType": "volume", "Tags": tag_list(volume_tags)})
    return specifications


def _mapping(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """A block device mapping as run_instances takes it (NoDevice is "" there, {} in
    CloudFormation)."""
    return {**mapping, "NoDevice": ""} if "NoDevice" in mapping else dict(mapping)


def decoded(user_data: str) -> bytes:
    """UserData, base64 in CloudFormation, as the script itself (boto3 encodes it)."""
    try:
        return base64.b64decode(user_data, validate=True)
    except binascii.Error:
        raise LandformError(
            "UserData must be base64-encoded, as in CloudFormation",
            hint="pass base64.b64encode(script.encode()).decode()",
        ) from None


def properties(instance: dict[str, Any]) -> Props:
    """What describe_instances tells of an instance, under CloudFormation's names."""
    groups = instance.get("SecurityGroups", [])
    props: Props = {
        **present(instance, READ),
        **present(instance.get("Placement", {}), ("AvailabilityZone", "Tenancy")),
        "SecurityGroupIds": [group["GroupId"] for group in groups],
        "SecurityGroups": [group["GroupName"] for group in groups],
        "Monitoring": instance.get("Monitoring", {}).get("State") in ("enabled", "pending"),
        "Tags": tags_of(instance),
    }
    if "MetadataOptions" in instance:
        props["MetadataOptions"] = present(instance["MetadataOptions"], METADATA)
    profile = instance.get("IamInstanceProfile")
    if profile:
        props["IamInstanceProfile"] = profile["Arn"].rsplit("/", 1)[1]
    return props


def attributes(instance: Mapping[str, Any]) -> dict[str, Any]:
    """GetAtt values, from a run_instances or describe_instances item."""
    return {
        "InstanceId": instance["InstanceId"],
        "AvailabilityZone": instance.get("Placement", {}).get("AvailabilityZone", ""),
        **{name: instance.get(key, "") for name, key in ATTRIBUTES.items()},
    }


def read_later(ec2: Any, instance_id: str, names: list[str]) -> Props:
    """The LATER properties among `names`, one describe_instance_attribute each."""
    found: Props = {}
    for name in names:
        attribute, default = LATER[name]
        answer = ec2.describe_instance_attribute(InstanceId=instance_id, Attribute=attribute)
        found[name] = answer.get(name, {}).get("Value", default)
    return found


def block_devices(ec2: Any, instance: Mapping[str, Any]) -> list[dict[str, Any]]:
    """BlockDeviceMappings as CloudFormation declares them, read from the volumes."""
    mappings = [m for m in instance.get("BlockDeviceMappings", []) if "Ebs" in m]
    if not mappings:
        return []
    ids = [m["Ebs"]["VolumeId"] for m in mappings]
    volumes = {v["VolumeId"]: v for v in ec2.describe_volumes(VolumeIds=ids)["Volumes"]}
    return [
        {
            "DeviceName": m["DeviceName"],
            "Ebs": {
                "DeleteOnTermination": m["Ebs"]["DeleteOnTermination"],
                **_ebs(volumes[m["Ebs"]["VolumeId"]]),
            },
        }
        for m in mappings
    ]


def _ebs(volume: Mapping[str, Any]) -> Props:
    ebs: Props = {"VolumeSize": volume["Size"]}
    ebs.update(present(volume, ("VolumeType", "Encrypted", "Iops", "KmsKeyId")))
    if volume.get("SnapshotId"):
        ebs["SnapshotId"] = volume["SnapshotId"]
    return ebs
