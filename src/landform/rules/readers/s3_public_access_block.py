"""Landform::S3::AccountPublicAccessBlock: the account's S3 public access block."""

from __future__ import annotations

from landform.handlers.base import Api, Live, ignoring
from landform.rules.readers.base import Reader, account_of

TYPE = "Landform::S3::AccountPublicAccessBlock"
SETTINGS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def read(api: Api) -> list[Live]:
    """s3control get_public_access_block for the account; every setting False where
    none is set (NoSuchPublicAccessBlockConfiguration)."""
    found: dict[str, bool] = {}
    with ignoring("NoSuchPublicAccessBlockConfiguration"):
        answer = api.client("s3control").get_public_access_block(AccountId=account_of(api))
        found = answer["PublicAccessBlockConfiguration"]
    props = {name: bool(found.get(name, False)) for name in SETTINGS}
    return [Live("s3-account-public-access-block", props)]


READER = Reader(TYPE, read, account_wide=True)
