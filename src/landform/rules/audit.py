"""Audit: read live accounts and regions (every resource, not only Landform's) and run
the rules on what is read."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from landform.engine.context import Context
from landform.engine.events import Event
from landform.handlers.base import Api, Live, ignoring
from landform.handlers.organizations.common import NOT_IN_USE
from landform.handlers.registry import all_handlers, handler_for
from landform.rules.base import Settings, Subject
from landform.rules.model import with_neighbours
from landform.rules.readers import READERS
from landform.rules.runner import Report, evaluate

ACCOUNT_WIDE = ("AWS::IAM::", "AWS::Organizations::")
"""Handler types whose resources are an account's, not a region's: read once per account."""
ORGANIZATION = "AWS::Organizations::"
"""Types read in the organization's management account only (members cannot list them)."""

IN_OTHERS = frozenset({"AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"})
"""Types an audit does not read: live, each of their resources is also in another's
properties (a group's rules are its SecurityGroupIngress and SecurityGroupEgress), where
the same rules judge it, so reading both would report it twice."""

Group = tuple[str, str, str]
"""(account, region, type name)"""


def live_subjects(
    context: Context,
    account: str | None,
    region: str,
    types: Iterable[str],
    settings: Settings | None = None,
) -> list[Subject]:
    """Every live resource of `types` (handler or pseudo types) in `account` (None: the
    caller's) and `region`."""
    account = account or context.sessions.caller_account()
    api = Api(context.sessions.client, account, region, everything=True)
    chosen = settings or Settings()
    subjects = [
        _subject(type_name, live, account, region, chosen)
        for type_name in sorted(set(types))
        for live in read_live(api, type_name)
    ]
    return with_neighbours(subjects)


def read_live(api: Api, type_name: str) -> list[Live]:
    """Every resource of one type (its handler's list) or pseudo type (its reader) where
    the Api lists everything."""
    reader = READERS.get(type_name)
    return reader.read(api) if reader else list(handler_for(type_name).list(api))


def audit_accounts(
    context: Context,
    accounts: list[str],
    regions: list[str],
    settings: Settings | None = None,
) -> Report:
    """The findings of every rule in each account and region asked for.

    Accounts default to every active account of the organization when the caller is its
    management account (members through the sessions' assumed role), else the caller's
    own; regions to the sessions' default region. Every (account, region, type) is read
    concurrently, at most `context.concurrency` at once; account-wide types once per
    account, in the first region. What cannot be read is recorded in the report's errors,
    and the rest is audited.
    """
    caller = context.sessions.caller_account()
    home = context.sessions.default_region()
    management = _management(context, home)
    accounts = accounts or _organization_accounts(context, caller, management, home)
    regions = regions or [home]
    with ThreadPoolExecutor(max_workers=max(1, context.concurrency)) as pool:
        problems = list(pool.map(lambda a: _unreachable(context, a, caller, home), accounts))
        errors = [problem for problem in problems if problem is not None]
        reachable = [a for a, problem in zip(accounts, problems, strict=True) if problem is None]
        groups = _groups(reachable, regions, management)
        apis = {
            (account, region): Api(context.sessions.client, account, region, everything=True)
            for account, region, _ in groups
        }

        def read(group: Group) -> tuple[Group, list[Live], str | None]:
            account, region, type_name = group
            context.report(Event("refresh", message=f"{type_name} in {account}/{region}"))
            try:
                return group, read_live(apis[(account, region)], type_name), None
            except Exception as error:
                return group, [], f"{type_name} in {account}/{region}: {error}"

        results = list(pool.map(read, groups))
    chosen = settings or Settings()
    subjects = [
        _subject(type_name, live, account, region, chosen)
        for (account, region, type_name), found, _ in results
        for live in found
    ]
    errors += [error for _, _, error in results if error is not None]
    context.report(
        Event(
            "refreshed",
            message=f"{len(subjects)} resources in {len(reachable)} account(s), "
            f"{len(regions)} region(s)",
        )
    )
    report = evaluate(with_neighbours(subjects))
    report.errors = errors
    return report


def _subject(type_name: str, live: Live, account: str, region: str, settings: Settings) -> Subject:
    return Subject(
        type_name=type_name,
        name=live.physical_id,
        properties={**live.attributes, **live.properties},
        account=account,
        region=region,
        settings=settings,
    )


def _groups(accounts: list[str], regions: list[str], management: str | None) -> list[Group]:
    """What to read: every type (but IN_OTHERS) in every account and region, account-wide
    types in the first region only, Organizations types in the management account only."""
    types = sorted({*all_handlers(), *READERS} - IN_OTHERS)
    return [
        (account, region, type_name)
        for account in accounts
        for n, region in enumerate(regions)
        for type_name in types
        if (n == 0 or not _account_wide(type_name))
        and (account == management or not type_name.startswith(ORGANIZATION))
    ]


def _account_wide(type_name: str) -> bool:
    reader = READERS.get(type_name)
    return reader.account_wide if reader else type_name.startswith(ACCOUNT_WIDE)


def _management(context: Context, region: str) -> str | None:
    """The management account of the caller's organization (None: in none, or one it
    may not describe)."""
    with ignoring(NOT_IN_USE, "AccessDeniedException"):
        organizations = context.sessions.client("organizations", None, region)
        return str(organizations.describe_organization()["Organization"]["MasterAccountId"])
    return None


def _organization_accounts(
    context: Context, caller: str, management: str | None, region: str
) -> list[str]:
    """Every active account of the organization if the caller manages it, else the
    caller's own."""
    if caller != management:
        return [caller]
    organizations = context.sessions.client("organizations", None, region)
    pages = organizations.get_paginator("list_accounts").paginate()
    found = [account for page in pages for account in page["Accounts"]]
    return sorted(str(a["Id"]) for a in found if _active(a))


def _active(account: dict[str, Any]) -> bool:
    return "ACTIVE" in (account.get("State"), account.get("Status"))


def _unreachable(context: Context, account: str, caller: str, region: str) -> str | None:
    """Why `account` cannot be read (its role cannot be assumed); None where it can."""
    if account == caller:
        return None
    try:
        context.sessions.client("sts", account, region).get_caller_identity()
    except Exception as error:
        return f"account {account}: {error}"
    return None
