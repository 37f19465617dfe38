"""AWS::IAM::InstanceProfile"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Handler, Live, Props, ignoring, present
from landform.handlers.registry import register


@register
class InstanceProfile(Handler):
    """An instance profile and its one role; its physical id (Ref) is its name.

    Undeclared, the name is its role's name and a hash of role and Path, so that a
    replacement forced by a new Path gets a new name. The role changes in place.
    The type carries no tags in CloudFormation: `list` is one paginated
    list_instance_profiles of the account (roles included), and a profile not in state
    is found again by its name (`natural_key`).
    """

    TYPE = "AWS::IAM::InstanceProfile"
    NAME = "InstanceProfileName"

    def list(self, api: Api) -> Iterable[Live]:
        for profile in api.pages("iam", "list_instance_profiles", "InstanceProfiles"):
            props = {
                "InstanceProfileName": profile["InstanceProfileName"],
                "Path": profile["Path"],
                "Roles": [role["RoleName"] for role in profile.get("Roles", ())],
            }
            yield Live(profile["InstanceProfileName"], props, {"Arn": profile["Arn"]})

    def create(self, api: Api, props: Props, token: str) -> Live:
        iam = api.client("iam")
        name = _name(props)
        profile = iam.create_instance_profile(
            InstanceProfileName=name, **present(props, ("Path",))
        )["InstanceProfile"]
        for role in props["Roles"]:
            iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
        created = present(props, ("InstanceProfileName", "Path", "Roles"))
        return Live(name, created, {"Arn": profile["Arn"]})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        """Take the old role out first: a profile holds one role at a time."""
        iam = api.client("iam")
        name = current.physical_id
        have, want = current.properties.get("Roles", []), desired["Roles"]
        for role in (r for r in have if r not in want):
            with ignoring("NoSuchEntity"):
                iam.remove_role_from_instance_profile(InstanceProfileName=name, RoleName=role)
        for role in (r for r in want if r not in have):
            iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        """Take its role out first: IAM refuses to delete a profile that holds one."""
        iam = api.client("iam")
        name = current.physical_id
        with ignoring("NoSuchEntity"):
            for role in iam.get_instance_profile(InstanceProfileName=name)["InstanceProfile"][
                "Roles"
            ]:
                iam.remove_role_from_instance_profile(
                    InstanceProfileName=name, RoleName=role["RoleName"]
                )
            iam.delete_instance_profile(InstanceProfileName=name)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (_name(props),)


def _name(props: Mapping[str, Any]) -> str:
    """The declared name, or the role's name and a hash of role and Path (<= 128)."""
    if "InstanceProfileName" in props:
        return str(props["InstanceProfileName"])
    if not props.get("Roles"):
        raise LandformError(
            "an instance profile without a role needs an InstanceProfileName",
            hint="declare InstanceProfileName, or a role in Roles",
        )
    role = str(props["Roles"][0])
    digest = hashlib.sha256(f"{role}\n{props.get('Path', '/')}".encode()).hexdigest()[:8]
    return f"{role[:100]}-{digest}"
