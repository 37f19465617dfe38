"""Where a stack deploys: an account id, or an account the organization declares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from landform.errors import ValidationError

if TYPE_CHECKING:
    from landform.model.resource import Resource

DEFAULT_ROLE = "OrganizationAccountAccessRole"
"""The role AWS Organizations creates in every account it creates, trusted by the
management account; Landform assumes it to reach a member account."""

_ACCOUNT_ID = re.compile(r"\d{12}")
_ROLE_NAME = re.compile(r"[\w+=,.@/-]{1,64}", re.ASCII)


@dataclass(frozen=True)
class AccountTarget:
    """An AWS account a stack deploys into, and the role Landform assumes there.

    Either `id` is known when declared, or `resource` is the AWS::Organizations::Account
    that creates the account: its AccountId is then known once it exists.
    """

    id: str | None = None
    resource: Resource | None = None
    role_name: str = DEFAULT_ROLE


def account(account_id: str, *, role_name: str = DEFAULT_ROLE) -> AccountTarget:
    """An existing account by id, reached by assuming `role_name` in it."""
    if not isinstance(account_id, str) or not _ACCOUNT_ID.fullmatch(account_id):
        raise ValidationError(
            f"account id {account_id!r} is not 12 digits",
            hint="pass the account id as a string of 12 digits, e.g. '123456789012'",
        )
    return AccountTarget(id=account_id, role_name=checked_role_name(role_name))


def checked_role_name(role_name: str) -> str:
    """`role_name`, if IAM accepts it as a role name."""
    if not isinstance(role_name, str) or not _ROLE_NAME.fullmatch(role_name):
        raise ValidationError(
            f"role name {role_name!r} is not a valid IAM role name",
            hint="use 1 to 64 letters, digits and + = , . @ _ -",
        )
    return role_name
