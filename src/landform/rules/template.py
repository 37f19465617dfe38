"""CloudFormation templates (YAML or JSON, short-form tags too) as rule subjects, with no
AWS access.

Intrinsic functions are resolved where the template alone decides them: parameters'
defaults, the pseudo parameters known before deploy (AWS::Partition, AWS::URLSuffix,
AWS::NoValue), Fn::Sub, Fn::Join, Fn::Select, Fn::Split, Fn::FindInMap, Fn::Base64,
Fn::Cidr, and Fn::If on conditions (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition).
Anything else (a resource's Ref or attribute, a parameter without a default, the region,
the account, an import, an undecidable condition) becomes an `Unknown` naming the
template, the logical id and what could not be resolved, so a rule needing it reports
"unknown", never a false pass. A resource whose Condition is false is skipped; one whose
Condition cannot be decided is checked anyway.

A resource suppresses a rule in its Metadata, with a written reason:

    Metadata:
      landform:
        suppress:
          LF-NET-002: public bastion, IP-restricted
"""

from __future__ import annotations

import base64
import ipaddress
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from landform.errors import LandformError, Where
from landform.rules.base import Subject, Unknown
from landform.rules.model import with_neighbours
from landform.rules.registry import all_rules

NO_VALUE = object()
"""AWS::NoValue: the key or list item holding it is dropped."""

