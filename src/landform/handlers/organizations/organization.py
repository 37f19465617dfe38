"""AWS::Organizations::Organization"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, error_code, ignoring
from landform.handlers.organizations.common import NOT_IN_USE, SERVICE, refuse, root_of
from landform.handlers.registry import register

DEFAULT_FEATURE_SET = "ALL"


@register
class Organization(Handler):
    """The organization of the management account Landform runs as; its physical id is
    the organization's id.

    There is at most one, and it carries no tags: `natural_key` is the same for every
    declaration, so an existing organization is adopted instead of a second being asked
    for (create adopts it too, where AWS answers AlreadyInOrganizationException). `list`
    costs describe_organization and list_roots. FeatureSet is never changed: AWS moves
    from consolidated billing to all features only through a handshake every member
    account accepts. Deleting fails while member accounts remain (closed ones included).
    """

    TYPE = "AWS::Organizations::Organization"

    def list(self, api: Api) -> Iterable[Live]:
        with ignoring(NOT_IN_USE):
            return [_live(api, api.client(SERVICE).describe_organization()["Organization"])]
        return []

    def create(self, api: Api, props: Props, token: str) -> Live:
        client = api.client(SERVICE)
        try:
            found = client.create_organization(
                FeatureSet=props.get("FeatureSet", DEFAULT_FEATURE_SET)
            )
        except Exception as error:
            if error_code(error) != "AlreadyInOrganizationException":
                raise
            found = client.describe_organization()
        return _live(api, found["Organization"])

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        refuse(
            f"organization {current.physical_id}",
            current,
            desired,
            ("FeatureSet",),
            hint="enable all features in the AWS Organizations console (every member account "
            "must accept), then declare FeatureSet ALL",
        )
        return Live(current.physical_id, dict(desired), current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring(NOT_IN_USE):
            api.client(SERVICE).delete_organization()

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return ("organization",)


def _live(api: Api, organization: dict[str, Any]) -> Live:
    attributes = {
        "Id": organization["Id"],
        "Arn": organization["Arn"],
        "ManagementAccountId": organization["MasterAccountId"],
        "ManagementAccountArn": organization["MasterAccountArn"],
        "ManagementAccountEmail": organization["MasterAccountEmail"],
        "RootId": root_of(api)["Id"],
    }
    return Live(organization["Id"], {"FeatureSet": organization["FeatureSet"]}, attributes)
