"""A resource: a CloudFormation type, a logical id in its stack, and its properties."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias, TypeVar, get_args

from landform.errors import ValidationError, Where
from landform.model.refs import Join, Ref, iter_refs
from landform.model.schema import ResourceSchema, schema_for
from landform.model.source import declaration_site
from landform.model.validate import normalize_keys, validate_properties

if TYPE_CHECKING:
    from landform.model.stack import Stack
    from landform.monitoring.settings import AlarmSettings

T = TypeVar("T")
_RULE_ID = re.compile(r"LF-[A-Z0-9]+-\d{3}")
Input: TypeAlias = T | Ref | Join
"""A property value: a literal, or a reference known after apply."""
DeletionPolicy: TypeAlias = Literal["Delete", "Retain", "Snapshot"]
"""What becomes of a resource that leaves the model, is destroyed or is replaced, as in
CloudFormation: deleted; retained (left in AWS, forgotten by state); or, for types that
keep one (RDS and DocumentDB databases, EBS volumes, ElastiCache replication groups),
deleted after a final snapshot. Undeclared, the type's default: Snapshot for RDS and
DocumentDB databases, Delete for the rest."""


class Resource:
    """One CloudFormation-shaped resource declared in a stack.

    Typed subclasses (generated into `landform.aws.<service>`) take snake_case keyword
    arguments; this base class also serves any type by name:
    `Resource(stack, "Queue", type_name="AWS::SQS::Queue", properties={...})`.
    """

    TYPE: ClassVar[str] = ""

    def __init__(
        self,
        stack: Stack,
        logical_id: str,
        properties: Mapping[str, Any] | None = None,
        *,
        type_name: str | None = None,
        tags: Mapping[str, Input[str]] | None = None,
        depends_on: Iterable[Resource] = (),
        suppress: Mapping[str, str] | None = None,
        deletion_policy: DeletionPolicy | None = None,
    ) -> None:
        """`suppress`: guardrail rule id -> the written reason it does not apply here
        (the finding is still listed, as suppressed). `deletion_policy` (see
        DeletionPolicy): "Retain" leaves the resource in AWS when it leaves the model, is
        destroyed or is replaced."""
        self.type_name = type_name or self.TYPE
        self.stack = stack
        self.logical_id = logical_id
        self.source = declaration_site()
        self.depends_on = list(depends_on)
        self.schema: ResourceSchema = schema_for(self.type_name)
        declared = {k: v for k, v in (properties or {}).items() if v is not None}
        self.properties: dict[str, Any] = {
            name: normalize_keys(self.schema, self.schema.properties.get(name, {}), value)
            for name, value in declared.items()
        }
        self.tags: dict[str, Input[str]] = dict(tags or {})
        if self.tags and self.schema.tag_property is None:
            raise ValidationError(
                f"{self.type_name} does not support tags",
                where=self.where("Tags"),
                hint="remove tags= from this resource",
            )
        validate_properties(self.schema, self.properties, self.where())
        if deletion_policy is not None and deletion_policy not in get_args(DeletionPolicy):
            raise ValidationError(
                f"DeletionPolicy {deletion_policy!r} is not one Landform knows",
                where=self.where("DeletionPolicy"),
                hint='deletion_policy="Delete", "Retain" or "Snapshot" (where the type keeps '
                "snapshots), or none for the type's default",
            )
        self.deletion_policy: DeletionPolicy | None = deletion_policy
        self.suppressions: dict[str, str] = {}
        for rule_id, reason in (suppress or {}).items():
            self.suppress(rule_id, reason)
        self.alarm_settings: dict[str, AlarmSettings] = {}
        stack.add(self)

    def alarm(self, metric: str, settings: AlarmSettings) -> None:
        """Change this resource's house alarm on `metric` (docs/monitoring.md), or switch
        it off with a written reason: `AlarmSettings(off="why")`."""
        from landform.monitoring.catalog import watches_of

        metrics = [watch.metric for watch in watches_of(self.type_name)]
        if metric not in metrics:
            raise ValidationError(
                f"{self.type_name} has no house alarm on {metric!r}",
                where=Where(declaration_site(), self.stack.name, self.logical_id),
                hint="house alarms of this type: " + (", ".join(metrics) or "none"),
            )
        problem = settings.problem()
        if problem is not None:
            raise ValidationError(
                f"{metric} alarm: {problem}",
                where=Where(declaration_site(), self.stack.name, self.logical_id),
            )
        self.alarm_settings[metric] = settings
        self.stack.app.revision += 1

    def suppress(self, rule_id: str, reason: str) -> None:
        """Let this resource break guardrail rule `rule_id`, for the reason given (it is
        listed with every finding of the rule here)."""
        if not _RULE_ID.fullmatch(rule_id) or not isinstance(reason, str) or not reason.strip():
            raise ValidationError(
                f"cannot suppress {rule_id!r} without a rule id and a written reason",
                where=self.where(),
                hint='suppress={"LF-NET-002": "why this resource may break the rule"}',
            )
        self.suppressions[rule_id] = reason.strip()

    @property
    def address(self) -> str:
        """`app/stack/logical-id`: the resource's name in state and on its ownership tag."""
        return f"{self.stack.address}/{self.logical_id}"

    @property
    def id(self) -> Ref:
        """The resource's identifier (what CloudFormation's Ref returns)."""
        return Ref(self)

    def attr(self, name: str) -> Ref:
        """A reference to one of the type's attributes (CloudFormation's Fn::GetAtt)."""
        if name not in self.schema.attributes + self.schema.nested_attributes:
            raise ValidationError(
                f"{self.type_name} has no attribute {name!r}",
                where=self.where(),
                hint="attributes: " + ", ".join(self.schema.attributes),
            )
        return Ref(self, name)

    def where(self, prop: str | None = None) -> Where:
        return Where(self.source, self.stack.name, self.logical_id, prop)

    def dependencies(self) -> list[Resource]:
        """Resources this one refers to or explicitly depends on, in declaration order."""
        found: dict[int, Resource] = {}
        for ref in iter_refs([self.properties, self.tags]):
            found.setdefault(id(ref.resource), ref.resource)
        for other in self.depends_on:
            found.setdefault(id(other), other)
        return list(found.values())

    def __repr__(self) -> str:
        return f"<{self.type_name} {self.address}>"
