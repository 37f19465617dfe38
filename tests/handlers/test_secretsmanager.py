"""AWS::SecretsManager::Secret against the emulator, and that its secret stays out of
state, plans and messages."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from landform import App
from landform.aws import secretsmanager
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.engine.events import Event
from landform.handlers.base import Live, tag_map
from landform.handlers.registry import handler_for
from tests.conftest import REGION
from tests.support import actions, converge, destroy, new_app, plan

SECRET = "Tr0ub4dor&3-horse-battery"
ADDRESS = "shop/main/secret"


def secret_app(**props: Any) -> App:
    app, stack = new_app()
    secretsmanager.Secret(stack, "secret", **props)
    return app


def arn_of(context: Context) -> str:
    record = context.store.get(ADDRESS)
    assert record is not None
    return record.physical_id


def describe(aws: Any, secret_id: str) -> dict[str, Any]:
    return aws("secretsmanager").describe_secret(SecretId=secret_id)  # type: ignore[no-any-return]


def value(aws: Any, secret_id: str) -> str:
    return str(aws("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])


def current_version(aws: Any, secret_id: str) -> str:
    stages = describe(aws, secret_id)["VersionIdsToStages"]
    (version,) = [v for v, labels in stages.items() if "AWSCURRENT" in labels]
    return str(version)


def in_recovery_window(aws: Any, secret_id: str) -> bool:
    deleted = describe(aws, secret_id).get("DeletedDate")
    return deleted is not None and timedelta(days=6) < deleted - datetime.now(UTC) <= timedelta(
        days=7
    )


def test_secret_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(secret_app(secret_string=SECRET, description="db", tags={"Tier": "data"}), context)
    arn = arn_of(context)
    secret = describe(aws, arn)
    assert secret["Name"].startswith("shop-main-secret-")
    assert (secret["Description"], value(aws, arn)) == ("db", SECRET)
    assert tag_map(secret["Tags"])["landform:address"] == ADDRESS
    assert tag_map(secret["Tags"])["Tier"] == "data"
    record = context.store.get(ADDRESS)
    assert record is not None and record.attributes == {"Id": arn}
    version = current_version(aws, arn)

    app = secret_app(secret_string=SECRET, description="orders db", tags={"Tier": "core"})
    assert actions(plan(app, context)) == {ADDRESS: "update"}
    converge(app, context)
    assert describe(aws, arn)["Description"] == "orders db"
    assert tag_map(describe(aws, arn)["Tags"])["Tier"] == "core"
    assert current_version(aws, arn) == version, "the same secret makes no new version"

    app = secret_app(secret_string=SECRET + "!", description="orders db")
    assert actions(plan(app, context)) == {ADDRESS: "update"}
    converge(app, context)
    assert value(aws, arn) == SECRET + "!"
    assert "Tier" not in tag_map(describe(aws, arn)["Tags"])

    app = secret_app(name="shop/db", secret_string=SECRET)
    assert actions(plan(app, context)) == {ADDRESS: "replace"}
    converge(app, context)
    assert describe(aws, "shop/db")["ARN"] == arn_of(context) != arn
    assert in_recovery_window(aws, arn)

    destroy(app, context)
    assert in_recovery_window(aws, "shop/db")
    assert context.store.all() == []
    assert actions(plan(app, context)) == {ADDRESS: "create"}, "a secret being deleted is gone"


def test_generated_secret(context: Context, aws: Any) -> None:
    generate = {
        "SecretStringTemplate": json.dumps({"username": "admin"}),
        "GenerateStringKey": "password",
        "PasswordLength": 40,
        "ExcludePunctuation": True,
    }
    app = secret_app(generate_secret_string=generate)
    converge(app, context)
    secret = json.loads(value(aws, arn_of(context)))
    assert secret["username"] == "admin"
    assert len(secret["password"]) == 40 and secret["password"].isalnum()
    record = context.store.get(ADDRESS)
    assert record is not None
    assert secret["password"] not in json.dumps(record.properties)

    app = secret_app(generate_secret_string=generate, description="admin login")
    converge(app, context)
    assert json.loads(value(aws, arn_of(context))) == secret, "not generated again"


def test_new_generation_settings_make_a_new_password(context: Context, aws: Any) -> None:
    """Given the settings used before, an update generates again when they changed."""
    converge(secret_app(generate_secret_string={"PasswordLength": 20}), context)
    arn = arn_of(context)
    first = value(aws, arn)
    handler = handler_for("AWS::SecretsManager::Secret")
    api = context.api(None, REGION)
    (listed,) = [live for live in handler.list(api) if live.physical_id == arn]
    record = context.store.get(ADDRESS)
    assert record is not None
    before = Live(arn, {**listed.properties, **record.properties}, listed.attributes)
    handler.update(api, before, dict(record.properties))
    assert value(aws, arn) == first
    handler.update(
        api, before, {**record.properties, "GenerateSecretString": {"PasswordLength": 30}}
    )
    assert len(value(aws, arn)) == 30


def test_secret_declared_again_is_restored(context: Context, aws: Any) -> None:
    app = secret_app(name="shop/db", secret_string=SECRET)
    converge(app, context)
    arn = arn_of(context)
    destroy(app, context)
    assert in_recovery_window(aws, arn)

    app = secret_app(name="shop/db", secret_string=SECRET + "?", description="back")
    converge(app, context)
    assert arn_of(context) == arn
    secret = describe(aws, arn)
    assert "DeletedDate" not in secret and secret["Description"] == "back"
    assert value(aws, arn) == SECRET + "?"


def test_secret_of_another_is_not_taken(context: Context, aws: Any) -> None:
    aws("secretsmanager").create_secret(Name="shop/db", SecretString="theirs")
    app = secret_app(name="shop/db", secret_string=SECRET)
    with pytest.raises(ApplyFailed, match="already exists \\(not made by Landform\\)"):
        converge(app, context)
    assert value(aws, "shop/db") == "theirs"


def test_secret_string_never_leaves_the_model(context: Context, aws: Any) -> None:
    """Not in state (the store's records and its files), plans, events or errors."""
    events: list[Event] = []
    watched = Context(context.sessions, context.store, report=events.append)
    app = secret_app(secret_string=SECRET, description="db")
    planned = plan(app, watched)
    assert SECRET not in json.dumps(planned.as_json())
    apply_plan(watched, planned)
    assert value(aws, arn_of(context)) == SECRET

    app = secret_app(secret_string=SECRET + "-2", description="db")
    planned = plan(app, watched)
    assert actions(planned) == {ADDRESS: "update"}
    assert SECRET not in json.dumps(planned.as_json())
    apply_plan(watched, planned)
    assert value(aws, arn_of(context)) == SECRET + "-2"

    aws("secretsmanager").create_secret(Name="shop/other", SecretString="theirs")
    failing, stack = new_app()
    secretsmanager.Secret(stack, "secret", secret_string=SECRET + "-2", description="db")
    secretsmanager.Secret(stack, "other", name="shop/other", secret_string=SECRET)
    with pytest.raises(ApplyFailed) as failed:
        apply_plan(watched, plan(failing, watched))
    assert "shop/main/other" in str(failed.value) and SECRET not in str(failed.value)

    messages = [str(event) for event in events]
    assert any(event.kind == "failed" for event in events)
    assert not [m for m in messages if SECRET in m]
    database = context.store.path  # type: ignore[attr-defined]
    rows = sqlite3.connect(database).execute("SELECT * FROM resources").fetchall()
    assert rows and SECRET not in repr(rows)
    for path in database.parent.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name
