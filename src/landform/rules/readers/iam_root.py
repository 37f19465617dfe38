"""Landform::IAM::Root: the root user's credentials (password, access keys, signing
certificates) and MFA (hardware or virtual).

Whether the root may sign in with a password is the credential report's alone (the
account summary does not say): a member account an organization created, or one whose
root credentials the organization deleted through centralized root access, reports
FALSE. ListOrganizationsFeatures, which says whether the organization manages root
credentials centrally, is not read: only the management account or IAM's delegated
administrator may call it, and an enabled feature removes no credential by itself (an
older member keeps its root's until they are deleted, and recovery restores a password).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.base import Api, Live
from landform.rules.readers.base import Reader
from landform.rules.readers.iam_user import ROOT, credential_report

TYPE = "Landform::IAM::Root"


def read(api: Api) -> list[Live]:
    """get_account_summary and the credential report (shared with the users' reader);
    list_virtual_mfa_devices too where the root has MFA, to tell a virtual device from a
    hardware one."""
    iam = api.client("iam")
    summary = iam.get_account_summary()["SummaryMap"]
    mfa = bool(summary.get("AccountMFAEnabled"))
    assigned = (
        api.pages(
            "iam", "list_virtual_mfa_devices", "VirtualMFADevices", AssignmentStatus="Assigned"
        )
        if mfa
        else []
    )
    rows = credential_report(api)
    props = {
        "PasswordEnabled": _password(next((row for row in rows if row["user"] == ROOT), {})),
        "AccessKeysPresent": bool(summary.get("AccountAccessKeysPresent")),
        "SigningCertificatesPresent": bool(summary.get("AccountSigningCertificatesPresent")),
        "MfaActive": mfa,
        "HardwareMfa": mfa and not any(_roots(device) for device in assigned),
    }
    return [Live("root", props)]


def _password(row: Mapping[str, str]) -> bool:
    """Whether the report's root row leaves the root a password: only "false" says it
    has none; older reports said "not_supported" of every root, which tells nothing."""
    return row.get("password_enabled") != "false"


def _roots(device: dict[str, Any]) -> bool:
    """Whether a virtual MFA device is the root user's."""
    return str(device.get("User", {}).get("Arn", "")).endswith(":root")


READER = Reader(TYPE, read, account_wide=True)
