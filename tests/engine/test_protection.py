"""Deletion protection: destroy reports what it refused and why, and state stays true."""

from __future__ import annotations

import pytest

from landform import App
from landform.aws import dynamodb, kms
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.engine.events import Event
from tests.support import converge, new_app, plan

TABLE = "shop/main/orders"
KEY = "shop/main/key"


def declare(protected: bool) -> App:
    app, stack = new_app()
    key = kms.Key(stack, "key", enable_key_rotation=True)
    dynamodb.Table(
        stack,
        "orders",
        key_schema=[{"AttributeName": "id", "KeyType": "HASH"}],
        attribute_definitions=[{"AttributeName": "id", "AttributeType": "S"}],
        billing_mode="PAY_PER_REQUEST",
        sse_specification={"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key.arn},
        deletion_protection_enabled=protected,
    )
    return app


def test_destroy_refuses_a_protected_resource_and_keeps_it_and_what_it_needs(
    context: Context,
) -> None:
    app = declare(protected=True)
    converge(app, context)
    events: list[Event] = []
    context.report = events.append

    with pytest.raises(ApplyFailed) as failed:
        apply_plan(context, plan(app, context, destroy=True))

    message = str(failed.value)
    assert "1 refused deletion" in message and "deletion protection" in message
    assert "declare it off and apply, then destroy" in message
    assert [(e.kind, e.address) for e in events if e.kind in ("refused", "skipped")] == [
        ("refused", TABLE),
        ("skipped", KEY),
    ]
    assert {r.address for r in context.store.all()} == {TABLE, KEY}
    assert plan(app, context).has_changes is False

    unprotected = declare(protected=False)
    converge(unprotected, context)
    apply_plan(context, plan(unprotected, context, destroy=True))
    assert context.store.all() == []
