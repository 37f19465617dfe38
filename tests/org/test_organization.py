"""Declaring the organization: its resources, and clear errors for what AWS would refuse."""

from __future__ import annotations

import pytest

from landform import Account, App, ValidationError
from landform.org import scp
from tests.conftest import TAGS

HERE = "tests/org/test_organization.py"


def members() -> list[Account]:
    return [
        Account("management"),
        Account("security", email="security@example.com", ou="Security"),
        Account("production", email="prod@example.com", ou="Workloads/Production"),
        Account("staging", email="staging@example.com", ou="Workloads/NonProduction"),
    ]


def test_accounts_ous_and_policies_become_resources() -> None:
    app = App("lz", tags=TAGS)
    org = app.organization(accounts=members(), policies=[scp.deny_leave_organization()])
    org.attach(scp.deny_root_user(), "Workloads")
    org.attach(scp.deny_root_user(), "security")
    resources = {r.logical_id: r for r in org.stack.resources.values()}
    assert {r.type_name for r in resources.values()} == {
        "AWS::Organizations::Organization",
        "AWS::Organizations::OrganizationalUnit",
        "AWS::Organizations::Account",
        "AWS::Organizations::Policy",
    }
    assert org.stack.region == "us-east-1" and org.stack.account is None
    production_ou = resources["OuWorkloadsProduction"]
    assert production_ou.properties["Name"] == "Production"
    assert production_ou.properties["ParentId"] == resources["OuWorkloads"].id
    assert resources["OuWorkloads"].properties["ParentId"] == org.root_id
    production = resources["AccountProduction"]
    assert production.properties["ParentIds"] == [production_ou.id]
    assert production.properties["RoleName"] == "OrganizationAccountAccessRole"
    assert "AccountManagement" not in resources, "the management account is not created"
    root_user = resources["PolicyDenyRootUser"]
    assert root_user.properties["TargetIds"] == [
        resources["OuWorkloads"].id,
        resources["AccountSecurity"].attr("AccountId"),
    ]
    assert resources["PolicyDenyLeaveOrganization"].properties["TargetIds"] == [org.root_id]


def test_stacks_deploy_into_accounts_by_name() -> None:
    app = App("lz", tags=TAGS)
    org = app.organization(accounts=members())
    member = app.stack("net", account=org.account("production"), region="eu-west-1")
    assert member.account is None
    assert member.account_resource is org.account_resources["production"]
    own = app.stack("tools", account=org.account("management"), region="eu-west-1")
    assert own.account is None and own.account_resource is None


def test_a_custom_role_is_the_one_assumed_in_its_account() -> None:
    app = App("lz", tags=TAGS)
    org = app.organization(
        accounts=[Account("ops", email="ops@example.com", role_name="LandformDeployer")]
    )
    assert org.account("ops").role_name == "LandformDeployer"
    assert org.account_resources["ops"].properties["RoleName"] == "LandformDeployer"


@pytest.mark.parametrize(
    ("accounts", "message", "prop"),
    [
        ([Account("x", email="not-an-email")], "is not an email address", "email"),
        ([Account("mgmt", ou="Core")], "is the management account", "ou"),
        (
            [Account("a", email="a@example.com"), Account("a", email="b@example.com")],
            "declared twice",
            "name",
        ),
        (
            [Account("a", email="a@example.com"), Account("b", email="a@example.com")],
            "the same email",
            "email",
        ),
        ([Account("a"), Account("b")], "only one is the management account", "email"),
        ([Account("a", email="a@example.com", ou="A//B")], "invalid name", "ou"),
        ([Account("a", email="a@example.com", role_name="no spaces")], "role name", "role_name"),
    ],
)
def test_invalid_accounts_are_named_with_their_line(
    accounts: list[Account], message: str, prop: str
) -> None:
    app = App("lz", tags=TAGS)
    with pytest.raises(ValidationError) as raised:
        app.organization(accounts=accounts)
    text = str(raised.value)
    assert message in text
    assert HERE in text and f"property {prop}" in text
    assert app.stacks["organization"].resources.keys() == {"Organization"}


def test_unknown_account_and_policy_name_clash() -> None:
    app = App("lz", tags=TAGS)
    org = app.organization(accounts=members())
    with pytest.raises(ValidationError, match="no account 'prod'") as unknown:
        org.account("prod")
    assert "accounts: management, security, production, staging" in str(unknown.value)
    with pytest.raises(ValidationError, match="management account"):
        org.attach(scp.deny_root_user(), "management")
    org.attach(scp.deny_regions_except(["us-east-1"]), "Workloads")
    with pytest.raises(ValidationError, match="two different organization policies"):
        org.attach(scp.deny_regions_except(["eu-west-1"]), "Security")


def test_an_account_id_must_be_twelve_digits() -> None:
    app = App("lz", tags=TAGS)
    with pytest.raises(ValidationError, match="is not 12 digits") as raised:
        app.stack("main", account="12345", region="us-east-1")
    assert HERE in str(raised.value)
