"""AWS::Lambda::Permission"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from landform.handlers.base import (
    Api,
    Handler,
    Live,
    Props,
    error_code,
    ignoring,
    present,
    read_each,
)
from landform.handlers.lambda_.common import function_name, qualified
from landform.handlers.registry import register

PREFIX = "landform-"
"""How the statement ids Landform gives begin."""

PARAMS = (
    "Action",
    "Principal",
    "SourceArn",
    "SourceAccount",
    "EventSourceToken",
    "PrincipalOrgID",
    "FunctionUrlAuthType",
    "InvokedViaFunctionUrl",
)
"""Properties add_permission takes under their names (besides FunctionName)."""

CONDITIONS = {
    "SourceArn": ("ArnLike", "AWS:SourceArn"),
    "SourceAccount": ("StringEquals", "AWS:SourceAccount"),
    "PrincipalOrgID": ("StringEquals", "aws:PrincipalOrgID"),
    "EventSourceToken": ("StringEquals", "lambda:EventSourceToken"),
    "FunctionUrlAuthType": ("StringEquals", "lambda:FunctionUrlAuthType"),
}
"""Where a statement's condition holds a property: (operator, key)."""

_ROOT = re.compile(r"^arn:[^:]+:iam::(\d{12}):root$")


@register
class Permission(Handler):
    """One statement of a function's resource policy. Its id, the physical id, is PREFIX
    and a digest of the declaration: every property is create-only, so the statement of
    that id is the one declared, and a changed declaration is a new statement.

    Permissions carry no tags. `list` reads the policy of every function of the region
    (list_functions, shared with AWS::Lambda::Function's list, then one get_policy per
    function, READERS threads), so a permission on a function made outside Landform is
    found too, and keeps the statements whose id has PREFIX. A statement does not tell
    every declaration it came from (a principal given as an account id or as its root's
    ARN, the function by name or ARN): the properties are compared with state, and what
    the statement tells serves only to adopt one not in state, found again by function
    and statement id (`natural_key`). A version's or alias's policy is not read:
    FunctionName must name the function itself.
    """

    TYPE = "AWS::Lambda::Permission"
    UNREADABLE = frozenset({*PARAMS, "FunctionName"})

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        name = props.get("FunctionName")
        found = super().unsupported_of(props)
        if isinstance(name, str) and qualified(name):
            found.append("FunctionName's version or alias")
        return found

    def list(self, api: Api) -> Iterable[Live]:
        lam = api.client("lambda")
        names = [f["FunctionName"] for f in api.pages("lambda", "list_functions", "Functions")]
        policies = read_each(lambda name: _statements(lam, name), names)
        for name, statements in zip(names, policies, strict=True):
            for statement in statements:
                sid = statement.get("Sid", "")
                if api.everything or sid.startswith(PREFIX):
                    yield Live(sid, _declaration(statement, name), {"Id": sid})

    def create(self, api: Api, props: Props, token: str) -> Live:
        sid = statement_id(props)
        try:
            api.client("lambda").add_permission(
                FunctionName=props["FunctionName"], StatementId=sid, **present(props, PARAMS)
            )
        except Exception as error:
            if not _already_there(error):
                raise
        return Live(sid, present(props, (*PARAMS, "FunctionName")), {"Id": sid})

    def delete(self, api: Api, current: Live) -> None:
        with ignoring("ResourceNotFoundException"):
            api.client("lambda").remove_permission(
                FunctionName=current.properties["FunctionName"], StatementId=current.physical_id
            )

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        name = props.get("FunctionName")
        if not isinstance(name, str):
            return None
        return (function_name(name), props.get("Id") or statement_id(props))


def statement_id(props: Mapping[str, Any]) -> str:
    """PREFIX and a digest of the declared properties (<= 100 characters, as AWS allows)."""
    declared = {k: v for k, v in props.items() if k != "Id"}
    digest = hashlib.sha256(json.dumps(declared, sort_keys=True).encode()).hexdigest()
    return PREFIX + digest[:32]


def _declaration(statement: Mapping[str, Any], name: str) -> Props:
    """What was declared to make `statement`, as far as the statement tells it: an
    account's root is read as the account id it was given as, the function by its name."""
    principal = statement.get("Principal")
    if isinstance(principal, Mapping):
        principal = principal.get("Service") or principal.get("AWS")
        root = _ROOT.match(principal or "")
        principal = root.group(1) if root else principal
    props: Props = {
        "FunctionName": name,
        "Action": statement.get("Action"),
        "Principal": principal,
        "Id": statement["Sid"],
    }
    conditions = statement.get("Condition") or {}
    for prop, (operator, key) in CONDITIONS.items():
        if key in conditions.get(operator, {}):
            props[prop] = conditions[operator][key]
    if conditions.get("Bool", {}).get("lambda:InvokedViaFunctionUrl") == "true":
        props["InvokedViaFunctionUrl"] = True
    return props


def _already_there(error: Exception) -> bool:
    """The statement exists: made by a run that stopped before recording it."""
    return error_code(error) == "ResourceConflictException" and "already exists" in str(error)


def _statements(lam: Any, name: str) -> list[Any]:
    """The statements of a function's policy; none when it has none (or is gone)."""
    with ignoring("ResourceNotFoundException"):
        policy = json.loads(lam.get_policy(FunctionName=name)["Policy"])
        return list(policy.get("Statement", []))
    return []
