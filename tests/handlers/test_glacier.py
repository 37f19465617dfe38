"""AWS::Glacier::Vault. The emulator serves vaults but none of their tags, access policies
or notifications, so the Glacier client answers from botocore's Stubber with AWS-shaped
answers; the engine and everything else run on the emulator."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.stub import Stubber

from landform import App
from landform.aws import glacier
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import Live, physical_name
from landform.handlers.glacier.vault import Vault
from tests.conftest import ACCOUNT, REGION, TAGS
from tests.handlers.contract import Call, queue, stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

NAME = "shop-archive"
ADDRESS = "shop/main/vault"
TOPIC = f"arn:aws:sns:{REGION}:{ACCOUNT}:archive-jobs"
NOTIFY = {"SNSTopic": TOPIC, "Events": ["ArchiveRetrievalCompleted"]}
KEEP = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "KeepArchives",
            "Effect": "Deny",
            "Principal": "*",
            "Action": "glacier:DeleteArchive",
            "Resource": f"arn:aws:glacier:{REGION}:{ACCOUNT}:vaults/{NAME}",
        }
    ],
}
READERS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "Readers",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
            "Action": "glacier:InitiateJob",
            "Resource": f"arn:aws:glacier:{REGION}:{ACCOUNT}:vaults/{NAME}",
        }
    ],
}


def described(name: str = NAME) -> dict[str, Any]:
    """A vault as list_vaults describes it."""
    return {
        "VaultARN": f"arn:aws:glacier:{REGION}:{ACCOUNT}:vaults/{name}",
        "VaultName": name,
        "CreationDate": "2025-01-01T00:00:00.000Z",
        "NumberOfArchives": 0,
        "SizeInBytes": 0,
    }


def house_tags(address: str = ADDRESS, **more: str) -> dict[str, str]:
    return {**TAGS, **more, "landform:address": address}


def on(name: str, **params: Any) -> dict[str, Any]:
    return {"vaultName": name, **params}


def listing(*vaults: tuple[str, Mapping[str, str]]) -> list[Call]:
    """A list: list_vaults, then list_tags_for_vault per vault."""
    return [
        Call("list_vaults", {"VaultList": [described(name) for name, _ in vaults]}),
        *(Call("list_tags_for_vault", {"Tags": dict(tags)}, on(name)) for name, tags in vaults),
    ]


def creating(name: str, tags: Mapping[str, str]) -> list[Call]:
    """Creating a new vault: create, check its tags (none), tag it."""
    return [
        Call("create_vault", {"location": f"/{ACCOUNT}/vaults/{name}"}, on(name)),
        Call("list_tags_for_vault", {"Tags": {}}, on(name)),
        Call("add_tags_to_vault", {}, on(name, Tags=dict(tags))),
    ]


@contextmanager
def stubbed_glacier(context: Context) -> Iterator[Stubber]:
    """The Glacier client the engine uses, answering from a Stubber (all else: emulator)."""
    client = context.sessions.client("glacier", ACCOUNT, REGION)
    with Stubber(client) as stubber:
        yield stubber
        stubber.assert_no_pending_responses()


def vault_app(**properties: Any) -> App:
    app, stack = new_app()
    glacier.Vault(stack, "vault", vault_name=NAME, **properties)
    return app


def test_vault_create_update_delete(context: Context) -> None:
    app = vault_app(access_policy=KEEP, notifications=NOTIFY, tags={"Tier": "cold"})
    tagged = house_tags(Tier="cold")
    with stubbed_glacier(context) as stubber:
        queue(
            stubber,
            [
                *listing(),
                *creating(NAME, tagged),
                Call("set_vault_access_policy", {}, on(NAME, policy={"Policy": json.dumps(KEEP)})),
                Call("set_vault_notifications", {}, on(NAME, vaultNotificationConfig=NOTIFY)),
                *listing((NAME, tagged)),
            ],
        )
        converge(app, context)
    record = context.store.get(ADDRESS)
    assert record is not None
    assert (record.physical_id, record.attributes) == (NAME, {"Arn": described()["VaultARN"]})

    # the policy and notifications in state are what the vault has: no reads
    app = vault_app(access_policy=READERS)
    assert_plan_is(context, app, tagged, {ADDRESS: "update"})
    readers = {"Policy": json.dumps(READERS)}
    with stubbed_glacier(context) as stubber:
        queue(
            stubber,
            [
                *listing((NAME, tagged)),
                Call("remove_tags_from_vault", {}, on(NAME, TagKeys=["Tier"])),
                Call("set_vault_access_policy", {}, on(NAME, policy=readers)),
                Call("delete_vault_notifications", {}, on(NAME)),
                *listing((NAME, house_tags())),
            ],
        )
        converge(app, context)

    with stubbed_glacier(context) as stubber:
        queue(stubber, [*listing((NAME, house_tags())), Call("delete_vault", {}, on(NAME))])
        destroy(app, context)
    assert context.store.all() == []


def assert_plan_is(context: Context, app: App, tags: Mapping[str, str], expected: Any) -> None:
    with stubbed_glacier(context) as stubber:
        queue(stubber, listing((NAME, tags)))
        assert actions(plan(app, context)) == expected


def test_vault_name_change_replaces_the_vault(context: Context) -> None:
    with stubbed_glacier(context) as stubber:
        queue(stubber, [*listing(), *creating(NAME, house_tags()), *listing((NAME, house_tags()))])
        converge(vault_app(), context)

    app, stack = new_app()
    glacier.Vault(stack, "vault", vault_name="shop-archive-2")
    assert_plan_is(context, app, house_tags(), {ADDRESS: "replace"})
    with stubbed_glacier(context) as stubber:
        queue(
            stubber,
            [
                *listing((NAME, house_tags())),
                *creating("shop-archive-2", house_tags()),
                Call("delete_vault", {}, on(NAME)),
                *listing(("shop-archive-2", house_tags())),
            ],
        )
        converge(app, context)
    assert context.store.get(ADDRESS).physical_id == "shop-archive-2"  # type: ignore[union-attr]


def props(**more: Any) -> dict[str, Any]:
    return {"Tags": {"landform:address": ADDRESS}, **more}


def test_vault_named_after_its_address() -> None:
    name = physical_name(ADDRESS, ACCOUNT, REGION, 255)
    assert name.startswith("shop-main-vault-")
    with stubbed_api("glacier") as (api, stubber):
        queue(stubber, creating(name, {"landform:address": ADDRESS}))
        created = Vault().create(api, props(), "token")
        stubber.assert_no_pending_responses()
    assert created.physical_id == name
    assert created.properties == props(), "the derived name is not a declared property"


def test_vault_of_someone_else_is_refused() -> None:
    others = {"landform:address": "billing/main/vault"}
    with stubbed_api("glacier") as (api, stubber):
        queue(
            stubber,
            [
                Call("create_vault", {"location": f"/{ACCOUNT}/vaults/{NAME}"}, on(NAME)),
                Call("list_tags_for_vault", {"Tags": others}, on(NAME)),
            ],
        )
        with pytest.raises(LandformError, match="not made by Landform for shop/main/vault"):
            Vault().create(api, props(VaultName=NAME), "token")


def test_vault_tagged_by_a_crashed_run_reads_its_settings() -> None:
    """A vault this address already tagged (a run that crashed after tagging) has its
    settings read before they are made what is declared."""
    with stubbed_api("glacier") as (api, stubber):
        queue(
            stubber,
            [
                Call("create_vault", {"location": f"/{ACCOUNT}/vaults/{NAME}"}, on(NAME)),
                Call("list_tags_for_vault", {"Tags": {"landform:address": ADDRESS}}, on(NAME)),
                Call("get_vault_access_policy", {"policy": {"Policy": json.dumps(KEEP)}}, on(NAME)),
                Call("get_vault_notifications", {"vaultNotificationConfig": NOTIFY}, on(NAME)),
            ],
        )
        Vault().create(api, props(VaultName=NAME, AccessPolicy=KEEP, Notifications=NOTIFY), "t")
        stubber.assert_no_pending_responses()


def test_list_keeps_owned_vaults_and_describe_reads_settings() -> None:
    unordered = {
        "SNSTopic": TOPIC,
        "Events": ["InventoryRetrievalCompleted", "ArchiveRetrievalCompleted"],
    }
    with stubbed_api("glacier") as (api, stubber):
        queue(stubber, listing((NAME, {"landform:address": ADDRESS}), ("legacy", {"Team": "x"})))
        (listed,) = Vault().list(api)
        queue(
            stubber,
            [
                Call("get_vault_access_policy", {"policy": {"Policy": json.dumps(KEEP)}}, on(NAME)),
                Call("get_vault_notifications", {"vaultNotificationConfig": unordered}, on(NAME)),
            ],
        )
        adopted = Vault().describe(api, listed)
        stubber.assert_no_pending_responses()
    assert listed.properties == {"VaultName": NAME, "Tags": {"landform:address": ADDRESS}}
    assert listed.attributes == {"Arn": described()["VaultARN"]}
    assert adopted.properties == {
        **listed.properties,
        "AccessPolicy": KEEP,
        "Notifications": unordered,
    }

    # the same policy, and the same events in another order: nothing to change
    with stubbed_api("glacier") as (api, stubber):
        queue(
            stubber,
            [Call("get_vault_access_policy", {"policy": {"Policy": json.dumps(KEEP)}}, on(NAME))],
        )
        declared = {
            **listed.properties,
            "AccessPolicy": KEEP,
            "Notifications": {**unordered, "Events": sorted(unordered["Events"])},
        }
        Vault().update(api, Live(NAME, {**listed.properties, "Notifications": unordered}), declared)
        stubber.assert_no_pending_responses()


def test_vault_without_settings_and_already_deleted() -> None:
    with stubbed_api("glacier") as (api, stubber):
        stubber.add_client_error(
            "get_vault_access_policy", "ResourceNotFoundException", http_status_code=404
        )
        stubber.add_client_error(
            "get_vault_notifications", "ResourceNotFoundException", http_status_code=404
        )
        stubber.add_client_error("delete_vault", "ResourceNotFoundException", http_status_code=404)
        listed = Live(NAME, {"VaultName": NAME})
        assert Vault().describe(api, listed).properties == {"VaultName": NAME}
        Vault().delete(api, listed)
        stubber.assert_no_pending_responses()
