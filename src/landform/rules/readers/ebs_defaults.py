"""Landform::EC2::EbsDefaults: whether new EBS volumes of a region are encrypted."""

from __future__ import annotations

from landform.handlers.base import Api, Live
from landform.rules.readers.base import Reader

TYPE = "Landform::EC2::EbsDefaults"


def read(api: Api) -> list[Live]:
    """get_ebs_encryption_by_default in the Api's region."""
    found = api.client("ec2").get_ebs_encryption_by_default()["EbsEncryptionByDefault"]
    return [Live("ebs-encryption-by-default", {"EbsEncryptionByDefault": bool(found)})]


READER = Reader(TYPE, read, account_wide=False)
