"""CloudFormation resource schemas, read from cfn-lint's bundled copies.

cfn-lint is imported on first use only, so `import landform` stays light.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landform.errors import ValidationError

SCHEMA_REGION = "us-east-1"


@dataclass(frozen=True)
class ResourceSchema:
    """What Landform needs from one CloudFormation type's schema."""

    type_name: str
    raw: Mapping[str, Any]
    attributes: tuple[str, ...]
    """Fn::GetAtt names (the typed classes give each a property)."""
    nested_attributes: tuple[str, ...] = ()
    """Dotted Fn::GetAtt names (Endpoint.Address): reached with `resource.attr(name)`."""

    @property
    def properties(self) -> Mapping[str, Any]:
        return self.raw.get("properties", {})  # type: ignore[no-any-return]

    @property
    def required(self) -> frozenset[str]:
        return frozenset(self.raw.get("required", ()))

    @property
    def create_only(self) -> frozenset[str]:
        return _top_level(self.raw.get("createOnlyProperties", ()))

    @property
    def read_only(self) -> frozenset[str]:
        return _top_level(self.raw.get("readOnlyProperties", ()))

    @property
    def settable(self) -> tuple[str, ...]:
        """The properties a declaration may set (all but the read-only), in the schema's
        order."""
        return tuple(name for name in self.properties if name not in self.read_only)

    @property
    def write_only(self) -> frozenset[str]:
        return _top_level(self.raw.get("writeOnlyProperties", ()))

    @property
    def tag_property(self) -> str | None:
        """The property that holds tags, or None where the type is not taggable."""
        tagging = self.raw.get("tagging", {})
        if not tagging.get("taggable", False):
            return None
        pointer = str(tagging.get("tagProperty", "/properties/Tags"))
        return pointer.split("/")[-1]

    @property
    def tags_as_map(self) -> bool:
        """True where tags are a JSON object rather than a list of Key/Value."""
        prop = self.tag_property
        return (
            prop is not None and self.resolve(self.properties.get(prop, {})).get("type") == "object"
        )

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """Follow a local `$ref` to the definition it names."""
        ref = node.get("$ref")
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return node
        target: Any = self.raw
        for part in ref[2:].split("/"):
            target = target[part]
        return self.resolve(target)


def _top_level(pointers: Any) -> frozenset[str]:
    """Names of the top-level properties the pointers designate (nested ones: not whole)."""
    parts = (str(p).split("/") for p in pointers)
    return frozenset(p[2] for p in parts if len(p) == 3 and p[1] == "properties")


OWN_SCHEMAS = Path(__file__).resolve().parent / "schemas"
"""Schemas, in the registry's format, of AWS types CloudFormation does not define
(AWS::Glacier::Vault): `<Service>-<Provider>-<Type>.json`."""


@functools.cache
def schema_for(type_name: str) -> ResourceSchema:
    """The schema of a CloudFormation type; ValidationError if the type is unknown."""
    own = OWN_SCHEMAS / (type_name.replace("::", "-") + ".json")
    if own.is_file():
        raw = json.loads(own.read_text())
        attributes = tuple(sorted(_top_level(raw.get("readOnlyProperties", ()))))
        return ResourceSchema(type_name=type_name, raw=raw, attributes=attributes)
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    try:
        loaded = PROVIDER_SCHEMA_MANAGER.get_resource_schema(SCHEMA_REGION, type_name)
    except Exception as error:  # cfn-lint's ResourceNotFoundError is not public API
        if type(error).__name__ != "ResourceNotFoundError":
            raise
        raise ValidationError(
            f"unknown CloudFormation type {type_name!r}",
            hint="use a type name as CloudFormation documents it, e.g. AWS::EC2::VPC",
        ) from error
    attributes = tuple(name for name in loaded.get_atts if "." not in name)
    nested = tuple(name for name in loaded.get_atts if "." in name)
    raw = _extended(type_name, loaded.schema)
    return ResourceSchema(type_name, raw, attributes, nested)


EXTENSIONS: dict[str, dict[str, dict[str, Any]]] = {
    "AWS::Lambda::Function": {
        "Code": {
            "LocalPath": {
                "type": "string",
                "description": "Landform: a local file or directory to zip and upload "
                "(declare Code with landform.lambda_code(path)).",
            },
            "ZipSha256": {
                "type": "string",
                "description": "Landform: the base64 SHA-256 of LocalPath's zip when the "
                "model was built; apply refuses to upload other code.",
            },
        },
    },
}
"""Properties Landform adds to CloudFormation definitions: type -> definition -> name ->
schema. The definitions allow no other properties, so without these the additions would
fail validation."""

DOCUMENTS: dict[str, tuple[str, ...]] = {"AWS::CloudWatch::Dashboard": ("DashboardBody",)}
"""Top-level properties CloudFormation types as a string that hold a JSON document: they
take the document as an object or as its text (as AWS::Organizations::Policy's Content
does), and plans compare them as documents, so text AWS re-serialized is no change."""


def _extended(type_name: str, raw: Mapping[str, Any]) -> Mapping[str, Any]:
    """`raw` with the type's EXTENSIONS and DOCUMENTS, in a copy (cfn-lint's cached
    schema is kept)."""
    extensions = EXTENSIONS.get(type_name, {})
    documents = DOCUMENTS.get(type_name, ())
    if not (extensions or documents):
        return raw
    extended = copy.deepcopy(dict(raw))
    for definition, properties in extensions.items():
        extended["definitions"][definition]["properties"].update(properties)
    for name in documents:
        extended["properties"][name]["type"] = ["object", "string"]
    return extended
