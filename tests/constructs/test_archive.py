"""Archive: the vault it declares (no AWS), then through the engine.

The emulator serves no Glacier tags, access policies or notifications: the Glacier client
answers from botocore's Stubber (see tests/handlers/test_glacier.py); the SNS topic the
vault notifies is made on the emulator.
"""

from __future__ import annotations

import json
from typing import Any

from landform import App, Stack
from landform.aws import sns
from landform.constructs.archive import Archive
from landform.engine.context import Context
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import Call, queue
from tests.handlers.test_glacier import creating, house_tags, listing, on, stubbed_glacier
from tests.support import converge, destroy

KEEP_ARCHIVES = {
    "Sid": "DenyArchiveDeletion",
    "Effect": "Deny",
    "Principal": "*",
    "Action": "glacier:DeleteArchive",
}

# model ------------------------------------------------------------------------------


def test_vault_denies_archive_deletion_to_everyone(stack: Stack) -> None:
    records = Archive(stack, "records")
    vault = records.vault
    assert vault.logical_id == "records"
    assert vault.properties["VaultName"] == "shop-main-records"
    (statement,) = vault.properties["AccessPolicy"]["Statement"]
    arn = f"arn:aws:glacier:{REGION}:*:vaults/shop-main-records"
    assert statement == {**KEEP_ARCHIVES, "Resource": arn}
    assert "Notifications" not in vault.properties
    assert (records.name, records.arn) == (vault.id, vault.arn)


def test_named_vault_in_an_account_with_job_notifications() -> None:
    stack = App("shop").stack("main", account=ACCOUNT, region="cn-north-1")
    topic = sns.Topic(stack, "jobs")
    vault = Archive(stack, "records", vault_name="records", notifications_topic=topic.id).vault
    (statement,) = vault.properties["AccessPolicy"]["Statement"]
    assert statement["Resource"] == f"arn:aws-cn:glacier:cn-north-1:{ACCOUNT}:vaults/records"
    assert vault.properties["Notifications"] == {
        "SNSTopic": topic.id,
        "Events": ["ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"],
    }
    assert vault.dependencies() == [topic]


# through the engine -----------------------------------------------------------------


def test_archive_through_the_engine(stack: Stack, context: Context, aws: Any) -> None:
    topic = sns.Topic(stack, "jobs", topic_name="archive-jobs")
    Archive(stack, "records", notifications_topic=topic.id)
    name, address = "shop-main-records", "shop/main/records"
    topic_arn = f"arn:aws:sns:{REGION}:{ACCOUNT}:archive-jobs"
    policy = {
        "Version": "2012-10-17",
        "Statement": [{**KEEP_ARCHIVES, "Resource": f"arn:aws:glacier:{REGION}:*:vaults/{name}"}],
    }
    notify = {
        "SNSTopic": topic_arn,
        "Events": ["ArchiveRetrievalCompleted", "InventoryRetrievalCompleted"],
    }
    tags = house_tags(address)
    with stubbed_glacier(context) as stubber:
        queue(
            stubber,
            [
                *listing(),
                *creating(name, tags),
                Call(
                    "set_vault_access_policy", {}, on(name, policy={"Policy": json.dumps(policy)})
                ),
                Call("set_vault_notifications", {}, on(name, vaultNotificationConfig=notify)),
                *listing((name, tags)),
            ],
        )
        converge(stack.app, context)
    assert [t["TopicArn"] for t in aws("sns").list_topics()["Topics"]] == [topic_arn]

    with stubbed_glacier(context) as stubber:
        queue(stubber, [*listing((name, tags)), Call("delete_vault", {}, on(name))])
        destroy(stack.app, context)
    assert aws("sns").list_topics()["Topics"] == []
    assert context.store.all() == []
