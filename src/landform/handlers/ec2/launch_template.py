"""AWS::EC2::LaunchTemplate"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring, present, tag_list
from landform.handlers.ec2.common import sync_tags
from landform.handlers.registry import register

VERSION = ("LaunchTemplateData", "VersionDescription")
"""What makes a version of the template."""

TEMPLATE = "launch-template"
"""The TagSpecifications resource type that tags the template itself."""


@register
class LaunchTemplate(Handler):
    """A launch template, named LaunchTemplateName.

    CloudFormation's schema makes the type untaggable, so Landform cannot mark it as its
    own: `list` reads every launch template of the region (one paginated call), and one
    not in state is found again by its name (`natural_key`). So the name must be declared
    (`check` refuses a template without one): a run that stopped between creating the
    template and recording it then finds it again.

    LaunchTemplateData, VersionDescription and TagSpecifications are compared with state;
    `describe` reads the default version of an adopted template (one call). Listing
    everything (audit), `list` reads every template's default version too (one paginated
    describe_launch_template_versions for the region).
    A change of the data or the description creates a new version and makes it the
    default (old versions stay, as CloudFormation leaves them); tags of the template
    (TagSpecifications of ResourceType "launch-template") change in place.
    """

    TYPE = "AWS::EC2::LaunchTemplate"
    NAME = "LaunchTemplateName"
    NAME_REQUIRED = True

    def list(self, api: Api) -> Iterable[Live]:
        defaults = _default_versions(api) if api.everything else {}
        for template in api.pages("ec2", "describe_launch_templates", "LaunchTemplates"):
            props: Props = {
                "LaunchTemplateName": template["LaunchTemplateName"],
                **present(defaults.get(template["LaunchTemplateId"], {}), VERSION),
            }
            tags = tag_list(template.get("Tags"))
            if tags:
                props["TagSpecifications"] = [{"ResourceType": TEMPLATE, "Tags": tags}]
            yield _template(template, props)

    def describe(self, api: Api, listed: Live) -> Live:
        default = _default_version(api.client("ec2"), listed.physical_id)
        properties = {**listed.properties, **present(default, VERSION)}
        return Live(listed.physical_id, properties, listed.attributes)

    def create(self, api: Api, props: Props, token: str) -> Live:
        template = api.client("ec2").create_launch_template(
            LaunchTemplateName=props["LaunchTemplateName"],
            **present(props, ("LaunchTemplateData", "VersionDescription", "TagSpecifications")),
            ClientToken=token,
        )["LaunchTemplate"]
        return _template(template, dict(props))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        template_id = current.physical_id
        version = present(desired, VERSION)
        if version != present(_default_version(ec2, template_id), VERSION):
            number = ec2.create_launch_template_version(LaunchTemplateId=template_id, **version)[
                "LaunchTemplateVersion"
            ]["VersionNumber"]
            ec2.modify_launch_template(LaunchTemplateId=template_id, DefaultVersion=str(number))
        have = Live(template_id, {"Tags": _tags(current.properties)})
        sync_tags(ec2, template_id, have, {"Tags": _tags(desired)})
        (template,) = ec2.describe_launch_templates(LaunchTemplateIds=[template_id])[
            "LaunchTemplates"
        ]
        return _template(template, desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring(
            "InvalidLaunchTemplateId.NotFound", "InvalidLaunchTemplateName.NotFoundException"
        ):
            api.client("ec2").delete_launch_template(LaunchTemplateId=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        name = props.get("LaunchTemplateName")
        return None if name is None else (name,)


def _template(template: Mapping[str, Any], props: Props) -> Live:
    template_id = template["LaunchTemplateId"]
    attributes = {
        "LaunchTemplateId": template_id,
        "LatestVersionNumber": str(template["LatestVersionNumber"]),
        "DefaultVersionNumber": str(template["DefaultVersionNumber"]),
    }
    return Live(template_id, props, attributes)


def _default_version(ec2: Any, template_id: str) -> dict[str, Any]:
    (default,) = ec2.describe_launch_template_versions(
        LaunchTemplateId=template_id, Versions=["$Default"]
    )["LaunchTemplateVersions"]
    return default  # type: ignore[no-any-return]


def _default_versions(api: Api) -> dict[str, dict[str, Any]]:
    """Template id -> its default version, for every template of the region."""
    versions = api.pages(
        "ec2", "describe_launch_template_versions", "LaunchTemplateVersions", Versions=["$Default"]
    )
    return {version["LaunchTemplateId"]: version for version in versions}


def _tags(props: Props) -> list[dict[str, str]]:
    """The template's own tags, from its TagSpecifications."""
    return [
        tag
        for spec in props.get("TagSpecifications", [])
        if spec.get("ResourceType") == TEMPLATE
        for tag in spec.get("Tags", [])
    ]
