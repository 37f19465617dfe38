"""Archive: a Glacier vault whose archives no one may delete."""

from __future__ import annotations

import re
from typing import Any

from landform.aws import glacier
from landform.constructs.retention import ConstructPolicy, declared_since, keep_together
from landform.model import Ref, Stack

JOB_EVENTS = ["ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"]
PARTITIONS = (("cn-", "aws-cn"), ("us-gov-", "aws-us-gov"))
"""Region prefixes of the partitions other than "aws"."""


class Archive:
    """An AWS::Glacier::Vault `<name>` whose access policy denies glacier:DeleteArchive to
    every principal, and that notifies `notifications_topic` (an SNS topic's ARN) when a
    retrieval job completes, if given.

    The policy names the vault by its ARN, so the vault is named here: `vault_name`, or
    else the stack's address and `name` (e.g. "shop-main-records"). The ARN has the stack's
    region and account, or "*" where the stack leaves them to the caller's defaults.
    Attributes: `vault`.

    `deletion_policy="Retain"` keeps everything it declares in AWS once it leaves the
    model, is destroyed or is replaced, so the data stays usable (landform.constructs.retention).
    """

    def __init__(
        self,
        stack: Stack,
        name: str,
        *,
        vault_name: str | None = None,
        notifications_topic: Ref | None = None,
        deletion_policy: ConstructPolicy | None = None,
    ) -> None:
        mark = declared_since(stack)
        vault = vault_name or re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{stack.address}/{name}")
        self.vault = glacier.Vault(
            stack,
            name,
            vault_name=vault,
            access_policy={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "DenyArchiveDeletion",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "glacier:DeleteArchive",
                        "Resource": _vault_arn(stack, vault),
                    }
                ],
            },
            notifications=_notifications(notifications_topic),
        )
        keep_together(stack, name, mark, deletion_policy)

    @property
    def name(self) -> Ref:
        """The vault's name (what Ref returns for it)."""
        return self.vault.id

    @property
    def arn(self) -> Ref:
        return self.vault.arn


def _vault_arn(stack: Stack, vault: str) -> str:
    region = stack.region or "*"
    partition = next((p for prefix, p in PARTITIONS if region.startswith(prefix)), "aws")
    return f"arn:{partition}:glacier:{region}:{stack.account or '*'}:vaults/{vault}"


def _notifications(topic: Ref | None) -> dict[str, Any] | None:
    return None if topic is None else {"SNSTopic": topic, "Events": list(JOB_EVENTS)}
