"""Readers of account-level settings for `audit`: each reads one pseudo type (a setting
of an account, or of an account in one region, that no CloudFormation type holds) as
records whose properties the account-level rules read."""

from __future__ import annotations

from landform.rules.readers import (
    ebs_defaults,
    iam_root,
    iam_user,
    password_policy,
    s3_public_access_block,
)
from landform.rules.readers.base import Reader

READERS: dict[str, Reader] = {
    reader.type_name: reader
    for reader in (
        iam_user.READER,
        iam_root.READER,
        password_policy.READER,
        ebs_defaults.READER,
        s3_public_access_block.READER,
    )
}
"""Every pseudo type's reader, by type name."""

__all__ = ["READERS", "Reader"]
