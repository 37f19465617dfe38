"""A stack: the resources of one app in one account and region."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from landform.errors import ValidationError, Where
from landform.model.accounts import AccountTarget
from landform.model.accounts import account as account_by_id
from landform.model.refs import ACCOUNT_ID, AccountId, Ref
from landform.model.source import declaration_site

if TYPE_CHECKING:
    from landform.model.app import App
    from landform.model.resource import Resource
    from landform.monitoring.settings import AlarmSettings

_LOGICAL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


class Stack:
    """Resources deployed together into one AWS account and region."""

    def __init__(
        self,
        app: App,
        name: str,
        *,
        account: str | AccountTarget | None,
        region: str | None,
        tags: Mapping[str, str] | None = None,
        alarms: Mapping[str, AlarmSettings] | None = None,
    ) -> None:
        from landform.monitoring.settings import checked_alarms

        self.app = app
        self.name = name
        self.source = declaration_site()
        if not isinstance(account, AccountTarget):
            account = AccountTarget() if account is None else self._by_id(account)
        self.account = account.id
        """The account id, when known as declared (None: the caller's, or not made yet)."""
        self.account_resource = account.resource
        """The AWS::Organizations::Account whose AccountId is this stack's account."""
        self.role_name = account.role_name
        """The role assumed in the account, when it is not the caller's."""
        self.region = region
        self.tags = dict(tags or {})
        self.alarms = checked_alarms(alarms or {}, self.where())
        """Changes to the house alarms of this stack's resources, by "<type>/<metric>"."""
        self.resources: dict[str, Resource] = {}

    @property
    def address(self) -> str:
        return f"{self.app.name}/{self.name}"

    @property
    def account_id(self) -> str | Ref | AccountId:
        """The stack's account id as a property value: as declared, the AccountId of the
        Account resource that makes it, or the caller's once the plan knows it."""
        if self.account is not None:
            return self.account
        if self.account_resource is not None:
            return self.account_resource.attr("AccountId")
        return ACCOUNT_ID

    def add(self, resource: Resource) -> None:
        """Register a resource; its logical id must be new in this stack."""
        where = resource.where()
        if not _LOGICAL_ID.match(resource.logical_id):
            raise ValidationError(
                f"logical id {resource.logical_id!r} is not valid",
                where=where,
                hint="start with a letter; use letters, digits and hyphens only",
            )
        existing = self.resources.get(resource.logical_id)
        if existing is not None:
            raise ValidationError(
                f"duplicate logical id {resource.logical_id!r} "
                f"(first declared at {existing.source})",
                where=where,
                hint="give each resource of a stack its own logical id",
            )
        self.resources[resource.logical_id] = resource
        self.app.revision += 1

    def _by_id(self, account_id: str) -> AccountTarget:
        try:
            return account_by_id(account_id)
        except ValidationError as error:
            raise ValidationError(error.message, where=self.where(), hint=error.hint) from None

    def where(self) -> Where:
        return Where(self.source, self.name)

    def __repr__(self) -> str:
        return f"<Stack {self.address} account={self.account} region={self.region}>"
