"""What DocumentDB's cluster and instance handlers change in the RDS base.

CloudFormation's schemas mark neither type taggable, so Landform puts no ownership tag
on them: `list` returns every DocumentDB resource of the engine, a resource is known by
its identifier (`natural_key`), which must therefore be declared (it cannot be derived
from an address the resource does not carry); a replacement, created before the old
copy is deleted, needs a new one. Declared Tags are set as any property, and compared
with state (DocumentDB's describe calls do not return them). Waits are waits.py's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from landform.handlers.base import Api, Live, Props
from landform.handlers.rds.database import WAIT, DatabaseHandler
from landform.handlers.rds.tags import sync_tags, tags_of


class DocumentDBHandler(DatabaseHandler):
    """A DocumentDB cluster or instance, through the docdb client."""

    SERVICE = "docdb"
    ENGINES = ("docdb",)
    CREATE_FIXED: ClassVar[Props] = {"Engine": "docdb"}
    UNREADABLE = frozenset({"Tags"})
    NAME_REQUIRED = True

    def natural_key(self, props: Mapping[str, Any]) -> tuple[Any, ...] | None:
        return (str(props.get(self.KIND.identifier, "")).lower(),)

    def tags_of(self, item: Mapping[str, Any]) -> Props:
        return {}

    def owns(self, api: Api, live: Live) -> bool:
        return True

    def sync_tags(self, api: Api, current: Live, desired: Props) -> None:
        """Make the tags exactly the declared ones (read first: list does not have them)."""
        client = api.client(self.SERVICE)
        arn = current.attributes[self.KIND.arn]
        sync_tags(client, arn, tags_of(client, arn, self.KIND.not_found), desired.get("Tags"))

    def wait(self, api: Api, identifier: str, state: str) -> None:
        """Block until the DB is `state` ("available" or "deleted"), by the describe call
        filtered on the identifier (it answers an empty list once the DB is gone):
        botocore's DocumentDB model has no cluster waiters."""
        waiter = f"docdb_{self.KIND.api_name.removeprefix('db_')}_{state}"
        filters = [{"Name": self.KIND.id_filter, "Values": [identifier]}]
        api.wait(self.SERVICE, waiter, timeout=WAIT, Filters=filters)
