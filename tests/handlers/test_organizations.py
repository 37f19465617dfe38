"""AWS Organizations' organization, OUs, member accounts and policies against the emulator.

The emulator creates every account at once and never fails to: a failed creation runs
on botocore's Stubber, with AWS's answers.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from landform import App
from landform.aws import organizations
from landform.cloud.calls import CallCounter
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import Live, tag_map
from landform.handlers.iam.role import Role
from landform.handlers.organizations.account import Account
from landform.handlers.organizations.organization import Organization
from landform.handlers.organizations.policy import Policy
from landform.handlers.organizations.unit import OrganizationalUnit
from landform.model.accounts import DEFAULT_ROLE
from landform.org import scp
from tests.conftest import ACCOUNT, REGION, TAGS
from tests.handlers.contract import Call, queue, stubbed_api
from tests.support import HANDLERS_ONLY, actions, converge, destroy, new_app, plan

ORG = "shop/main/org"
WORKLOADS = "shop/main/workloads"
PRODUCTION = "shop/main/production"
SANDBOX = "shop/main/sandbox"
GUARDRAIL = "shop/main/guardrail"
NOT_IN_USE = "AWSOrganizationsNotInUseException"


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def attributes(context: Context, address: str) -> dict[str, Any]:
    record = context.store.get(address)
    assert record is not None
    return record.attributes


def listed(context: Context, handler: Any) -> dict[str, Live]:
    """What `handler` lists, read afresh as a new run reads."""
    context.fresh_reads()
    return {live.physical_id: live for live in handler.list(context.api(ACCOUNT, REGION))}


def tags(aws: Any, resource_id: str) -> dict[str, str]:
    return tag_map(aws("organizations").list_tags_for_resource(ResourceId=resource_id)["Tags"])


def root(aws: Any) -> dict[str, Any]:
    found: dict[str, Any] = aws("organizations").list_roots()["Roots"][0]
    return found


def parent(aws: Any, child_id: str) -> str:
    return str(aws("organizations").list_parents(ChildId=child_id)["Parents"][0]["Id"])


def an_organization(aws: Any) -> str:
    """An organization made outside Landform: its root id."""
    aws("organizations").create_organization(FeatureSet="ALL")
    return str(root(aws)["Id"])


def an_ou(aws: Any, parent_id: str, name: str) -> str:
    client = aws("organizations")
    return str(
        client.create_organizational_unit(ParentId=parent_id, Name=name)["OrganizationalUnit"]["Id"]
    )


def organization_app() -> App:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    organizations.Organization(stack, "org", feature_set="ALL")
    return app


def test_organization_is_created_listed_and_deleted(context: Context, aws: Any) -> None:
    app = organization_app()
    converge(app, context)
    org_id = physical_id(context, ORG)
    found = aws("organizations").describe_organization()["Organization"]
    assert (found["Id"], found["FeatureSet"]) == (org_id, "ALL")
    assert attributes(context, ORG) == {
        "Id": org_id,
        "Arn": found["Arn"],
        "ManagementAccountId": ACCOUNT,
        "ManagementAccountArn": found["MasterAccountArn"],
        "ManagementAccountEmail": found["MasterAccountEmail"],
        "RootId": root(aws)["Id"],
    }
    assert list(listed(context, Organization())) == [org_id]

    api = context.api(ACCOUNT, REGION)
    again = Organization().create(api, {"FeatureSet": "ALL"}, "token")
    assert again.physical_id == org_id, "an organization that exists is adopted"
    with pytest.raises(LandformError, match="cannot change FeatureSet") as refused:
        Organization().update(api, again, {"FeatureSet": "CONSOLIDATED_BILLING"})
    assert refused.value.hint is not None and "all features" in refused.value.hint

    destroy(app, context)
    with pytest.raises(aws("organizations").exceptions.AWSOrganizationsNotInUseException):
        aws("organizations").describe_organization()
    assert listed(context, Organization()) == {}
    assert context.store.all() == []
    Organization().delete(api, again)  # gone already: no error


def test_an_existing_organization_is_adopted(context: Context, aws: Any) -> None:
    an_organization(aws)
    org_id = aws("organizations").describe_organization()["Organization"]["Id"]
    app = organization_app()
    assert actions(plan(app, context)) == {ORG: "adopt"}
    converge(app, context)
    assert physical_id(context, ORG) == org_id


def unit_app(name: str = "Workloads", **tags: str) -> App:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    org = organizations.Organization(stack, "org", feature_set="ALL")
    workloads = organizations.OrganizationalUnit(
        stack, "workloads", name=name, parent_id=org.root_id, tags=tags
    )
    organizations.OrganizationalUnit(stack, "production", name="Production", parent_id=workloads.id)
    return app


def test_organizational_units(context: Context, aws: Any) -> None:
    converge(unit_app(Tier="apps"), context)
    top, child = physical_id(context, WORKLOADS), physical_id(context, PRODUCTION)
    found = root(aws)
    org_id = aws("organizations").describe_organization()["Organization"]["Id"]
    assert attributes(context, WORKLOADS)["Path"] == f"{org_id}/{found['Id']}/{top}/"
    assert attributes(context, PRODUCTION)["Path"] == f"{org_id}/{found['Id']}/{top}/{child}/"
    assert (parent(aws, top), parent(aws, child)) == (found["Id"], top)
    assert tags(aws, top)["Tier"] == "apps"
    manual = an_ou(aws, found["Id"], "Manual")

    units = listed(context, OrganizationalUnit())
    assert set(units) == {top, child}, "OUs without Landform's tag are not listed"
    assert (units[top].address, units[child].address) == (WORKLOADS, PRODUCTION)
    assert units[child].properties["ParentId"] == top
    assert units[child].attributes == attributes(context, PRODUCTION)

    app = unit_app("Apps", Tier="web")
    assert actions(plan(app, context)) == {WORKLOADS: "update"}
    converge(app, context)
    assert physical_id(context, WORKLOADS) == top
    unit = aws("organizations").describe_organizational_unit(OrganizationalUnitId=top)
    assert unit["OrganizationalUnit"]["Name"] == "Apps"
    assert tags(aws, top)["Tier"] == "web"

    destroy(app, context)
    assert context.store.all() == []
    OrganizationalUnit().delete(context.api(ACCOUNT, REGION), units[top])  # gone: no error
    assert manual not in units


def account_app(
    parent_id: str, name: str = "Sandbox", role_name: str | None = None, **tags: str
) -> App:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    organizations.Account(
        stack,
        "sandbox",
        account_name=name,
        email="sandbox@example.com",
        parent_ids=[parent_id],
        role_name=role_name,
        tags=tags,
    )
    return app


def test_account_is_created_moved_refused_and_closed(context: Context, aws: Any) -> None:
    root_id = an_organization(aws)
    sandbox, workloads = an_ou(aws, root_id, "Sandbox"), an_ou(aws, root_id, "Workloads")
    org_id = aws("organizations").describe_organization()["Organization"]["Id"]
    converge(account_app(sandbox, Team="data"), context)
    account_id = physical_id(context, SANDBOX)
    found = aws("organizations").describe_account(AccountId=account_id)["Account"]
    assert (found["Name"], found["Email"], found["Status"]) == (
        "Sandbox",
        "sandbox@example.com",
        "ACTIVE",
    )
    assert parent(aws, account_id) == sandbox
    assert tags(aws, account_id) == {**tags(aws, account_id), "Team": "data"}
    got = attributes(context, SANDBOX)
    assert (got["AccountId"], got["Arn"], got["JoinedMethod"]) == (
        account_id,
        found["Arn"],
        "CREATED",
    )
    assert datetime.fromisoformat(got["JoinedTimestamp"]) == found["JoinedTimestamp"]
    assert (got["Status"], got["State"]) == ("ACTIVE", "ACTIVE")
    assert got["Paths"] == [f"{org_id}/{root_id}/{sandbox}/{account_id}/"]

    accounts = listed(context, Account())
    assert set(accounts) == {account_id}, "the management account is never listed"
    assert accounts[account_id].address == SANDBOX
    assert accounts[account_id].properties["ParentIds"] == [sandbox]

    app = account_app(workloads, Team="ml")
    assert actions(plan(app, context)) == {SANDBOX: "update"}
    converge(app, context)
    assert physical_id(context, SANDBOX) == account_id
    assert parent(aws, account_id) == workloads
    assert tags(aws, account_id)["Team"] == "ml"
    assert attributes(context, SANDBOX)["Paths"] == [
        f"{org_id}/{root_id}/{workloads}/{account_id}/"
    ]
    assert len(aws("organizations").list_accounts()["Accounts"]) == 2

    renamed = account_app(workloads, name="Scratch", Team="ml")
    assert actions(plan(renamed, context)) == {SANDBOX: "update"}
    with pytest.raises(ApplyFailed, match="cannot change AccountName") as refused:
        apply_plan(context, plan(renamed, context))
    assert "account's settings" in str(refused.value)
    converge(account_app(workloads, role_name="OrganizationAccountAccessRole", Team="ml"), context)
    with pytest.raises(ApplyFailed, match="cannot change RoleName"):
        apply_plan(context, plan(account_app(workloads, role_name="Admin", Team="ml"), context))

    with pytest.raises(ApplyFailed, match="account-close protection"):
        destroy(app, context)
    assert parent(aws, account_id) == workloads
    context.allow_account_close = True
    destroy(app, context)
    found = aws("organizations").describe_account(AccountId=account_id)["Account"]
    assert found["Status"] == "SUSPENDED"
    assert listed(context, Account()) == {}, "closed accounts are not listed"
    assert context.store.all() == []
    Account().delete(context.api(ACCOUNT, REGION), accounts[account_id])  # closed: no error


def test_account_closes_an_aws_account() -> None:
    assert Account.CLOSES_ACCOUNT
    assert not OrganizationalUnit.CLOSES_ACCOUNT


def test_an_account_with_the_declared_email_is_adopted(context: Context, aws: Any) -> None:
    root_id = an_organization(aws)
    status = aws("organizations").create_account(AccountName="Legacy", Email="legacy@example.com")
    existing = status["CreateAccountStatus"]["AccountId"]
    app, stack = new_app(block_on=HANDLERS_ONLY)
    organizations.Account(
        stack,
        "legacy",
        account_name="Legacy",
        email="legacy@example.com",
        parent_ids=[root_id],
        role_name="OrganizationAccountAccessRole",
    )
    (change,) = [c for c in plan(app, context).changes if c.address == "shop/main/legacy"]
    assert change.current is not None and change.current.physical_id == existing
    converge(app, context)
    assert physical_id(context, "shop/main/legacy") == existing
    assert tags(aws, existing)["landform:address"] == "shop/main/legacy"
    assert len(aws("organizations").list_accounts()["Accounts"]) == 2, "no second account"


def role_tags(aws_in: Any, account_id: str, role: str = DEFAULT_ROLE) -> dict[str, str]:
    """The tags of `role` in the account, read with the account's own credentials."""
    return tag_map(aws_in(account_id)("iam").list_role_tags(RoleName=role)["Tags"])


