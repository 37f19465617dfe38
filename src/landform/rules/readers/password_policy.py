"""Landform::IAM::PasswordPolicy: the account's password policy, as its handler lists it
(`{"Present": False}` where the Api lists everything and the account has none)."""

from __future__ import annotations

from landform.handlers.iam.password_policy import PasswordPolicy
from landform.rules.readers.base import Reader

READER = Reader(
    PasswordPolicy.TYPE, lambda api: list(PasswordPolicy().list(api)), account_wide=True
)
