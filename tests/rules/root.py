"""An emulated account's root user, as a person leaves it.

Only a person signed in as root enables its MFA or creates and deletes its access keys
(in the console: no API does), and a member's root credentials are deleted by its
organization through centralized root access (sts:AssumeRoot, which the emulator lacks).
Tests stand in for them by writing the emulator's IAM data, where its account summary
and credential report read the root user (the emulator runs in this process).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, Literal

from moto.core.utils import utcnow
from moto.iam.models import iam_backends

from landform.cloud.corrections.services import ROOT_PASSWORD

Mfa = Literal["hardware", "virtual"]
ROOT = "root"
"""The name the audit gives an account's root user (it reads one per account)."""
ROOT_DEVICE = "root-account-mfa-device"
"""The name the console gives the root user's virtual MFA device."""


def iam_data(account: str) -> Any:
    """The emulator's IAM data of `account`."""
    return iam_backends[account]["global"]


def set_root(
    account: str,
    *,
    password: bool = True,
    mfa: Mfa | None = None,
    access_key: bool = False,
    certificate: bool = False,
) -> str:
    """Leave `account`'s root user with just these credentials and this MFA device, and
    return the name its live read has. `password=False` alone leaves it as AWS makes an
    organization's new account, or as centralized root access leaves a member whose root
    credentials it deleted: no password, access key, signing certificate or MFA."""
    iam = iam_data(account)
    setattr(iam, ROOT_PASSWORD, password)
    summary = iam.account_summary
    summary._account_mfa_enabled = int(mfa is not None)
    summary._account_access_keys_present = int(access_key)
    summary._account_signing_certificates_present = int(certificate)
    for serial, device in list(iam.virtual_mfa_devices.items()):
        if device.user is not None and device.user.arn.endswith(":root"):
            del iam.virtual_mfa_devices[serial]
    if mfa == "virtual":
        device = iam.create_virtual_mfa_device(ROOT_DEVICE, "/")
        device.enable_date = utcnow()
        device.user = SimpleNamespace(
            path="/",
            name="",
            id=account,
            arn=f"arn:aws:iam::{account}:root",
            create_date=device.enable_date,
        )
    return ROOT