def test_the_role_aws_makes_in_a_created_account_carries_its_tags_but_not_its_address(
    context: Context, aws: Any, aws_in: Any
) -> None:
    root_id = an_organization(aws)
    converge(account_app(root_id, Team="data"), context)
    account_id = physical_id(context, SANDBOX)
    assert role_tags(aws_in, account_id) == {**TAGS, "Team": "data"}, "no landform:address"
    member = context.api(account_id, REGION)
    (role,) = [r for r in Role().list(member) if r.physical_id == DEFAULT_ROLE]
    with pytest.raises(LandformError, match="not made by Landform"):
        Role().describe(member, role)  # what adopting it by its name would do

    converge(account_app(root_id, Squad="ml"), context)
    assert role_tags(aws_in, account_id) == {**TAGS, "Squad": "ml"}


def test_the_declared_role_name_is_the_role_tagged(
    context: Context, aws: Any, aws_in: Any, calls: CallCounter
) -> None:
    root_id = an_organization(aws)
    converge(account_app(root_id, role_name="Admin", Team="data"), context)
    assert role_tags(aws_in, physical_id(context, SANDBOX), "Admin") == {**TAGS, "Team": "data"}
    assert calls.calls[("sts", "AssumeRole")] == 1
    assert calls.calls[("iam", "TagRole")] == 1


