"""An AWS Organizations policy (service control or tag policy), validated when made."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from landform.errors import ValidationError

SERVICE_CONTROL_POLICY = "SERVICE_CONTROL_POLICY"
TAG_POLICY = "TAG_POLICY"
SIZE_LIMITS = {SERVICE_CONTROL_POLICY: 5120, TAG_POLICY: 10000}
"""Maximum characters of a policy's compact JSON content, by policy type."""

POLICY_VERSION = "2012-10-17"
DESCRIPTION_LIMIT = 512

_NAME = re.compile(r"[\w+=,.@-]{1,128}", re.ASCII)
_ACTION = re.compile(r"\*|[a-z0-9-]+:[A-Za-z0-9*?]+")
_SID = re.compile(r"[A-Za-z0-9]*")


def invalid(message: str, hint: str) -> ValidationError:
    return ValidationError(message, hint=hint)


def _statements(document: Mapping[str, Any]) -> list[Any]:
    statement = document.get("Statement")
    if isinstance(statement, Mapping):
        return [statement]
    if isinstance(statement, list):
        return statement
    return []


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class OrganizationPolicy:
    """An AWS Organizations policy, validated when made.

    `document` is copied on construction; `content` is the compact JSON AWS stores.
    """

    name: str
    description: str
    type: str
    document: Mapping[str, Any] = field(hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
            raise invalid(
                f"organization policy name {self.name!r} is invalid",
                "use 1 to 128 characters: letters, digits and + = , . @ _ -",
            )
        if len(self.description) > DESCRIPTION_LIMIT:
            raise invalid(
                f"policy {self.name}: description has {len(self.description)} characters",
                f"keep it to {DESCRIPTION_LIMIT} characters",
            )
        if self.type not in SIZE_LIMITS:
            raise invalid(
                f"policy {self.name}: unknown policy type {self.type!r}",
                f"use {SERVICE_CONTROL_POLICY} or {TAG_POLICY}",
            )
        try:
            copy = json.loads(json.dumps(self.document))
        except (TypeError, ValueError) as error:
            raise invalid(
                f"policy {self.name}: document is not JSON-serializable ({error})",
                "use only dicts, lists, strings, numbers, booleans and None",
            ) from None
        if not isinstance(copy, dict):
            raise invalid(f"policy {self.name}: document is not an object", "pass a mapping")
        object.__setattr__(self, "document", copy)
        if self.type == SERVICE_CONTROL_POLICY:
            self._check_scp()
        else:
            self._check_tag_policy()
        size, limit = len(self.content), SIZE_LIMITS[self.type]
        if size > limit:
            raise invalid(
                f"policy {self.name} is {size} characters; AWS allows at most {limit} "
                f"for a {self.type}",
                "split it into several policies, or shorten it (wildcard actions, fewer Sids)",
            )

    @property
    def content(self) -> str:
        """The policy as AWS stores it: compact JSON, keys in declaration order."""
        return json.dumps(self.document, separators=(",", ":"), sort_keys=False)

    @property
    def statements(self) -> list[dict[str, Any]]:
        """An SCP's statements as a list (empty for a tag policy)."""
        if self.type != SERVICE_CONTROL_POLICY:
            return []
        return [dict(s) for s in _statements(self.document)]

    def _check_scp(self) -> None:
        where = f"policy {self.name}"
        if self.document.get("Version") != POLICY_VERSION:
            raise invalid(f"{where}: Version must be {POLICY_VERSION!r}", "set it first")
        statements = _statements(self.document)
        if not statements:
            raise invalid(f"{where}: no Statement", "add at least one statement")
        sids: set[str] = set()
        for index, statement in enumerate(statements):
            if not isinstance(statement, Mapping):
                raise invalid(f"{where}: statement {index} is not an object", "use a mapping")
            label = f"{where}, statement {statement.get('Sid') or index}"
            sid = statement.get("Sid")
            if sid is not None:
                if not isinstance(sid, str) or not _SID.fullmatch(sid):
                    raise invalid(f"{label}: Sid {sid!r} is invalid", "use letters and digits")
                if sid in sids:
                    raise invalid(f"{label}: Sid repeats", "give each statement its own Sid")
                sids.add(sid)
            if statement.get("Effect") not in ("Allow", "Deny"):
                raise invalid(f"{label}: Effect must be Allow or Deny", "set Effect")
            if "Principal" in statement or "NotPrincipal" in statement:
                raise invalid(
                    f"{label}: SCPs may not name a Principal or NotPrincipal",
                    "SCPs apply to every principal of the target; use a Condition on "
                    "aws:PrincipalArn instead",
                )
            keys = [k for k in ("Action", "NotAction") if k in statement]
            if len(keys) != 1:
                raise invalid(f"{label}: needs exactly one of Action or NotAction", "add one")
            actions = _as_list(statement[keys[0]])
            bad = [a for a in actions if not isinstance(a, str) or not _ACTION.fullmatch(a)]
            if not actions or bad:
                raise invalid(
                    f"{label}: malformed {keys[0]} {bad or actions!r}",
                    'write actions as "service:Action" (wildcards * and ? allowed) or "*"',
                )

    def _check_tag_policy(self) -> None:
        tags = self.document.get("tags")
        if not isinstance(tags, Mapping) or not tags:
            raise invalid(
                f"policy {self.name}: a tag policy needs a non-empty 'tags' object",
                'use {"tags": {"Key": {"tag_key": {"@@assign": "Key"}}}}',
            )
