"""Landform::IAM::User: every IAM user's credentials and directly held policies.

Credentials come from the IAM credential report (one CSV for the account);
policies from get_account_authorization_details, the same call the IAM handlers list
inline and managed policies with (shared through the Api).
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import Api, Live, Props, error_code
from landform.handlers.iam.common import USERS, document, entities
from landform.rules.readers.base import Reader

TYPE = "Landform::IAM::User"
ROOT = "<root_account>"
"""The report's row for the account's root user (Landform::IAM::Root covers it)."""
REPORT_DELAYS = (2.0, 4.0, 8.0, 15.0, 30.0)
"""Seconds between attempts while IAM generates the report (it takes seconds)."""
NOT_READY = frozenset({"ReportInProgress", "ReportNotPresent", "ReportExpired"})


def read(api: Api) -> list[Live]:
    """Every user of the account, from the credential report and the user details."""
    rows = credential_report(api)
    details = {user["UserName"]: user for user in entities(api, USERS)}
    return [_user(row, details.get(row["user"], {})) for row in rows if row["user"] != ROOT]


def credential_report(api: Api) -> list[dict[str, str]]:
    """The rows of the account's credential report, read once per Api (the users' and
    the root's readers share it)."""
    return api.once(("iam", "credential report"), lambda: _report(api.client("iam")))


def _report(iam: Any, delays: tuple[float, ...] = REPORT_DELAYS) -> list[dict[str, str]]:
    """generate_credential_report has IAM make the report (unless it holds one under four
    hours old), get_credential_report reads it, asked again after each of `delays` while
    IAM is still making it."""
    for delay in delays:
        rows = _rows(iam)
        if rows is not None:
            return rows
        time.sleep(delay)
    rows = _rows(iam)
    if rows is None:
        raise LandformError(
            "IAM did not make the account's credential report in time",
            hint="run the audit again in a minute",
        )
    return rows


def _rows(iam: Any) -> list[dict[str, str]] | None:
    """The report's rows; None while IAM is making it."""
    iam.generate_credential_report()
    try:
        content = iam.get_credential_report()["Content"]
    except Exception as error:
        if error_code(error) in NOT_READY:
            return None
        raise
    text = content.decode() if isinstance(content, bytes) else str(content)
    return list(csv.DictReader(io.StringIO(text)))


def _user(row: Mapping[str, str], detail: Mapping[str, Any]) -> Live:
    props: Props = {
        "UserName": row["user"],
        "Arn": row["arn"],
        "PasswordEnabled": row["password_enabled"] == "true",
        "PasswordLastUsed": _when(row["password_last_used"]),
        "MfaActive": row["mfa_active"] == "true",
        "AccessKeys": [key for key in (_key(row, 1), _key(row, 2)) if key is not None],
        "AttachedPolicies": [p["PolicyArn"] for p in detail.get("AttachedManagedPolicies", ())],
        "InlinePolicies": [document(p["PolicyDocument"]) for p in detail.get("UserPolicyList", ())],
    }
    return Live(row["user"], props)


def _key(row: Mapping[str, str], n: int) -> Props | None:
    """Access key `n` (1 or 2) of the row; None where the user has no such key."""
    rotated = _when(row[f"access_key_{n}_last_rotated"])
    if rotated is None:
        return None
    return {
        "Active": row[f"access_key_{n}_active"] == "true",
        "LastRotated": rotated,
        "LastUsed": _when(row[f"access_key_{n}_last_used_date"]),
    }


def _when(text: str) -> str | None:
    """An ISO-8601 time of the report; None for its N/A, no_information, not_supported."""
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return None


READER = Reader(TYPE, read, account_wide=True)