def test_an_invited_account_has_no_role_made_by_aws_to_tag() -> None:
    account_id = "111122223333"
    props = {"AccountName": "Legacy", "Email": "legacy@example.com"}
    current = Live(
        account_id,
        {**props, "Tags": [{"Key": "Team", "Value": "data"}]},
        {"JoinedMethod": "INVITED"},
    )
    desired = {**props, "Tags": [{"Key": "Team", "Value": "ml"}]}
    with stubbed_api("organizations") as (api, stubber):  # any other client fails the test
        queue(
            stubber,
            [
                Call(
                    "tag_resource",
                    {},
                    {"ResourceId": account_id, "Tags": [{"Key": "Team", "Value": "ml"}]},
                )
            ],
        )
        Account().update(api, current, desired)
        stubber.assert_no_pending_responses()


def test_a_failed_account_creation_names_its_reason() -> None:
    requested = datetime(2025, 1, 1, tzinfo=UTC)
    pending = {"Id": "car-1a2b3c4d", "AccountName": "Sandbox", "RequestedTimestamp": requested}
    failed = {
        "CreateAccountStatus": {
            **pending,
            "State": "FAILED",
            "CompletedTimestamp": requested,
            "FailureReason": "EMAIL_ALREADY_EXISTS",
        }
    }
    request = {"CreateAccountRequestId": "car-1a2b3c4d"}
    props = {"AccountName": "Sandbox", "Email": "taken@example.com", "Tags": []}
    with stubbed_api("organizations") as (api, stubber):
        queue(
            stubber,
            [
                Call(
                    "create_account",
                    {"CreateAccountStatus": {**pending, "State": "IN_PROGRESS"}},
                    {
                        "AccountName": "Sandbox",
                        "Email": "taken@example.com",
                        "RoleName": "OrganizationAccountAccessRole",
                        "Tags": [],
                    },
                ),
                Call("describe_create_account_status", failed, request),
                Call("describe_create_account_status", failed, request),
            ],
        )
        with pytest.raises(LandformError, match="account Sandbox: EMAIL_ALREADY_EXISTS") as error:
            Account().create(api, props, "token")
        stubber.assert_no_pending_responses()
    assert error.value.hint is not None and "unused Email" in error.value.hint