KNOWN_PSEUDO = {"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}
"""Pseudo parameters a template decides (in the commercial partition); the others
(AWS::Region, AWS::AccountId, AWS::StackName, ...) are known at deploy."""

SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")

Decision = bool | Unknown


def template_subjects(path: Path) -> list[Subject]:
    """Every resource of the template whose Condition is not false, as a rule subject."""
    template = _load(path)
    subjects = []
    for key, resource in template.resources.items():
        logical_id = str(key)
        if not isinstance(resource, Mapping) or not isinstance(resource.get("Type"), str):
            raise _malformed(path, key, f"resource {logical_id} has no Type")
        resolver = _Resolver(template, logical_id)
        if "Condition" in resource and resolver.named(resource["Condition"]) is False:
            continue
        properties = resolver.value(resource.get("Properties") or {})
        if properties is NO_VALUE:
            properties = {}
        if not isinstance(properties, Mapping | Unknown):
            raise _malformed(path, key, f"the Properties of {logical_id} are not a mapping")
        subjects.append(
            Subject(
                type_name=str(resource["Type"]),
                name=logical_id,
                properties=properties,  # type: ignore[arg-type]  # Unknown as a whole
                source=_source(path, key),
                suppressions=_suppressions(path, key, resource),
            )
        )
    return with_neighbours(subjects)


@dataclass(frozen=True)
class _Template:
    path: Path
    parameters: Mapping[str, Any]
    mappings: Mapping[str, Any]
    conditions: Mapping[str, Any]
    resources: Mapping[str, Any]


def _load(path: Path) -> _Template:
    from cfnlint.decode import decode

    document, problems = decode(str(path))
    if problems:
        problem = problems[0]
        raise LandformError(
            f"not a YAML or JSON CloudFormation template: {problem.message}",
            where=Where(source=f"{path}:{problem.linenumber}"),
            hint="fix the syntax there (CloudFormation's short forms such as !Ref are read)",
        )
    resources = document.get("Resources") if isinstance(document, Mapping) else None
    if not resources or not isinstance(resources, Mapping):
        raise LandformError(
            "not a CloudFormation template: it has no Resources section",
            where=Where(source=str(path)),
            hint="give it a Resources mapping of logical ids to {Type, Properties}",
        )
    sections = {}
    for name in ("Parameters", "Mappings", "Conditions"):
        section = document.get(name) or {}
        if not isinstance(section, Mapping):
            raise LandformError(
                f"its {name} section is not a mapping",
                where=Where(source=str(path)),
                hint=f"write {name} as a mapping of names to declarations",
            )
        sections[name.lower()] = section
    return _Template(path, resources=resources, **sections)


def _source(path: Path, key: Any) -> str:
    """file:line of the resource's logical id, as the decoder marks it (0-based)."""
    mark = getattr(key, "start_mark", None)
    return f"{path}:{mark.line + 1}" if mark is not None else f"{path} {key}"


def _malformed(path: Path, key: Any, what: str) -> LandformError:
    return LandformError(
        what,
        where=Where(source=_source(path, key)),
        hint="each resource is a mapping with a Type and, optionally, Properties, "
        "Condition and Metadata",
    )


def _suppressions(path: Path, key: Any, resource: Mapping[str, Any]) -> dict[str, str]:
    """Metadata: {landform: {suppress: {rule id: reason}}}, each rule known, each reason
    written."""
    metadata = resource.get("Metadata") or {}
    landform = (metadata.get("landform") if isinstance(metadata, Mapping) else None) or {}
    declared = (landform.get("suppress") if isinstance(landform, Mapping) else landform) or {}
    hint = 'Metadata: {landform: {suppress: {"LF-NET-002": "why this resource may break it"}}}'
    if not isinstance(declared, Mapping):
        raise LandformError(
            "Metadata.landform.suppress is not a mapping",
            where=Where(source=_source(path, key)),
            hint=hint,
        )
    known = all_rules()
    suppressions = {}
    for rule_id, reason in declared.items():
        if rule_id not in known:
            raise LandformError(
                f"there is no guardrail rule {rule_id} to suppress",
                where=Where(source=_source(path, key)),
                hint="`landform check --list-rules` lists the rules",
            )
        if not isinstance(reason, str) or not reason.strip():
            raise LandformError(
                f"suppressing {rule_id} needs a written reason",
                where=Where(source=_source(path, key)),
                hint=hint,
            )
        suppressions[str(rule_id)] = reason.strip()
    return suppressions


class _Resolver:
    """Resolves the intrinsic functions of one resource's properties."""

    def __init__(self, template: _Template, logical_id: str) -> None:
        self.template = template
        self.logical_id = logical_id
        self.deciding: list[str] = []

    def unknown(self, what: str) -> Unknown:
        return Unknown(f"{self.template.path} {self.logical_id}: {what}")

    def value(self, node: Any) -> Any:
        """The node with its intrinsic functions resolved (Unknown where they cannot be,
        NO_VALUE for AWS::NoValue); plain dicts, lists and strings."""
        if isinstance(node, Mapping):
            if len(node) == 1:
                ((name, argument),) = node.items()
                function = _FUNCTIONS.get(name)
                if function is not None:
                    try:
                        return function(self, argument)
                    except (TypeError, ValueError, IndexError):
                        return self.unknown(f"{name} is malformed: {_plain(argument)!r}")
                if str(name).startswith("Fn::"):
                    return self.unknown(f"{name} is not resolved without deploying")
            resolved = {str(k): self.value(v) for k, v in node.items()}
            return {k: v for k, v in resolved.items() if v is not NO_VALUE}
        if isinstance(node, list):
            return [v for v in map(self.value, node) if v is not NO_VALUE]
        if isinstance(node, str):
            return str(node)
        return node

    def ref(self, name: Any) -> Any:
        name = str(name)
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in KNOWN_PSEUDO:
            return KNOWN_PSEUDO[name]
        if name.startswith("AWS::"):
            return self.unknown(f"{name} is known at deploy")
        if name in self.template.parameters:
            return self.parameter(name)
        if name in self.template.resources:
            return self.unknown(f"Ref {name} is known after deploy")
        return self.unknown(f"Ref {name}: the template declares no such parameter or resource")

    def parameter(self, name: str) -> Any:
        declared = self.template.parameters[name]
        if not isinstance(declared, Mapping) or "Default" not in declared:
            return self.unknown(f"parameter {name} has no default")
        kind = str(declared.get("Type", "String"))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            return self.unknown(f"parameter {name} is read from SSM at deploy")
        default = self.value(declared["Default"])
        if isinstance(default, str) and (kind == "CommaDelimitedList" or kind.startswith("List<")):
            return [part.strip() for part in default.split(",")]
        return default

    def get_att(self, argument: Any) -> Unknown:
        target = ".".join(map(str, argument)) if isinstance(argument, list) else argument
        return self.unknown(f"Fn::GetAtt {target} is known after deploy")

    def sub(self, argument: Any) -> Any:
        text, variables = (argument, {}) if isinstance(argument, str) else _args(argument, 2)
        if not isinstance(text, str) or not isinstance(variables, Mapping):
            raise TypeError("Fn::Sub takes a string, or a string and a mapping of variables")
        given = {str(k): self.value(v) for k, v in variables.items()}
        pieces: list[Any] = []
        position = 0
        for match in SUB_VARIABLE.finditer(text):
            pieces.append(match.string[position : match.start()])
            position = match.end()
            name = match.group(1).strip()
            if name.startswith("!"):
                pieces.append("${" + name[1:] + "}")
            elif name in given:
                pieces.append(given[name])
            elif "." in name:
                pieces.append(self.get_att(name))
            else:
                pieces.append(self.ref(name))
        pieces.append(text[position:])
        return self.text("", pieces, "Fn::Sub")

    def join(self, argument: Any) -> Any:
        delimiter, items = _args(argument, 2)
        items = self.value(items)
        if isinstance(items, Unknown):
            return items
        return self.text(str(delimiter), _args(items), "Fn::Join")

    def text(self, delimiter: str, pieces: list[Any], function: str) -> Any:
        """The pieces joined as text; the first Unknown piece if there is one."""
        for piece in pieces:
            if isinstance(piece, Unknown):
                return piece
            if isinstance(piece, Mapping | list) or piece is NO_VALUE:
                return self.unknown(f"{function} of a value that is not a string")
        return delimiter.join(_scalar(piece) for piece in pieces)

    def select(self, argument: Any) -> Any:
        index, items = (self.value(part) for part in _args(argument, 2))
        if isinstance(index, Unknown) or isinstance(items, Unknown):
            return index if isinstance(index, Unknown) else items
        items, position = _args(items), int(index)
        if not 0 <= position < len(items):
            raise IndexError(f"Fn::Select index {position} is out of range")
        return items[position]

    def split(self, argument: Any) -> Any:
        delimiter, source = _args(argument, 2)
        source = self.value(source)
        if isinstance(source, Unknown):
            return source
        if not isinstance(source, str):
            raise TypeError("Fn::Split splits a string")
        return source.split(str(delimiter))

    def find_in_map(self, argument: Any) -> Any:
        keys = [self.value(part) for part in _args(argument, 3)]
        for key in keys:
            if isinstance(key, Unknown):
                return key
        entry: Any = self.template.mappings
        for key in map(_scalar, keys):
            if not isinstance(entry, Mapping) or key not in entry:
                return self.unknown(f"Fn::FindInMap {keys}: the Mappings hold no such entry")
            entry = entry[key]
        return self.value(entry)

    def if_(self, argument: Any) -> Any:
        condition, when_true, when_false = _args(argument, 3)
        decided = self.named(condition)
        if isinstance(decided, Unknown):
            return Unknown(f"{decided.why}, so Fn::If on {condition} is not decided")
        return self.value(when_true if decided else when_false)

    def base64(self, argument: Any) -> Any:
        text = self.text("", [self.value(argument)], "Fn::Base64")
        if isinstance(text, Unknown):
            return text
        return base64.b64encode(text.encode()).decode()

    def cidr(self, argument: Any) -> Any:
        parts = [self.value(part) for part in _args(argument, 3)]
        for part in parts:
            if isinstance(part, Unknown):
                return part
        block, count, bits = parts
        network = ipaddress.ip_network(str(block), strict=False)
        subnets = network.subnets(new_prefix=network.max_prefixlen - int(bits))
        return [str(subnet) for subnet in islice(subnets, int(count))]

    def named(self, name: Any) -> Decision:
        """The value of the template's condition `name`."""
        name = str(name)
        if name not in self.template.conditions:
            return self.unknown(f"condition {name} is not declared")
        if name in self.deciding:
            raise LandformError(
                f"conditions refer to each other in a loop: {' -> '.join([*self.deciding, name])}",
                where=Where(source=str(self.template.path)),
                hint="make each condition depend only on parameters and earlier conditions",
            )
        self.deciding.append(name)
        try:
            return self.decide(self.template.conditions[name])
        except (TypeError, ValueError, IndexError):
            return self.unknown(f"condition {name} is malformed")
        finally:
            self.deciding.pop()

    def decide(self, node: Any) -> Decision:
        """The value of a condition function (Unknown where the template leaves it open)."""
        if not isinstance(node, Mapping) or len(node) != 1:
            return self.unknown(f"{_plain(node)!r} is not a condition function")
        ((function, argument),) = node.items()
        name = str(function)
        if name == "Condition":
            return self.named(argument)
        if name == "Fn::Equals":
            left, right = (self.value(part) for part in _args(argument, 2))
            for side in (left, right):
                if isinstance(side, Unknown):
                    return side
            return bool(_plain(left, text=True) == _plain(right, text=True))
        if name == "Fn::Not":
            (inner,) = _args(argument, 1)
            decided = self.decide(inner)
            return decided if isinstance(decided, Unknown) else not decided
        if name in ("Fn::And", "Fn::Or"):
            decisive = name == "Fn::Or"
            decisions = [self.decide(part) for part in _args(argument)]
            if any(d is decisive for d in decisions):
                return decisive
            undecided = [d for d in decisions if isinstance(d, Unknown)]
            return undecided[0] if undecided else not decisive
        return self.unknown(f"{name} is not a condition function")


_FUNCTIONS: dict[str, Callable[[_Resolver, Any], Any]] = {
    "Ref": _Resolver.ref,
    "Fn::GetAtt": _Resolver.get_att,
    "Fn::Sub": _Resolver.sub,
    "Fn::Join": _Resolver.join,
    "Fn::Select": _Resolver.select,
    "Fn::Split": _Resolver.split,
    "Fn::FindInMap": _Resolver.find_in_map,
    "Fn::If": _Resolver.if_,
    "Fn::Base64": _Resolver.base64,
    "Fn::Cidr": _Resolver.cidr,
    "Fn::ImportValue": lambda r, a: r.unknown(f"Fn::ImportValue {_plain(a)!r} is known at deploy"),
    "Fn::GetAZs": lambda r, _: r.unknown("Fn::GetAZs is known at deploy"),
}


def _args(argument: Any, count: int | None = None) -> list[Any]:
    """A function's argument list; ValueError if it is not one of `count` items."""
    if not isinstance(argument, list) or count not in (None, len(argument)):
        raise ValueError(f"expected a list of {count or 'some'} items")
    return list(argument)


def _scalar(value: Any) -> str:
    """A scalar as CloudFormation writes it in a string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _plain(value: Any, text: bool = False) -> Any:
    """The decoded node as plain dicts, lists and strings (scalars as text if `text`)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v, text) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v, text) for v in value]
    return _scalar(value) if text or isinstance(value, str) else value
