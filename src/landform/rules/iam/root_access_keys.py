"""LF-IAM-009: the root user has no access keys."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.iam.credentials import ROOT
from landform.rules.values import get, is_true


@rule(
    id="LF-IAM-009",
    title="Root user has access keys",
    severity=Severity.CRITICAL,
    types=(ROOT,),
    remediation="Sign in as the root user and delete its access keys (Security "
    "credentials); use IAM roles for every programmatic task.",
    references=References(cis="1.4", fsbp="IAM.4", prowler="iam_no_root_access_key"),
)
def check(subject: Subject) -> str | None:
    if is_true(get(subject.properties, "AccessKeysPresent")):
        return "the root user has access keys"
    return None
