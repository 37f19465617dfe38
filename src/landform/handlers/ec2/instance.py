"""AWS::EC2::Instance"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

from landform.handlers.base import (
    ROLE_DELAYS,
    Api,
    DeletionRefused,
    Handler,
    Live,
    Props,
    error_code,
    with_new_role,
)
from landform.handlers.ec2 import instance_shape as shape
from landform.handlers.ec2.common import OWNED, sync_tags
from landform.handlers.registry import register

R = TypeVar("R")

LIVE = ["pending", "running", "stopping", "stopped"]
"""States of an instance that is not (being) terminated."""

SETTINGS = {"DisableApiTermination": False, "SourceDestCheck": True}
"""Switches modify_instance_attribute sets in place, and their value when undeclared."""

SHUTDOWN = "InstanceInitiatedShutdownBehavior"

UNMANAGED = frozenset(
    {
        "AdditionalInfo",
        "Affinity",
        "CpuOptions",
        "CreditSpecification",
        "ElasticGpuSpecifications",
        "ElasticInferenceAccelerators",
        "EnclaveOptions",
        "HibernationOptions",
        "HostId",
        "HostResourceGroupArn",
        "Ipv6AddressCount",
        "Ipv6Addresses",
        "KernelId",
        "LaunchTemplate",
        "LicenseSpecifications",
        "NetworkInterfaces",
        "PlacementGroupName",
        "PrivateDnsNameOptions",
        "RamdiskId",
        "SsmAssociations",
        "Volumes",
    }
)
"""Properties Landform does not manage yet (LaunchTemplate: an instance tells its
template only by id and version number, so a declared name or $Latest could not be
compared)."""

PROFILE_NOT_READY = ("iamInstanceProfile",)
"""What EC2 says (InvalidParameterValue) of an instance profile IAM made seconds ago."""


@register
class Instance(Handler):
    """An EC2 instance, launched by run_instances with its tags (and, with
    PropagateTagsToVolumeOnCreation, its volumes' tags), ready once running. A launch or
    profile change is asked again while EC2 does not yet know an instance profile IAM
    just made.

    In place: tags, DisableApiTermination, SourceDestCheck, the shutdown behaviour,
    MetadataOptions, Monitoring, IamInstanceProfile (the profile's name) and
    SecurityGroupIds; InstanceType, EbsOptimized and UserData (base64, as in
    CloudFormation) stop the instance, change and start it again. MetadataOptions,
    InstanceType and EbsOptimized no longer declared are left as they are: what AWS
    gives depends on the AMI and the instance type. BlockDeviceMappings and Tenancy
    replace the instance.

    DisableApiTermination, the shutdown behaviour, UserData and BlockDeviceMappings are
    compared with state (describe_instances does not return them); `describe` reads them
    for an adopted instance (five calls). Delete refuses an instance with termination
    protection on, then terminates it and waits until it is terminated, so that what it
    used (subnet, security groups) can go. The emulator does not implement
    monitor_instances and mistakes the user data modify_instance_attribute is given:
    those paths are tested with botocore's Stubber.
    """

    TYPE = "AWS::EC2::Instance"
    IMMUTABLE = frozenset({"BlockDeviceMappings", "Tenancy"})
    UNREADABLE = frozenset({*shape.LATER, "BlockDeviceMappings"})
    UNSUPPORTED = UNMANAGED
    ROLE_DELAYS: ClassVar[tuple[float, ...]] = ROLE_DELAYS

    def list(self, api: Api) -> Iterable[Live]:
        filters = [*api.owned(OWNED), {"Name": "instance-state-name", "Values": LIVE}]
        for reservation in api.pages("ec2", "describe_instances", "Reservations", Filters=filters):
            for instance in reservation["Instances"]:
                yield _instance(instance, shape.properties(instance))

    def describe(self, api: Api, listed: Live) -> Live:
        ec2 = api.client("ec2")
        (reservation,) = ec2.describe_instances(InstanceIds=[listed.physical_id])["Reservations"]
        (instance,) = reservation["Instances"]
        properties = {
            **listed.properties,
            **_declared_later(shape.read_later(ec2, listed.physical_id, [*shape.LATER])),
            "BlockDeviceMappings": shape.block_devices(ec2, instance),
        }
        return Live(listed.physical_id, properties, listed.attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        params = shape.launch_params(props, token)
        ec2 = api.client("ec2")
        (instance,) = self._with_profile(lambda: ec2.run_instances(**params))["Instances"]
        launched = {name: props[name] for name in props if name != "SourceDestCheck"}
        return _instance(instance, launched)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        instance_id = current.physical_id
        unknown = [name for name in shape.LATER if name not in current.properties]
        have = {**shape.read_later(ec2, instance_id, unknown), **current.properties}
        for name, default in SETTINGS.items():
            if desired.get(name, default) != have.get(name, default):
                value = {"Value": desired.get(name, default)}
                ec2.modify_instance_attribute(InstanceId=instance_id, **{name: value})
        if desired.get(SHUTDOWN, "stop") != have[SHUTDOWN]:
            ec2.modify_instance_attribute(
                InstanceId=instance_id,
                Attribute="instanceInitiatedShutdownBehavior",
                Value=desired.get(SHUTDOWN, "stop"),
            )
        _update_metadata(ec2, instance_id, have, desired)
        _update_monitoring(ec2, instance_id, have, desired)
        profile = desired.get("IamInstanceProfile")
        if profile != have.get("IamInstanceProfile"):
            self._with_profile(lambda: _set_profile(ec2, instance_id, profile))
        groups = _groups(ec2, current, desired)
        if groups is not None and sorted(groups) != sorted(have.get("SecurityGroupIds", [])):
            ec2.modify_instance_attribute(InstanceId=instance_id, Groups=groups)
        changes = _changes_when_stopped(have, desired)
        if changes:
            _while_stopped(api, instance_id, changes)
        sync_tags(ec2, instance_id, current, desired)
        return Live(instance_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        instance_id = current.physical_id
        if current.properties.get("DisableApiTermination"):
            raise _protected(instance_id)
        try:
            api.client("ec2").terminate_instances(InstanceIds=[instance_id])
        except Exception as error:
            if error_code(error) == "InvalidInstanceID.NotFound":
                return
            if error_code(error) == "OperationNotPermitted":
                raise _protected(instance_id) from error
            raise
        api.wait("ec2", "instance_terminated", InstanceIds=[instance_id])

    def wait_ready(self, api: Api, current: Live) -> Live:
        api.wait("ec2", "instance_running", InstanceIds=[current.physical_id])
        return current

    def _with_profile(self, call: Callable[[], R]) -> R:
        """`call`, made again while EC2 does not know a new instance profile yet."""
        return with_new_role(call, "InvalidParameterValue", PROFILE_NOT_READY, self.ROLE_DELAYS)


def _instance(instance: dict[str, Any], props: Props) -> Live:
    return Live(instance["InstanceId"], props, shape.attributes(instance))


def _declared_later(found: Props) -> Props:
    """The LATER properties an instance was launched with (UserData only if it has some)."""
    return {name: value for name, value in found.items() if name != "UserData" or value}


def _protected(instance_id: str) -> DeletionRefused:
    return DeletionRefused(
        f"instance {instance_id}",
        "termination protection (DisableApiTermination)",
        hint="declare disable_api_termination=False and apply, then delete it",
    )


def _update_metadata(ec2: Any, instance_id: str, have: Props, desired: Props) -> None:
    """Set the declared instance metadata options that differ."""
    want = desired.get("MetadataOptions")
    now = have.get("MetadataOptions", {})
    if want and any(now.get(key) != value for key, value in want.items()):
        ec2.modify_instance_metadata_options(InstanceId=instance_id, **want)


def _update_monitoring(ec2: Any, instance_id: str, have: Props, desired: Props) -> None:
    want = desired.get("Monitoring", False)
    if want != have.get("Monitoring", False):
        switch = ec2.monitor_instances if want else ec2.unmonitor_instances
        switch(InstanceIds=[instance_id])


def _set_profile(ec2: Any, instance_id: str, name: str | None) -> None:
    """Associate instance profile `name`, replacing the current one (None: remove it)."""
    associations = ec2.describe_iam_instance_profile_associations(
        Filters=[
            {"Name": "instance-id", "Values": [instance_id]},
            {"Name": "state", "Values": ["associating", "associated"]},
        ]
    )["IamInstanceProfileAssociations"]
    profile = {"Name": name}
    if associations and name:
        ec2.replace_iam_instance_profile_association(
            AssociationId=associations[0]["AssociationId"], IamInstanceProfile=profile
        )
    elif associations:
        ec2.disassociate_iam_instance_profile(AssociationId=associations[0]["AssociationId"])
    elif name:
        ec2.associate_iam_instance_profile(InstanceId=instance_id, IamInstanceProfile=profile)


def _groups(ec2: Any, current: Live, desired: Props) -> list[str] | None:
    """The security groups the instance must be in; None to leave them. Groups no longer
    declared go back to the VPC's default group (where the instance's groups are known)."""
    if "SecurityGroupIds" in desired:
        return list(desired["SecurityGroupIds"])
    if "SecurityGroups" in desired or "SecurityGroupIds" not in current.properties:
        return None
    (default,) = ec2.describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [current.attributes["VpcId"]]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"]
    return [default["GroupId"]]


def _changes_when_stopped(have: Props, desired: Props) -> list[dict[str, Any]]:
    """modify_instance_attribute arguments that need the instance stopped."""
    changes: list[dict[str, Any]] = [
        {name: {"Value": desired[name]}}
        for name in ("InstanceType", "EbsOptimized")
        if name in desired and desired[name] != have.get(name)
    ]
    user_data = desired.get("UserData", "")
    if user_data != have["UserData"]:
        changes.append({"UserData": {"Value": shape.decoded(user_data)}})
    return changes


def _while_stopped(api: Api, instance_id: str, changes: list[dict[str, Any]]) -> None:
    """Stop the instance, make `changes`, and start it again if it was running."""
    ec2 = api.client("ec2")
    (stopping,) = ec2.stop_instances(InstanceIds=[instance_id])["StoppingInstances"]
    api.wait("ec2", "instance_stopped", InstanceIds=[instance_id])
    try:
        for change in changes:
            ec2.modify_instance_attribute(InstanceId=instance_id, **change)
    finally:
        if stopping["PreviousState"]["Name"] != "stopped":
            ec2.start_instances(InstanceIds=[instance_id])
            api.wait("ec2", "instance_running", InstanceIds=[instance_id])
