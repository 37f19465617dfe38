"""A stack: the resources of one app in one account and region."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from landform.errors import ValidationError, Where
from landform.model.source import declaration_site

if TYPE_CHECKING:
    from landform.model.app import App
    from landform.model.resource import Resource

_LOGICAL_ID = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")


class Stack:
    """Resources deployed together into one AWS account and region."""

    def __init__(
        self,
        app: App,
        name: str,
        *,
        account: str | None,
        region: str | None,
        tags: Mapping[str, str] | None = None,
    ) -> None:
        self.app = app
        self.name = name
        self.account = account
        self.region = region
        self.tags = dict(tags or {})
        self.source = declaration_site()
        self.resources: dict[str, Resource] = {}

    @property
    def address(self) -> str:
        return f"{self.app.name}/{self.name}"

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

    def where(self) -> Where:
        return Where(self.source, self.name)

    def __repr__(self) -> str:
        return f"<Stack {self.address} account={self.account} region={self.region}>"
