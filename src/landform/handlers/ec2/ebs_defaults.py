"""Landform::EC2::EbsDefaults: a region of an account whose new EBS volumes are
encrypted by default (ec2 get/enable/disable_ebs_encryption_by_default), with a default
KMS key where one is declared (get/modify/reset_ebs_default_kms_key_id).

The resource exists while encryption by default is on (see `AccountSetting`): turned off
outside Landform, it plans as a create. Delete turns it off and, where a key was
declared, gives the region AWS's managed key aws/ebs again.

AWS reads the default key back as its ARN, whatever form set it, so KmsKeyId takes the
key's ARN (`key.arn`) and is read like the rest: a key changed outside Landform is
drift. While AWS's own key is in force, KmsKeyId reads as not set.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landform.handlers.account_settings import AccountSetting, setting
from landform.handlers.base import Api, Live, Props, Refusal, changed
from landform.handlers.registry import register
from landform.model.refs import Ref

ENCRYPTED = "EbsEncryptionByDefault"
AWS_MANAGED_KEY = "alias/aws/ebs"
"""How AWS names the default key while none other is set."""


@register
class EbsDefaults(AccountSetting):
    """EBS encryption by default in one region; create and update turn it on and set the
    declared key. `read` costs get_ebs_encryption_by_default, and where it is on
    get_ebs_default_kms_key_id."""

    TYPE = "Landform::EC2::EbsDefaults"

    def refusal_of(self, props: Mapping[str, Any]) -> Refusal | None:
        key = props.get("KmsKeyId")
        if isinstance(key, Ref) and key.attribute != "Arn":
            return Refusal(
                "KmsKeyId",
                "KmsKeyId takes the key's ARN: AWS reads the default key back as one",
                "declare kms_key_id=key.arn",
            )
        return None

    def read(self, api: Api) -> Live | None:
        ec2 = api.client("ec2")
        if not ec2.get_ebs_encryption_by_default()[ENCRYPTED]:
            return None
        key = ec2.get_ebs_default_kms_key_id()["KmsKeyId"]
        return setting(
            api, {ENCRYPTED: True, **({} if key == AWS_MANAGED_KEY else {"KmsKeyId": key})}
        )

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
