"""LF-ORG-001: an attached service control policy restricts the regions accounts use."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.org.common import ORGANIZATION, Statement, missing_scp
from landform.rules.values import get


@rule(
    id="LF-ORG-001",
    title="No service control policy restricts regions",
    severity=Severity.MEDIUM,
    types=(ORGANIZATION,),
    remediation="Attach an SCP that denies requests outside the regions you use, global "
    "services spared, to the organization's root (landform.org.scp.deny_regions_except).",
    references=References(prowler="organizations_scp_check_deny_regions"),
)
def check(subject: Subject) -> str | None:
    return missing_scp(subject, "denying other regions", _restricts_regions)


def _restricts_regions(statement: Statement) -> bool:
    """Whether a deny tests aws:RequestedRegion (condition keys ignore case)."""
    condition = get(statement, "Condition") or {}
    return any(
        key.lower() == "aws:requestedregion" for tests in condition.values() for key in tests
    )
