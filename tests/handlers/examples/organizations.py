"""Contract examples for AWS Organizations: the organization, an OU and a policy in it,
and a member account of an organization made before the app (`PREPARE`): a closed
account stays in its organization for 90 days, so an app that owned both could not
delete the organization after closing the account."""

from __future__ import annotations

from typing import Any

from landform.aws import organizations
from landform.handlers.base import Api
from landform.model import Resource, Stack
from landform.org import scp
from tests.handlers.contract import Declare, Prepare


def organization(stack: Stack) -> organizations.Organization:
    return organizations.Organization(stack, "org", feature_set="ALL")


def unit(stack: Stack) -> Resource:
    root = organization(stack).root_id
    return organizations.OrganizationalUnit(stack, "workloads", name="Workloads", parent_id=root)


def account(stack: Stack) -> Resource:
    return organizations.Account(
        stack, "sandbox", account_name="Sandbox", email="sandbox@example.com"
    )


def policy(stack: Stack) -> Resource:
    guardrail = scp.deny_leave_organization()
    return organizations.Policy(
        stack,
        "guardrail",
        name=guardrail.name,
        description=guardrail.description,
        type=guardrail.type,
        content=guardrail.document,
        target_ids=[organization(stack).root_id],
    )


def an_organization(api: Api) -> Any:
    return api.client("organizations").create_organization(FeatureSet="ALL")


EXAMPLES: dict[str, Declare] = {
    "AWS::Organizations::Organization": organization,
    "AWS::Organizations::OrganizationalUnit": unit,
    "AWS::Organizations::Account": account,
    "AWS::Organizations::Policy": policy,
}
PREPARE: dict[str, Prepare] = {"AWS::Organizations::Account": an_organization}
