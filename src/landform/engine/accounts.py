"""Accounts that exist only once an AWS::Organizations::Account in the same run is made.

A stack deployed into `org.account(name)` names its account by the Account resource's
address; the plan resolves it to the account id when the account exists (in state, or
found in the organization by its tag or email), and apply resolves the rest as soon as
their account is created.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from landform.engine.desired import UNKNOWN, Desired, pending_account, resolve
from landform.engine.refresh import Group, LiveIndex, is_declared_as
from landform.handlers.registry import handler_for
from landform.model.accounts import DEFAULT_ROLE
from landform.state.base import ResourceState

_PENDING = re.compile(r"\(account of (.+)\)")


def account_address(account: str) -> str | None:
    """The Account resource's address, if `account` is not known yet (else None)."""
    found = _PENDING.fullmatch(account)
    return found.group(1) if found else None


def role_of(account_properties: Mapping[str, object] | None) -> str:
    """The role Landform assumes in an account made by a resource with these properties."""
    role = (account_properties or {}).get("RoleName")
    return role if isinstance(role, str) else DEFAULT_ROLE


def _makers(desired: Mapping[str, Desired]) -> set[str]:
    """The addresses of the Account resources that other resources live in."""
    return {a for a in (account_address(d.account) for d in desired.values()) if a is not None}


def account_groups(desired: Mapping[str, Desired]) -> set[Group]:
    """The groups to list first: those of the Account resources other resources live in."""
    return {(desired[a].type_name, desired[a].account, desired[a].region) for a in _makers(desired)}


def known_accounts(
    desired: Mapping[str, Desired],
    records: Mapping[str, ResourceState],
    index: LiveIndex,
) -> dict[str, str]:
    """Pending account -> account id, for each account that exists already: the one
    state records, or the one the organization holds with its tag or natural key (email)."""
    found = {}
    for address in _makers(desired):
        d = desired[address]
        group = (d.type_name, d.account, d.region)
        record = records.get(address)
        if record is not None and index.get(group, record.physical_id) is not None:
            found[pending_account(address)] = record.physical_id
            continue
        handler = handler_for(d.type_name)
        key = handler.natural_key(resolve(d.properties, lambda a, attribute: UNKNOWN))
        for live in index.in_group(group):
            if is_declared_as(handler, live, address, key):
                found[pending_account(address)] = live.physical_id
                break
    return found
