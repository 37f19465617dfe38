"""LF-ORG-005: trails sign their log files, so tampering shows."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.org.common import TRAIL
from landform.rules.values import get, is_true


@rule(
    id="LF-ORG-005",
    title="CloudTrail log file validation is off",
    severity=Severity.LOW,
    types=(TRAIL,),
    remediation="Set EnableLogFileValidation, so CloudTrail delivers signed digest files "
    "that show whether a log file was changed or deleted.",
    references=References(
        cis="3.2", fsbp="CloudTrail.4", prowler="cloudtrail_log_file_validation_enabled"
    ),
)
def check(subject: Subject) -> str | None:
    if is_true(get(subject.properties, "EnableLogFileValidation")):
        return None
    return "the trail's log file validation is off"
