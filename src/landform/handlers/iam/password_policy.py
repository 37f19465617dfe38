"""Landform::IAM::PasswordPolicy: the password policy of an account's IAM users (iam
get/update/delete_account_password_policy).

The resource exists while the account has a policy (see `AccountSetting`). Create and
update set the whole policy: update_account_password_policy gives every setting left out
AWS's default, as a property removed from the declaration asks. Delete deletes the
policy. Where the Api lists everything (audit), an account without one reads as
`{"Present": False}`, which LF-IAM-012 reports.
"""

from __future__ import annotations

from landform.handlers.account_settings import AccountSetting, setting
from landform.handlers.base import Api, Live, Props, ignoring, present
from landform.handlers.registry import register

SETTINGS = (
    "MinimumPasswordLength",
    "RequireSymbols",
    "RequireNumbers",
    "RequireUppercaseCharacters",
    "RequireLowercaseCharacters",
    "AllowUsersToChangePassword",
    "MaxPasswordAge",
    "PasswordReusePrevention",
    "HardExpiry",
)
"""The policy's settings, named alike by get_account_password_policy, the update call
and the type."""


@register
class PasswordPolicy(AccountSetting):
    """The account's password policy (IAM is global: one per account, whichever region
    declares it)."""

    TYPE = "Landform::IAM::PasswordPolicy"

    def read(self, api: Api) -> Live | None:
        with ignoring("NoSuchEntity"):
            policy = api.client("iam").get_account_password_policy()["PasswordPolicy"]
            expires = bool(policy.get("ExpirePasswords"))
            return setting(api, present(policy, SETTINGS), ExpirePasswords=expires)
        return None

    def unset(self, api: Api) -> Live:
        return setting(api, {"Present": False})

    def create(self, api: Api, props: Props, token: str) -> Live:
        return self.update(api, setting(api, {}), props)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        api.client("iam").update_account_password_policy(**desired)
        attributes = {**current.attributes, "ExpirePasswords": bool(desired.get("MaxPasswordAge"))}
        return Live(current.physical_id, desired, attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("NoSuchEntity"):
            api.client("iam").delete_account_password_policy()
