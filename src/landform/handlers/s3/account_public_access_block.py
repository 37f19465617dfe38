"""Landform::S3::AccountPublicAccessBlock: the S3 Block Public Access settings of an
account, over every bucket's own (s3control get/put/delete_public_access_block).

The resource exists while the account has a configuration (see `AccountSetting`). A
setting not declared is off. Delete deletes the configuration, which leaves all four
off, AWS's default; so the account reads where the Api lists everything (audit).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.account_settings import AccountSetting, account_id, setting
from landform.handlers.base import Api, Live, Props, ignoring
from landform.handlers.registry import register
from landform.model.schema import schema_for

NONE_SET = "NoSuchPublicAccessBlockConfiguration"


@register
class AccountPublicAccessBlock(AccountSetting):
    """The account's S3 public access block (one per account, whichever region
    declares it)."""

    TYPE = "Landform::S3::AccountPublicAccessBlock"
    SETTINGS = schema_for(TYPE).settable
    """The four settings: every property but AccountId."""

    def read(self, api: Api) -> Live | None:
        with ignoring(NONE_SET):
            control = api.client("s3control")
            found = control.get_public_access_block(AccountId=account_id(api))
            return setting(api, _flags(found["PublicAccessBlockConfiguration"]))
        return None

    def unset(self, api: Api) -> Live:
        return setting(api, _flags({}))

    def create(self, api: Api, props: Props, token: str) -> Live:
        return self.update(api, self.unset(api), props)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        api.client("s3control").put_public_access_block(
            AccountId=current.physical_id, PublicAccessBlockConfiguration=_flags(desired)
        )
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring(NONE_SET):
            api.client("s3control").delete_public_access_block(AccountId=current.physical_id)


def _flags(block: Mapping[str, Any]) -> dict[str, bool]:
    """All four settings, each off where `block` does not turn it on."""
    return {name: bool(block.get(name, False)) for name in AccountPublicAccessBlock.SETTINGS}
