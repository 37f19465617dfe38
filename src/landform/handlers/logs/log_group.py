"""AWS::Logs::LogGroup"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from landform.errors import LandformError
from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    changed,
    ignoring,
    present,
    read_each,
    refuse_changes,
    tag_delta,
    tag_list,
    tag_map,
)
from landform.handlers.registry import register
from landform.model.tags import ADDRESS_TAG

_NAMES = {
    "LogGroupName": "logGroupName",
    "RetentionInDays": "retentionInDays",
    "KmsKeyId": "kmsKeyId",
    "LogGroupClass": "logGroupClass",
}
"""CloudFormation's names -> the Logs API's."""

_SETTINGS = (
    ("RetentionInDays", "put_retention_policy", "delete_retention_policy"),
    ("KmsKeyId", "associate_kms_key", "disassociate_kms_key"),
)
"""(property, call that sets it, call that clears it)"""

_UNSUPPORTED = frozenset(
    {
        "BearerTokenAuthenticationEnabled",
        "DataProtectionPolicy",
        "DeletionProtectionEnabled",
        "FieldIndexPolicies",
        "ResourcePolicyDocument",
    }
)


@register
class LogGroup(Handler):
    """A log group, named LogGroupName or else "/landform/<address>".

    describe_log_groups neither returns tags nor filters on them: `list` reads every log
    group of the region (one paginated call, 50 a page), tags are compared with state, and
    a log group not in state is found again by its name (`natural_key`). Adopting one so
    found (`describe`) costs one call and refuses a log group without Landform's tag.
    Listing everything (audit), `list` reads every group's tags too (one
    list_tags_for_resource each, READERS threads).
    """

    TYPE = "AWS::Logs::LogGroup"
    NAME = "LogGroupName"
    UNSUPPORTED = _UNSUPPORTED
    UNREADABLE = frozenset({"Tags"})

    def list(self, api: Api) -> Iterable[Live]:
        groups = [
            Live(
                group["logGroupName"],
                {name: group[key] for name, key in _NAMES.items() if key in group},
                {"Arn": _arn(group)},
            )
            for group in api.pages("logs", "describe_log_groups", "logGroups")
        ]
        if not api.everything:
            return groups
        logs = api.client("logs")
        tags = read_each(lambda live: _tags(logs, live.attributes["Arn"]), groups)
        return [
            Live(live.physical_id, {**live.properties, "Tags": found}, live.attributes)
            for live, found in zip(groups, tags, strict=True)
        ]

    def describe(self, api: Api, listed: Live) -> Live:
        arn = listed.attributes["Arn"]
        tags = api.client("logs").list_tags_for_resource(resourceArn=arn)["tags"]
        if ADDRESS_TAG not in tags:
            raise LandformError(
                f"log group {listed.physical_id} exists and was not made by Landform",
                hint="declare another LogGroupName, or delete or rename that log group",
            )
        return Live(listed.physical_id, {**listed.properties, "Tags": tag_list(tags)}, {"Arn": arn})

    def create(self, api: Api, props: Props, token: str) -> Live:
        logs = api.client("logs")
        name = _name(props)
        params = {_NAMES[k]: props[k] for k in ("KmsKeyId", "LogGroupClass") if k in props}
        tags = tag_map(props.get("Tags"))
        logs.create_log_group(logGroupName=name, **params, **({"tags": tags} if tags else {}))
        (group,) = [
            g
            for g in logs.describe_log_groups(logGroupNamePrefix=name)["logGroups"]
            if g["logGroupName"] == name
        ]
        created = present(props, ("LogGroupName", "KmsKeyId", "LogGroupClass", "Tags"))
        return Live(name, created, {"Arn": _arn(group)})

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        refuse_changes(self.TYPE, current, desired, ("LogGroupClass",))
        logs = api.client("logs")
        name = current.physical_id
        for prop, put, clear in _SETTINGS:
            if not changed(current, desired, prop):
                continue
            if prop in desired:
                getattr(logs, put)(logGroupName=name, **{_NAMES[prop]: desired[prop]})
            else:
                getattr(logs, clear)(logGroupName=name)
        arn = current.attributes["Arn"]
        have = logs.list_tags_for_resource(resourceArn=arn)["tags"]
        stale, fresh = tag_delta(have, desired.get("Tags"))
        if stale:
            logs.untag_resource(resourceArn=arn, tagKeys=stale)
        if fresh:
            logs.tag_resource(resourceArn=arn, tags=fresh)
        return Live(name, desired, current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("ResourceNotFoundException"):
            api.client("logs").delete_log_group(logGroupName=current.physical_id)

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (_name(props),)


def _name(props: Mapping[str, Any]) -> str:
    """The declared name, or one made from the ownership address."""
    if "LogGroupName" in props:
        return str(props["LogGroupName"])
    address = tag_map(props.get("Tags"))[ADDRESS_TAG]
    return "/landform/" + re.sub(r"[^A-Za-z0-9_./#-]", "-", address)


def _tags(logs: Any, arn: str) -> list[dict[str, str]]:
    """The log group's tags; none once it is gone."""
    with ignoring("ResourceNotFoundException"):
        return tag_list(logs.list_tags_for_resource(resourceArn=arn)["tags"])
    return []


def _arn(group: Mapping[str, Any]) -> str:
    """The log group's ARN, without the ":*" describe_log_groups' `arn` ends with."""
    return str(group.get("logGroupArn") or group["arn"].removesuffix(":*"))
