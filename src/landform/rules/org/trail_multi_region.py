"""LF-ORG-004: trails record every region."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.org.common import TRAIL
from landform.rules.values import get, is_true


@rule(
    id="LF-ORG-004",
    title="CloudTrail trail records one region only",
    severity=Severity.HIGH,
    types=(TRAIL,),
    remediation="Set IsMultiRegionTrail, so the trail records activity in every region, "
    "those opted in later too.",
    references=References(
        cis="3.1", fsbp="CloudTrail.1", prowler="cloudtrail_multi_region_enabled"
    ),
)
def check(subject: Subject) -> str | None:
    if is_true(get(subject.properties, "IsMultiRegionTrail")):
        return None
    return "the trail records its own region only"
