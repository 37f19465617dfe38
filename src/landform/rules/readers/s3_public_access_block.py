"""Landform::S3::AccountPublicAccessBlock: the account's S3 public access block, as its
handler lists it (every setting off where the Api lists everything and none is set)."""

from __future__ import annotations

from landform.handlers.s3.account_public_access_block import AccountPublicAccessBlock
from landform.rules.readers.base import Reader

READER = Reader(
    AccountPublicAccessBlock.TYPE,
    lambda api: list(AccountPublicAccessBlock().list(api)),
    account_wide=True,
)
