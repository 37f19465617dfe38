"""LF-ENC-002: EBS volumes, and the EBS volumes an instance launches with, are encrypted."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, is_true, listed


@rule(
    id="LF-ENC-002",
    title="EBS volume is not encrypted",
    severity=Severity.MEDIUM,
    types=("AWS::EC2::Volume", "AWS::EC2::Instance"),
    remediation="Declare Encrypted: true on volumes and on each Ebs block device mapping "
    "(with a KmsKeyId for a customer managed key); an existing volume is encrypted by "
    "copying a snapshot of it with encryption and making a new volume from the copy.",
    references=References(cis="2.2.1", fsbp="EC2.3", prowler="ec2_ebs_volume_encryption"),
)
def check(subject: Subject) -> str | None:
    if subject.type_name == "AWS::EC2::Volume":
        if is_true(get(subject.properties, "Encrypted")):
            return None
        return "the volume is not encrypted (Encrypted is not true)"
    for mapping in listed(get(subject.properties, "BlockDeviceMappings")):
        ebs = get(mapping, "Ebs")
        if ebs is not None and not is_true(get(ebs, "Encrypted")):
            return f"the volume of {get(mapping, 'DeviceName')} is not encrypted"
    return None
