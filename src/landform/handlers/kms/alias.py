"""AWS::KMS::Alias"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import Api, Handler, Live, Props, ignoring
from landform.handlers.registry import register


@register
class Alias(Handler):
    """A KMS alias; its physical id is its name. One list_aliases lists them all, without
    AWS's own (alias/aws/...). KMS reads TargetKeyId back as a key id: declare it as one
    (the key's Ref), not as an ARN."""

    TYPE = "AWS::KMS::Alias"
    NAME = "AliasName"

    def list(self, api: Api) -> Iterable[Live]:
        for alias in api.pages("kms", "list_aliases", "Aliases"):
            name = alias["AliasName"]
            if not name.startswith("alias/aws/"):
                yield Live(name, {"AliasName": name, "TargetKeyId": alias.get("TargetKeyId")})

    def create(self, api: Api, props: Props, token: str) -> Live:
        name, target = props["AliasName"], props["TargetKeyId"]
        api.client("kms").create_alias(AliasName=name, TargetKeyId=target)
        return Live(name, {"AliasName": name, "TargetKeyId": target})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        target = desired["TargetKeyId"]
        api.client("kms").update_alias(AliasName=current.physical_id, TargetKeyId=target)
        return Live(current.physical_id, desired)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("NotFoundException"):
            api.client("kms").delete_alias(AliasName=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...]:
        return (props.get("AliasName"),)