DENY_LEAVING = scp.deny_leave_organization()


def policy_app(
    content: Any = DENY_LEAVING.document,
    description: str = "no leaving",
    on_root: bool = True,
    **tags: str,
) -> App:
    app, stack = new_app(block_on=HANDLERS_ONLY)
    org = organizations.Organization(stack, "org", feature_set="ALL")
    ou = organizations.OrganizationalUnit(
        stack, "workloads", name="Workloads", parent_id=org.root_id
    )
    organizations.Policy(
        stack,
        "guardrail",
        name="deny-leaving",
        description=description,
        type="SERVICE_CONTROL_POLICY",
        content=content,
        target_ids=[org.root_id] if on_root else [ou.id],
        tags=tags,
    )
    return app


def targets(aws: Any, policy_id: str) -> list[str]:
    found = aws("organizations").list_targets_for_policy(PolicyId=policy_id)["Targets"]
    return [target["TargetId"] for target in found]


def content(aws: Any, policy_id: str) -> str:
    return str(aws("organizations").describe_policy(PolicyId=policy_id)["Policy"]["Content"])


def test_policies(context: Context, aws: Any, calls: CallCounter) -> None:
    converge(policy_app(Tier="guard"), context)
    policy_id = physical_id(context, GUARDRAIL)
    found = root(aws)
    assert {"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"} in found["PolicyTypes"]
    assert targets(aws, policy_id) == [found["Id"]]
    assert content(aws, policy_id) == json.dumps(DENY_LEAVING.document, separators=(",", ":"))
    assert tags(aws, policy_id) == {**tags(aws, policy_id), "Tier": "guard"}
    assert attributes(context, GUARDRAIL)["AwsManaged"] is False
    client = aws("organizations")
    client.create_policy(
        Name="manual",
        Description="",
        Type="SERVICE_CONTROL_POLICY",
        Content=json.dumps(DENY_LEAVING.document),
    )

    calls.calls.clear()
    policies = listed(context, Policy())
    assert set(policies) == {policy_id}, "AWS managed and untagged policies are not listed"
    assert policies[policy_id].address == GUARDRAIL
    assert calls.calls[("organizations", "ListPolicies")] == 2  # one per type managed
    assert calls.calls[("organizations", "ListTagsForResource")] == 2
    assert calls.calls[("organizations", "DescribePolicy")] == 1
    assert calls.calls[("organizations", "ListTargetsForPolicy")] == 1

    as_text = json.dumps(DENY_LEAVING.document, indent=2)
    assert actions(plan(policy_app(as_text, Tier="guard"), context)) == {}, "text or object"

    stricter = scp.combined("deny-leaving", DENY_LEAVING, scp.deny_root_user()).document
    app = policy_app(json.dumps(stricter), "stricter", on_root=False, Tier="strict")
    assert actions(plan(app, context)) == {GUARDRAIL: "update"}
    converge(app, context)
    assert physical_id(context, GUARDRAIL) == policy_id
    assert targets(aws, policy_id) == [physical_id(context, WORKLOADS)]
    assert json.loads(content(aws, policy_id)) == stricter
    summary = client.describe_policy(PolicyId=policy_id)["Policy"]["PolicySummary"]
    assert summary["Description"] == "stricter"
    assert tags(aws, policy_id)["Tier"] == "strict"

    destroy(app, context)
    with pytest.raises(client.exceptions.PolicyNotFoundException):
        client.describe_policy(PolicyId=policy_id)
    assert context.store.all() == []
    Policy().delete(context.api(ACCOUNT, REGION), policies[policy_id])  # gone: no error


def test_unmanaged_policy_types_are_refused_before_any_call(context: Context) -> None:
    props = {"Name": "backups", "Type": "BACKUP_POLICY", "Content": {}}
    with pytest.raises(LandformError, match="does not manage BACKUP_POLICY"):
        Policy().create(context.api(ACCOUNT, REGION), props, "token")
