"""AWS::Organizations::Policy"""

from __future__ import annotations

import json
from collections.abc import Iterable
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
    tag_list,
)
from landform.handlers.organizations.common import (
    NOT_IN_USE,
    SERVICE,
    every,
    roots,
    sync_tags,
    tags_of,
)
from landform.handlers.registry import register
from landform.org.policy import SERVICE_CONTROL_POLICY, TAG_POLICY

TYPES = (SERVICE_CONTROL_POLICY, TAG_POLICY)
"""The policy types Landform manages."""

_PROPS = ("Name", "Description", "Content", "Type", "TargetIds", "Tags")
_GONE = ("PolicyNotFoundException", "TargetNotFoundException", NOT_IN_USE)
_NOT_ATTACHED = (
    "PolicyNotAttachedException",
    "TargetNotFoundException",
    "AccountNotFoundException",
    "OrganizationalUnitNotFoundException",
)
"""What detaching a policy from a target it is not on (any longer) answers."""


@register
class Policy(Handler):
    """A service control or tag policy; its physical id is the policy's id. Name,
    Description and Content change in place; TargetIds (roots, OUs and account ids) are
    exactly the targets it is attached to. Content is sent as compact JSON, whether
    declared as an object or as text. Before a first attachment, the policy type is
    enabled on the root, as AWS requires.

    `list` costs one paginated list_policies per type Landform manages, then a
    list_tags_for_resource per policy (AWS managed ones aside), and describe_policy and
    list_targets_for_policy per policy Landform owns, by READERS threads. Deleting
    detaches the policy from every target first, as AWS requires.
    """

    TYPE = "AWS::Organizations::Policy"

    def list(self, api: Api) -> Iterable[Live]:
        with ignoring(NOT_IN_USE):
            summaries = [
                summary
                for kind in TYPES
                for summary in api.pages(SERVICE, "list_policies", "Policies", Filter=kind)
                if not summary["AwsManaged"]
            ]
            found = read_each(lambda summary: _read(api, summary), summaries)
            return [live for live in found if live is not None]
        return []

    def create(self, api: Api, props: Props, token: str) -> Live:
        kind = props["Type"]
        if kind not in TYPES:
            raise LandformError(
                f"Landform does not manage {kind} policies yet",
                hint=f"declare one of {', '.join(TYPES)}, or manage the policy outside Landform",
            )
        summary = api.client(SERVICE).create_policy(
            Name=props["Name"],
            Description=props.get("Description", ""),
            Content=_text(props["Content"]),
            Type=kind,
            Tags=tag_list(props.get("Tags")),
        )["Policy"]["PolicySummary"]
        _attach(api, summary["Id"], kind, set(props.get("TargetIds") or ()))
        return Live(summary["Id"], present(props, _PROPS), _attributes(summary))

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        client = api.client(SERVICE)
        policy_id = current.physical_id
        have = current.properties
        params: Props = {}
        if changed(current, desired, "Name"):
            params["Name"] = desired["Name"]
        if desired.get("Description", "") != have.get("Description", ""):
            params["Description"] = desired.get("Description", "")
        if _document(desired["Content"]) != _document(have.get("Content")):
            params["Content"] = _text(desired["Content"])
        if params:
            client.update_policy(PolicyId=policy_id, **params)
        old, new = set(have.get("TargetIds") or ()), set(desired.get("TargetIds") or ())
        _attach(api, policy_id, desired["Type"], new - old)
        for target in sorted(old - new):
            with ignoring(*_NOT_ATTACHED):
                client.detach_policy(PolicyId=policy_id, TargetId=target)
        sync_tags(api, policy_id, current, desired)
        return Live(policy_id, present(desired, _PROPS), current.attributes)

    def delete(self, api: Api, current: Live) -> None:
        client = api.client(SERVICE)
        policy_id = current.physical_id
        with ignoring(*_GONE):
            for target in every(api, "list_targets_for_policy", "Targets", PolicyId=policy_id):
                with ignoring(*_NOT_ATTACHED):
                    client.detach_policy(PolicyId=policy_id, TargetId=target["TargetId"])
            client.delete_policy(PolicyId=policy_id)


def _document(content: Any) -> Any:
    """A policy's content as JSON data, whether declared as an object or as text."""
    if not isinstance(content, str):
        return content
    try:
        return json.loads(content)
    except ValueError:
        raise LandformError(
            "the Content of an AWS Organizations policy is not JSON",
            hint="declare the policy document as a dict, or as its JSON text",
        ) from None


def _text(content: Any) -> str:
    """The content as the compact JSON text AWS stores."""
    return json.dumps(_document(content), separators=(",", ":"))


def _attach(api: Api, policy_id: str, kind: str, targets: set[str]) -> None:
    """Attach the policy to `targets`, having enabled its type on the root."""
    if not targets:
        return
    client = api.client(SERVICE)
    for root in roots(api):
        enabled = {t["Type"] for t in root.get("PolicyTypes", ()) if t["Status"] == "ENABLED"}
        if kind not in enabled:
            with ignoring("PolicyTypeAlreadyEnabledException"):
                client.enable_policy_type(RootId=root["Id"], PolicyType=kind)
    for target in sorted(targets):
        with ignoring("DuplicatePolicyAttachmentException"):
            client.attach_policy(PolicyId=policy_id, TargetId=target)


def _read(api: Api, summary: dict[str, Any]) -> Live | None:
    """The policy in CloudFormation shape, if `api` keeps it (see `Api.keeps`) and it
    still exists."""
    policy_id = summary["Id"]
    with ignoring(*_GONE):
        tags = tags_of(api, policy_id)
        if not api.keeps(tags):
            return None
        content = api.client(SERVICE).describe_policy(PolicyId=policy_id)["Policy"]["Content"]
        targets = every(api, "list_targets_for_policy", "Targets", PolicyId=policy_id)
        props = {
            **present(summary, ("Name", "Description", "Type")),
            "Content": _document(content),
            "TargetIds": sorted(t["TargetId"] for t in targets),
            "Tags": tags,
        }
        return Live(policy_id, props, _attributes(summary))
    return None


def _attributes(summary: dict[str, Any]) -> dict[str, Any]:
    return {"Id": summary["Id"], "Arn": summary["Arn"], "AwsManaged": summary["AwsManaged"]}
