"""Contract examples for EC2 compute: instances, volumes and launch templates."""

from __future__ import annotations

from landform.aws import ec2
from landform.model import Stack
from tests.handlers.contract import Declare

IMAGE = "ami-12c6146b"
"""An AMI the emulator knows."""

ZONE = "us-east-1a"


def subnet(stack: Stack) -> ec2.Subnet:
    """A subnet in ZONE, in a VPC of its own."""
    vpc = ec2.VPC(stack, "compute-vpc", cidr_block="10.8.0.0/16")
    return ec2.Subnet(
        stack, "compute-subnet", vpc_id=vpc.id, cidr_block="10.8.1.0/24", availability_zone=ZONE
    )


def instance(stack: Stack) -> ec2.Instance:
    return ec2.Instance(
        stack, "web", image_id=IMAGE, instance_type="t3.micro", subnet_id=subnet(stack).id
    )


def volume(stack: Stack) -> ec2.Volume:
    return ec2.Volume(stack, "data", availability_zone=ZONE, size=10, volume_type="gp3")


def volume_attachment(stack: Stack) -> ec2.VolumeAttachment:
    return ec2.VolumeAttachment(
        stack,
        "data-attachment",
        instance_id=instance(stack).id,
        volume_id=volume(stack).id,
        device="/dev/sdf",
    )


def launch_template(stack: Stack) -> ec2.LaunchTemplate:
    return ec2.LaunchTemplate(
        stack,
        "template",
        launch_template_name="shop-web",
        launch_template_data={"ImageId": IMAGE, "InstanceType": "t3.micro"},
    )


EXAMPLES: dict[str, Declare] = {
    "AWS::EC2::Instance": instance,
    "AWS::EC2::Volume": volume,
    "AWS::EC2::VolumeAttachment": volume_attachment,
    "AWS::EC2::LaunchTemplate": launch_template,
}
