"""What Landform's account-setting types share: one setting of an account (its IAM
password policy, its S3 public access block) or of an account in one region (EBS
encryption by default, no default VPC), for which CloudFormation has no type.

Each is a singleton without tags: its physical id is the account id (as for AWS's own
per-account types, AWS::EC2::VPCBlockPublicAccessOptions), its natural key the type, so a
declaration adopts the setting it finds. `list` yields the setting while it is set, whoever
set it, so one removed outside Landform plans as a create (and drift reports it deleted);
where the Api lists everything (audit), it yields it unset too, as AWS has it then, so the
account-level rules judge every account and region.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props


class AccountSetting(Handler):
    """A setting of an account, or of an account in one region: `read` it where it is
    set, `unset` as AWS has it where it is not."""

    def read(self, api: Api) -> Live | None:
        """The setting where it is set (away from AWS's default), else None."""
        raise NotImplementedError

    def unset(self, api: Api) -> Live | None:
        """The setting as AWS has it where none is set, for audit to judge (None: nothing
        to judge)."""
        return None

    def list(self, api: Api) -> Iterable[Live]:
        found = self.read(api) or (self.unset(api) if api.everything else None)
        return [] if found is None else [found]

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        """One per account (and region): nothing else tells two apart."""
        return (self.TYPE,)


def account_id(api: Api) -> str:
    """The Api's account id (asked of STS where the Api names none: the caller's)."""
    if api.account:
        return api.account
    return str(api.client("sts").get_caller_identity()["Account"])


def setting(api: Api, props: Props, **attributes: Any) -> Live:
    """The setting of the Api's account: its id the physical id and the AccountId."""
    account = account_id(api)
    return Live(account, props, {"AccountId": account, **attributes})
