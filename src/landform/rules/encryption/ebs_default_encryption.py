"""LF-ENC-003: the account encrypts new EBS volumes by default, in every region."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, is_true


@rule(
    id="LF-ENC-003",
    title="EBS encryption by default is off",
    severity=Severity.MEDIUM,
    types=("Landform::EC2::EbsDefaults",),
    remediation="Turn on EBS encryption by default in every region used "
    "(ec2 enable-ebs-encryption-by-default), so that every new volume and snapshot copy "
    "is encrypted whatever its declaration says.",
    references=References(cis="2.2.1", fsbp="EC2.7", prowler="ec2_ebs_default_encryption"),
)
def check(subject: Subject) -> str | None:
    if is_true(get(subject.properties, "EbsEncryptionByDefault")):
        return None
    return "new EBS volumes are not encrypted by default in this region"
