"""Landform::EC2::EbsDefaults: a region of an account whose new EBS volumes are
encrypted by default (ec2 get/enable/disable_ebs_encryption_by_default), with a default
KMS key where one is declared (modify/reset_ebs_default_kms_key_id).

The resource exists while encryption by default is on (see `AccountSetting`): turned off
outside Landform, it plans as a create. Delete turns it off and, where a key was
declared, gives the region AWS's managed key aws/ebs again.

KmsKeyId is compared with state, not read: AWS reads the default key back as an ARN
whichever form was declared, and the emulator lacks get_ebs_default_kms_key_id and
reset_ebs_default_kms_key_id (resetting the key is tested with botocore's Stubber).
"""

from __future__ import annotations

from landform.handlers.account_settings import AccountSetting, setting
from landform.handlers.base import Api, Live, Props, changed
from landform.handlers.registry import register

ENCRYPTED = "EbsEncryptionByDefault"


@register
class EbsDefaults(AccountSetting):
    """EBS encryption by default in one region; create and update turn it on and set the
    declared key."""

    TYPE = "Landform::EC2::EbsDefaults"
    UNREADABLE = frozenset({"KmsKeyId"})

    def read(self, api: Api) -> Live | None:
        on = api.client("ec2").get_ebs_encryption_by_default()[ENCRYPTED]
        return setting(api, {ENCRYPTED: True}) if on else None

    def unset(self, api: Api) -> Live:
        return setting(api, {ENCRYPTED: False})

    def create(self, api: Api, props: Props, token: str) -> Live:
        return self.update(api, self.unset(api), props)

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        ec2 = api.client("ec2")
        if current.properties.get(ENCRYPTED) is not True:
            ec2.enable_ebs_encryption_by_default()
        if changed(current, desired, "KmsKeyId"):
            if "KmsKeyId" in desired:
                ec2.modify_ebs_default_kms_key_id(KmsKeyId=desired["KmsKeyId"])
            else:
                ec2.reset_ebs_default_kms_key_id()
        return Live(current.physical_id, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        ec2 = api.client("ec2")
        ec2.disable_ebs_encryption_by_default()
        if "KmsKeyId" in current.properties:
            ec2.reset_ebs_default_kms_key_id()
