"""LF-ORG-002: an attached service control policy keeps accounts from leaving the
organization."""

from __future__ import annotations

from fnmatch import fnmatchcase

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.documents import any_of
from landform.rules.org.common import ORGANIZATION, Statement, missing_scp
from landform.rules.values import get, listed

LEAVE = "organizations:leaveorganization"


@rule(
    id="LF-ORG-002",
    title="No service control policy denies leaving the organization",
    severity=Severity.MEDIUM,
    types=(ORGANIZATION,),
    remediation="Attach an SCP denying organizations:LeaveOrganization to the "
    "organization's root (landform.org.scp.deny_leave_organization).",
    references=References(prowler="organizations_account_part_of_organizations"),
)
def check(subject: Subject) -> str | None:
    return missing_scp(subject, "denying organizations:LeaveOrganization", _denies_leaving)


def _denies_leaving(statement: Statement) -> bool:
    actions = listed(get(statement, "Action"))
    return _binds_every_account(statement) and any_of(
        actions, lambda action: fnmatchcase(LEAVE, str(action).lower())
    )


def _binds_every_account(statement: Statement) -> bool:
    """Whether a deny applies in every account: it has no condition, or one that only
    spares principals named by ARN (a break-glass role)."""
    condition = get(statement, "Condition") or {}
    return all(
        "Not" in operator and all(key.lower() == "aws:principalarn" for key in tests)
        for operator, tests in condition.items()
    )
