"""AWS::Organizations::Account"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    companion_tags,
    ignoring,
    present,
    read_each,
    tag_list,
)
from landform.handlers.organizations.common import (
    NOT_IN_USE,
    SERVICE,
    every,
    path_of,
    refuse,
    root_of,
    sync_tags,
    tags_of,
)
from landform.handlers.registry import register
from landform.model.accounts import DEFAULT_ROLE

_PROPS = ("AccountName", "Email", "ParentIds", "RoleName", "Tags")
_CLOSED = frozenset({"SUSPENDED", "PENDING_CLOSURE", "CLOSED"})
"""Status and State values of an account that is closed or closing."""
_HINTS = {
    "EMAIL_ALREADY_EXISTS": "another AWS account has this email: declare an unused Email",
    "ACCOUNT_LIMIT_EXCEEDED": "the organization has all the accounts its quota allows: "
    "ask AWS Support for more",
}
"""What to do about a failed account creation, by its FailureReason."""


@register
class Account(Handler):
    """A member account of the organization, created by Organizations; its physical id
    is the account id. Deleting it closes the AWS account (`CLOSES_ACCOUNT`).

    An account is never replaced, since that would make a new AWS account: AccountName
    and Email (changed in the account's own settings) and RoleName (the role AWS makes
    only with the account) are refused in place. ParentIds (one root or OU) moves the
    account; undeclared, the account stays where it is.

    `list` costs one paginated list_accounts, then list_parents and
    list_tags_for_resource per member account (by READERS threads), and list_parents
    once per OU above them (for Paths, shared per Api). It returns every active member
    account, owned or not (the management account and closed ones left out):
    `natural_key` adopts the account of the declared Email, so that no second account
    is asked for after a run that crashed.

    The role AWS makes in an account it creates (RoleName) carries the account's tags
    less the ownership tag (`companion_tags`), so the tag policy holds on it and it
    never looks owned by Landform: tagged once the account is made, and again when the
    account's tags change (an account that joined by invitation has no such role). That
    costs tag_role, and untag_role for removed keys, in the account through
    `Api.in_account` (an sts:AssumeRole, once per run). The role's tags are not compared
    for drift: one changed outside Landform stays until the account's tags next change.
    """

    TYPE = "AWS::Organizations::Account"
    CLOSES_ACCOUNT = True

    def list(self, api: Api) -> Iterable[Live]:
        with ignoring(NOT_IN_USE):
            accounts = api.pages(SERVICE, "list_accounts", "Accounts")
            members = [a for a in accounts if not _management(a) and not _closed(a)]
            return read_each(lambda account: _read(api, account), members)
        return []

    def create(self, api: Api, props: Props, token: str) -> Live:
        client = api.client(SERVICE)
        parent = _parent(props)
        request = client.create_account(
            AccountName=props["AccountName"],
            Email=props["Email"],
            RoleName=props.get("RoleName", DEFAULT_ROLE),
            Tags=tag_list(props.get("Tags")),
        )["CreateAccountStatus"]
        account_id = _created(api, request["Id"], props["AccountName"])
        root = root_of(api)["Id"]
        if parent not in (None, root):
            client.move_account(
                AccountId=account_id, SourceParentId=root, DestinationParentId=parent
            )
        account = client.describe_account(AccountId=account_id)["Account"]
        _tag_access_role(api, account_id, props, None)
        return Live(account_id, present(props, _PROPS), _attributes(api, account, parent or root))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        account_id = current.physical_id
        what = f"account {account_id} ({current.properties.get('AccountName')})"
        refuse(
            what,
            current,
            desired,
            ("AccountName", "Email"),
            hint="rename it (or change its email) in the account's settings, then declare the "
            "new value; Landform never replaces an AWS account",
        )
        refuse(
            what,
            current,
            desired,
            ("RoleName",),
            hint="AWS makes that role only when it creates the account: declare the old value "
            "again (make any other role in the account yourself)",
        )
        attributes = current.attributes
        parent = _parent(desired)
        if parent is not None:
            source = every(api, "list_parents", "Parents", ChildId=account_id)[0]["Id"]
            if source != parent:
                api.client(SERVICE).move_account(
                    AccountId=account_id, SourceParentId=source, DestinationParentId=parent
                )
            attributes = {**attributes, "Paths": [f"{path_of(api, parent)}{account_id}/"]}
        sync_tags(api, account_id, current, desired)
        if current.attributes.get("JoinedMethod") == "CREATED":
            _tag_access_role(api, account_id, desired, current.properties.get("Tags"))
        return Live(account_id, present(desired, _PROPS), attributes)

    def delete(self, api: Api, current: Live) -> None:
        """Close the account: AWS suspends it, and removes it from the organization 90
        days later. A closed or unknown account is gone already."""
        with ignoring("AccountAlreadyClosedException", "AccountNotFoundException", NOT_IN_USE):
            api.client(SERVICE).close_account(AccountId=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        email = props.get("Email")
        return None if email is None else (email,)


def _management(account: Mapping[str, Any]) -> bool:
    """Whether it is the management account (its ARN is in its own account)."""
    return bool(account["Arn"].split(":")[4] == account["Id"])


def _closed(account: Mapping[str, Any]) -> bool:
    return bool({account.get("Status"), account.get("State")} & _CLOSED)


def _parent(props: Mapping[str, Any]) -> str | None:
    """The declared parent (a root or OU id), if any: an account has one."""
    parents = list(props.get("ParentIds") or ())
    if len(parents) > 1:
        raise LandformError(
            f"account {props.get('AccountName')} declares {len(parents)} ParentIds",
            hint="an account is in one root or OU: declare one id",
        )
    return str(parents[0]) if parents else None


def _created(api: Api, request_id: str, name: str) -> str:
    """The id of the account made by create-account request `request_id`, once made."""
    client = api.client(SERVICE)
    waited: LandformError | None = None
    try:
        api.wait(SERVICE, "account_created", CreateAccountRequestId=request_id)
    except LandformError as error:
        waited = error
    status = client.describe_create_account_status(CreateAccountRequestId=request_id)
    status = status["CreateAccountStatus"]
    if status["State"] == "FAILED":
        reason = status.get("FailureReason", "an unknown reason")
        raise LandformError(
            f"AWS Organizations could not create account {name}: {reason}",
            hint=_HINTS.get(reason, "see FailureReason in the CreateAccountStatus documentation"),
        ) from waited
    if waited is not None:
        raise waited
    return str(status["AccountId"])


def _tag_access_role(api: Api, account_id: str, props: Props, had: Any) -> None:
    """Give the role AWS made in the account, assumed to tag itself, the account's tags
    (`props`' Tags, where they were `had`) without the ownership tag."""
    change = companion_tags(had, props.get("Tags"))
    if change is None:
        return
    stale, tags = change
    role = props.get("RoleName", DEFAULT_ROLE)
    iam = api.in_account(account_id, role).client("iam")
    if stale:
        iam.untag_role(RoleName=role, TagKeys=stale)
    if tags:
        iam.tag_role(RoleName=role, Tags=tag_list(tags))


def _read(api: Api, account: dict[str, Any]) -> Live:
    account_id = account["Id"]
    parent = every(api, "list_parents", "Parents", ChildId=account_id)[0]["Id"]
    props = {
        "AccountName": account["Name"],
        "Email": account["Email"],
        "ParentIds": [parent],
        "Tags": tags_of(api, account_id),
    }
    return Live(account_id, props, _attributes(api, account, parent))


def _attributes(api: Api, account: Mapping[str, Any], parent: str) -> dict[str, Any]:
    return {
        "AccountId": account["Id"],
        "Arn": account["Arn"],
        "JoinedMethod": account["JoinedMethod"],
        "JoinedTimestamp": account["JoinedTimestamp"].isoformat(),
        "Paths": [f"{path_of(api, parent)}{account['Id']}/"],
        **present(account, ("Status", "State")),
    }
