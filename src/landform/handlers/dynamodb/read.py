"""Reading one table of a list: its tags first, the rest only if `list` keeps it."""

from __future__ import annotations

from typing import Any

from landform.handlers.base import Api, Live, ignoring, tag_list
from landform.handlers.dynamodb.shape import attributes, properties


def read_table(api: Api, ddb: Any, name: str) -> Live | None:
    """The table in CloudFormation shape, if `api` keeps it (see `Api.keeps`) and it is not
    being deleted. With the account known, a table that is not Landform's costs one call
    (list_tags_of_resource on its ARN); otherwise describe_table comes first, for the ARN.
    An owned table costs describe_table, describe_continuous_backups and
    describe_time_to_live besides."""
    with ignoring("ResourceNotFoundException", "TableNotFoundException"):
        table = None if api.account else _describe(ddb, name)
        arn = table["TableArn"] if table else _arn(api, ddb, name)
        tags = _tags(ddb, arn)
        if not api.keeps(tags):
            return None
        table = table or _describe(ddb, name)
        if table["TableStatus"] == "DELETING":
            return None
        backups = ddb.describe_continuous_backups(TableName=name)["ContinuousBackupsDescription"]
        ttl = ddb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        return Live(name, properties(table, backups, ttl, tags), attributes(table))
    return None


def _describe(ddb: Any, name: str) -> dict[str, Any]:
    return dict(ddb.describe_table(TableName=name)["Table"])


def _arn(api: Api, ddb: Any, name: str) -> str:
    return f"arn:{ddb.meta.partition}:dynamodb:{api.region}:{api.account}:table/{name}"


def _tags(ddb: Any, arn: str) -> list[dict[str, str]]:
    """The table's tags; none for a table the caller may not read (it is not Landform's)."""
    with ignoring("AccessDeniedException"):
        pages = ddb.get_paginator("list_tags_of_resource").paginate(ResourceArn=arn)
        return tag_list([tag for page in pages for tag in page.get("Tags", ())])
    return []
