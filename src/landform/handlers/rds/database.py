"""What RDS and DocumentDB clusters and instances share.

The docdb client speaks the RDS API (same operations, shapes and errors), so one base
lists, creates, updates and deletes all four types; each type brings its table of
fields (fields.py), its engines and its attributes. As RDS itself, the base reads tags
from each describe item's TagList, derives an undeclared identifier (names.py) and waits
with boto3's RDS waiters; DocumentDB's handlers change those three (docdb/common.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from landform.handlers.base import (
    Api,
    DeletionRefused,
    Handler,
    Live,
    Props,
    error_code,
    ignoring,
    present,
    tag_list,
)
from landform.handlers.rds.fields import (
    Field,
    create_params,
    modify_params,
    read_fields,
    with_pending,
)
from landform.handlers.rds.names import derived_name, same_owner, taken
from landform.handlers.rds.tags import sync_tags

WAIT = 3600.0
"""Seconds to wait for a DB to become available or to be deleted."""


@dataclass(frozen=True)
class Kind:
    """A DB cluster or a DB instance: how the RDS API names its calls and fields."""

    noun: str
    api_name: str
    """snake_case stem of the calls: create_<api_name>, describe_<api_name>s, ..."""
    identifier: str
    items: str
    item: str
    arn: str
    status: str
    id_filter: str
    not_found: str
    exists: str


INSTANCE = Kind(
    noun="DB instance",
    api_name="db_instance",
    identifier="DBInstanceIdentifier",
    items="DBInstances",
    item="DBInstance",
    arn="DBInstanceArn",
    status="DBInstanceStatus",
    id_filter="db-instance-id",
    not_found="DBInstanceNotFound",
    exists="DBInstanceAlreadyExists",
)
CLUSTER = Kind(
    noun="DB cluster",
    api_name="db_cluster",
    identifier="DBClusterIdentifier",
    items="DBClusters",
    item="DBCluster",
    arn="DBClusterArn",
    status="Status",
    id_filter="db-cluster-id",
    not_found="DBClusterNotFoundFault",
    exists="DBClusterAlreadyExistsFault",
)


class DatabaseHandler(Handler):
    """A DB cluster or instance: changes are modify calls with ApplyImmediately, so what
    `list` reads (pending modifications included) is what was declared.

    Deleting refuses, before any call, while DeletionProtection is on; otherwise it keeps
    a final snapshot `<identifier>-final-<resource id>` where AWS takes one, unless the
    deletion policy is Delete (see `snapshot`), and waits until the DB is gone, so that
    what it used (a subnet group, a security group, a key) can be deleted next.
    """

    SERVICE: ClassVar[str] = "rds"
    KIND: ClassVar[Kind]
    ENGINES: ClassVar[tuple[str, ...]]
    """The engines the type manages; `list` asks for these only."""
    FIELDS: ClassVar[tuple[Field, ...]]
    HANDLED: ClassVar[frozenset[str]] = frozenset()
    """Supported properties outside FIELDS (used when deleting or with another field)."""
    CREATE_FIXED: ClassVar[Props] = {}
    """Create parameters every resource of the type takes (DocumentDB's engine)."""
    RESOURCE_ID: ClassVar[str | None] = None
    """The attribute naming the final snapshot; None: the type keeps none."""

    @property
    def supported(self) -> frozenset[str]:
        names = {f.name for f in self.FIELDS} | {self.KIND.identifier, "Tags"}
        return frozenset(names) | self.HANDLED

    def unsupported_of(self, props: Mapping[str, Any]) -> list[str]:
        """Properties outside the type's fields, and an Engine it does not manage."""
        found = set(props) - self.supported
        engine = props.get("Engine")
        if isinstance(engine, str) and engine not in self.ENGINES:
            found.add("Engine")
        return sorted(found)

    # reading ---------------------------------------------------------------------------

    def list(self, api: Api) -> Iterable[Live]:
        engines = [{"Name": "engine", "Values": list(self.ENGINES)}]
        operation = f"describe_{self.KIND.api_name}s"
        for item in api.pages(self.SERVICE, operation, self.KIND.items, Filters=engines):
            live = self.live(item)
            if self.owns(api, live):
                yield live

    def live(self, item: Mapping[str, Any]) -> Live:
        """The resource in CloudFormation shape, from one describe item."""
        identifier = item[self.KIND.identifier]
        props = {
            self.KIND.identifier: identifier,
            **read_fields(self.FIELDS, with_pending(item)),
            **self.tags_of(item),
        }
        return Live(identifier, props, self.attributes(item))

    def attributes(self, item: Mapping[str, Any]) -> dict[str, Any]:
        """The type's GetAtt values the describe item holds."""
        raise NotImplementedError

    def tags_of(self, item: Mapping[str, Any]) -> Props:
        return {"Tags": tag_list(item.get("TagList"))}

    def owns(self, api: Api, live: Live) -> bool:
        """Whether `list` returns the resource (see `Api.keeps`)."""
        return api.keeps(live.properties.get("Tags"))

    def describe_one(self, api: Api, identifier: str) -> dict[str, Any]:
        kind = self.KIND
        answer = getattr(api.client(self.SERVICE), f"describe_{kind.api_name}s")(
            **{kind.identifier: identifier}
        )
        return dict(answer[kind.items][0])

    # changing --------------------------------------------------------------------------

    def create(self, api: Api, props: Props, token: str) -> Live:
        kind = self.KIND
        declared = props.get(kind.identifier)
        identifier = str(declared or derived_name(api, props, token))
        params = {**self.CREATE_FIXED, **create_params(self.FIELDS, props)}
        params[kind.identifier] = identifier
        if tag_list(props.get("Tags")):
            params["Tags"] = tag_list(props.get("Tags"))
        try:
            item = getattr(api.client(self.SERVICE), f"create_{kind.api_name}")(**params)
            item = item[kind.item]
        except Exception as error:
            if error_code(error) != kind.exists:
                raise
            if declared:
                raise taken(kind.noun, identifier, kind.identifier) from error
            return self._adopt(api, identifier, props)
        return Live(item[kind.identifier], present(props, self.supported), self.attributes(item))

    def _adopt(self, api: Api, identifier: str, props: Props) -> Live:
        """What an earlier request of this run created (its answer was lost): the name
        carries the run's token, and the resource the ownership tag."""
        item = self.describe_one(api, identifier)
        if not same_owner(item.get("TagList"), props):
            raise taken(self.KIND.noun, identifier, self.KIND.identifier)
        return self.live(item)

    def resets(self, desired: Props) -> bool:
        """Whether an update puts undeclared settings back to AWS's defaults."""
        return True

    def update(self, api: Api, current: Live, desired: Props) -> Live:
        kind = self.KIND
        client = api.client(self.SERVICE)
        params = modify_params(self.FIELDS, current.properties, desired, self.resets(desired))
        attributes = dict(current.attributes)
        if params:
            answer = getattr(client, f"modify_{kind.api_name}")(
                **{kind.identifier: current.physical_id}, ApplyImmediately=True, **params
            )
            attributes.update(self.attributes(answer[kind.item]))
        self.sync_tags(api, current, desired)
        return Live(current.physical_id, desired, attributes)

    def sync_tags(self, api: Api, current: Live, desired: Props) -> None:
        client, arn = api.client(self.SERVICE), current.attributes[self.KIND.arn]
        sync_tags(client, arn, current.properties.get("Tags"), desired.get("Tags"))

    def delete(self, api: Api, current: Live) -> None:
        self.delete_under(api, current, None)

    def delete_under(self, api: Api, current: Live, policy: str | None) -> None:
        """A final snapshot unless the policy is Delete (Snapshot is the default, as in
        CloudFormation)."""
        kind = self.KIND
        if current.properties.get("DeletionProtection"):
            raise DeletionRefused(
                f"{self.TYPE} {current.physical_id}",
                "deletion protection",
                hint="declare DeletionProtection false and apply, then delete it",
            )
        with ignoring(kind.not_found):
            getattr(api.client(self.SERVICE), f"delete_{kind.api_name}")(
                **{kind.identifier: current.physical_id}, **self.deletion(current, policy)
            )
        self.wait(api, current.physical_id, "deleted")

    def deletion(self, current: Live, policy: str | None) -> Props:
        """Delete parameters: the final snapshot or none, and DeleteAutomatedBackups if
        declared."""
        return {
            **self.snapshot(current, policy),
            **present(current.properties, ("DeleteAutomatedBackups",)),
        }

    def snapshot(self, current: Live, policy: str | None) -> Props:
        """A final snapshot, unless the policy is Delete."""
        if self.RESOURCE_ID is None:
            return {}
        if policy == "Delete":
            return {"SkipFinalSnapshot": True}
        suffix = str(current.attributes[self.RESOURCE_ID]).lower()
        return {"FinalDBSnapshotIdentifier": f"{current.physical_id}-final-{suffix}"}

    def wait_ready(self, api: Api, current: Live) -> Live:
        """Wait until available, then read the attributes AWS gives only then (the
        endpoint)."""
        self.wait(api, current.physical_id, "available")
        described = self.attributes(self.describe_one(api, current.physical_id))
        return Live(current.physical_id, current.properties, {**current.attributes, **described})

    def wait(self, api: Api, identifier: str, state: str) -> None:
        """Block until the DB is `state` ("available" or "deleted")."""
        params: dict[str, Any] = {self.KIND.identifier: identifier}
        api.wait(self.SERVICE, f"{self.KIND.api_name}_{state}", timeout=WAIT, **params)


def endpoint(item: Mapping[str, Any], name: str = "Endpoint") -> dict[str, Any]:
    """`name`.Address and `name`.Port (a string, as CloudFormation gives it) of an
    instance's endpoint, once AWS has assigned it."""
    found = item.get(name) or {}
    values = {"Address": found.get("Address"), "Port": found.get("Port")}
    return {
        f"{name}.{key}": str(value) if key == "Port" else value
        for key, value in values.items()
        if value is not None
    }


def secret_arn(item: Mapping[str, Any]) -> dict[str, str]:
    """MasterUserSecret.SecretArn, when RDS manages the master password."""
    secret = item.get("MasterUserSecret")
    return {"MasterUserSecret.SecretArn": secret["SecretArn"]} if secret else {}
