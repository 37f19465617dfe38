"""What the IAM handlers share: policy documents, fresh per-entity reads, and the
account's authorization details.

IAM is global: every region a stack uses lists the same entities. The detail reads go
through `Api.pages`, so the IAM types of one account and region share them (one paginated
get_account_authorization_details per kind of entity, 100 entities a page, each with its
inline policies and attached managed policies).
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from landform.handlers.base import Api


@dataclass(frozen=True)
class Member:
    """One kind of IAM entity a policy can be put on or attached to."""

    prop: str
    """The CloudFormation property listing entities of this kind (Roles)."""
    kind: str
    """The kind as IAM's API names it (Role): get_account_authorization_details' filter,
    and the `put_role_policy` family of calls."""

    @property
    def details(self) -> str:
        return f"{self.kind}DetailList"

    @property
    def inline(self) -> str:
        return f"{self.kind}PolicyList"

    @property
    def name_key(self) -> str:
        return f"{self.kind}Name"

    def call(self, iam: Any, verb: str, entity: str, **params: Any) -> Any:
        """`iam.<verb>_<kind>_policy(<Kind>Name=entity, ...)`, e.g. put_role_policy."""
        method = getattr(iam, f"{verb}_{self.kind.lower()}_policy")
        return method(**{self.name_key: entity}, **params)


ROLES = Member("Roles", "Role")
USERS = Member("Users", "User")
MEMBERS = (ROLES, USERS, Member("Groups", "Group"))


def entities(api: Api, member: Member) -> list[dict[str, Any]]:
    """Every entity of one kind in the account, with its policies (shared per Api)."""
    return api.pages(
        "iam", "get_account_authorization_details", member.details, Filter=[member.kind]
    )


def local_policies(api: Api) -> list[dict[str, Any]]:
    """Every customer managed policy of the account, with all its versions."""
    return api.pages(
        "iam", "get_account_authorization_details", "Policies", Filter=["LocalManagedPolicy"]
    )


def document(value: Any) -> Any:
    """A policy document as a dict (the raw API returns it URL-encoded JSON)."""
    return json.loads(urllib.parse.unquote(value)) if isinstance(value, str) else value


def policy_json(value: Any) -> str:
    """A declared policy document as the JSON text IAM takes."""
    return value if isinstance(value, str) else json.dumps(value)


def canonical(value: Any) -> str:
    """One text per document, whatever its key order or encoding."""
    return json.dumps(document(value), sort_keys=True)


def every(iam: Any, operation: str, key: str, **params: Any) -> list[Any]:
    """Every item of a paginated IAM list, read afresh (not shared through Api)."""
    pages = iam.get_paginator(operation).paginate(**params)
    return [item for page in pages for item in page[key]]


def no_members() -> dict[str, list[str]]:
    """Empty lists of entities, of every kind (fresh lists, to be filled)."""
    return {m.prop: [] for m in MEMBERS}


def members_of(props: Mapping[str, Any]) -> dict[str, list[str]]:
    """Declared entities by property (Roles, Users, Groups), in a stable order."""
    return {m.prop: sorted({str(name) for name in props.get(m.prop) or ()}) for m in MEMBERS}
