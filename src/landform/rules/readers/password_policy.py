"""Landform::IAM::PasswordPolicy: the account's password policy, if it has one."""

from __future__ import annotations

from landform.handlers.base import Api, Live, ignoring
from landform.rules.readers.base import Reader

TYPE = "Landform::IAM::PasswordPolicy"
NAME = "password-policy"


def read(api: Api) -> list[Live]:
    """get_account_password_policy's fields and Present; Present False where the account
    has none (NoSuchEntity)."""
    with ignoring("NoSuchEntity"):
        policy = api.client("iam").get_account_password_policy()["PasswordPolicy"]
        return [Live(NAME, {"Present": True, **policy})]
    return [Live(NAME, {"Present": False})]


READER = Reader(TYPE, read, account_wide=True)
