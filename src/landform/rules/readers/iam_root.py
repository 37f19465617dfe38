"""Landform::IAM::Root: the root user's access keys and MFA (hardware or virtual)."""

from __future__ import annotations

from typing import Any

from landform.handlers.base import Api, Live
from landform.rules.readers.base import Reader

TYPE = "Landform::IAM::Root"


def read(api: Api) -> list[Live]:
    """get_account_summary; list_virtual_mfa_devices too where the root has MFA, to tell a
    virtual device from a hardware one."""
    summary = api.client("iam").get_account_summary()["SummaryMap"]
    mfa = bool(summary.get("AccountMFAEnabled"))
    assigned = (
        api.pages(
            "iam", "list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus="Assigned"
        )
        if mfa
        else []
    )
    props = {
        "AccessKeysPresent": bool(summary.get("AccountAccessKeysPresent")),
        "MfaActive": mfa,
        "HardwareMfa": mfa and not any(_roots(device) for device in assigned),
    }
    return [Live("root", props)]


def _roots(device: dict[str, Any]) -> bool:
    """Whether a virtual MFA device is the root user's."""
    return str(device.get("User", {}).get("Arn", "")).endswith(":root")


READER = Reader(TYPE, read, account_wide=True)
