"""LF-ORG-003: an organization trail records every account's activity, and is logging."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.org.common import ORGANIZATION, TRAIL, shortfall
from landform.rules.values import get, is_true


@rule(
    id="LF-ORG-003",
    title="No logging organization CloudTrail trail",
    severity=Severity.HIGH,
    types=(ORGANIZATION,),
    remediation="Create a multi-region organization trail in the management account, "
    "logging to a bucket of the log archive or security account "
    "(landform.constructs.OrganizationTrail), and keep it logging.",
    references=References(
        cis="3.1", fsbp="CloudTrail.3", prowler="cloudtrail_multi_region_enabled"
    ),
)
def check(subject: Subject) -> str | None:
    """The organization's neighbours hold the management account's trails (us-east-1)."""
    stopped = shortfall(
        list(subject.others(TRAIL)),
        lambda trail: is_true(get(trail.properties, "IsOrganizationTrail")),
        lambda trail: is_true(get(trail.properties, "IsLogging")),
    )
    if stopped is None:
        return None
    if stopped:
        return f"the organization trail ({', '.join(t.name for t in stopped)}) is not logging"
    return "the organization has no organization trail"
