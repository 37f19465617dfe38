"""LF-S3-001: the account blocks public access to S3 (audit only: the account-level
setting is read as the pseudo type Landform::S3::AccountPublicAccessBlock)."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.s3.block_public_access import settings_off


@rule(
    id="LF-S3-001",
    title="Account does not block S3 public access",
    severity=Severity.MEDIUM,
    types=("Landform::S3::AccountPublicAccessBlock",),
    remediation="Turn on all four settings of the account's S3 Block Public Access "
    "(aws s3control put-public-access-block --account-id ACCOUNT "
    "--public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,"
    "BlockPublicPolicy=true,RestrictPublicBuckets=true).",
    references=References(
        cis="2.1.4", fsbp="S3.1", prowler="s3_account_level_public_access_blocks"
    ),
)
def check(subject: Subject) -> str | None:
    off = settings_off(subject.properties)
    return None if off is None else f"the account's S3 Block Public Access has {off} off"
