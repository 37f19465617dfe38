"""An Api reaches another account through a named role: the management account's Api
reaches an account it created through the role AWS made there, whatever it is named."""

from __future__ import annotations

from typing import Any

from landform.engine.context import Context
from landform.handlers.base import Api
from tests.conftest import ACCOUNT, REGION


def a_member(aws: Any, role: str) -> str:
    """An account created in a new organization, with `role` made in it by AWS."""
    client = aws("organizations")
    client.create_organization(FeatureSet="ALL")
    request = client.create_account(AccountName="Member", Email="m@example.com", RoleName=role)
    return str(request["CreateAccountStatus"]["AccountId"])


def identity(api: Any) -> tuple[str, str]:
    """(account, role) of the credentials an Api's clients use."""
    caller = api.client("sts").get_caller_identity()
    return caller["Account"], caller["Arn"].split(":")[5].split("/")[1]


def test_in_account_assumes_the_named_role_in_that_account(context: Context, aws: Any) -> None:
    member = a_member(aws, "Admin")
    context.sessions.roles[member] = "Auditor"  # the role the run names for the account
    there = context.api(ACCOUNT, REGION).in_account(member, "Admin")
    assert (there.account, there.region, there.everything) == (member, REGION, False)
    audit = Api(context.sessions.client, ACCOUNT, REGION, everything=True)
    assert audit.in_account(member, "Admin").everything, "audits there as here"
    assert identity(there) == (member, "Admin")
    assert identity(context.api(member, REGION)) == (member, "Auditor"), "the others keep theirs"
