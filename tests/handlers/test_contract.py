"""One contract for every registered type: create tags it, list finds it, delete removes it,
and deleting what is gone already is no error.

The test loops over the registry, so a type without an example fails here.
"""

from __future__ import annotations

import pytest

from landform.engine.context import Context
from landform.handlers.base import Api, Live, tag_map
from landform.handlers.registry import all_handlers
from landform.model.schema import schema_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import REGION
from tests.handlers.contract import load_examples, load_preparations, queue, stubbed_api
from tests.support import HANDLERS_ONLY, converge, destroy, new_app

HANDLERS = all_handlers()
DECLARED, STUBBED = load_examples()
PREPARED = load_preparations()


def listed(context: Context, type_name: str) -> dict[str, Live]:
    api = context.api(None, REGION)
    return {live.physical_id: live for live in HANDLERS[type_name].list(api)}


@pytest.mark.parametrize("type_name", sorted(set(HANDLERS) - set(STUBBED)))
def test_contract_on_the_emulator(type_name: str, context: Context) -> None:
    assert type_name in DECLARED, f"add a contract example for {type_name}"
    if type_name in PREPARED:
        PREPARED[type_name](context.api(None, REGION))
    context.allow_account_close = True  # as --allow-account-close: destroy closes accounts
    app, stack = new_app(block_on=HANDLERS_ONLY)
    resource = DECLARED[type_name](stack)
    assert type_name == resource.TYPE
    converge(app, context)
    record = context.store.get(resource.address)
    assert record is not None and record.physical_id
    found = listed(context, type_name)
    assert record.physical_id in found, "list finds what create made"
    tag_property = schema_for(type_name).tag_property
    if tag_property:
        live = found[record.physical_id]
        if tag_property in HANDLERS[type_name].UNREADABLE:  # read on adoption only
            live = HANDLERS[type_name].describe(context.api(None, REGION), live)
        assert live.address == resource.address, "ownership tag"
    destroy(app, context)
    assert record.physical_id not in listed(context, type_name), "delete removes it"
    assert context.store.all() == []
    HANDLERS[type_name].delete(context.api(None, REGION), found[record.physical_id])  # gone: ok


def afresh(api: Api) -> Api:
    """An Api on the same clients that remembers no list call (a new run's)."""
    return Api(lambda service, account, region: api.client(service), api.account, api.region)


@pytest.mark.parametrize("type_name", sorted(STUBBED))
def test_contract_with_stubbed_aws(type_name: str) -> None:
    example = STUBBED[type_name]
    handler = HANDLERS[type_name]
    address = f"shop/main/{type_name.split('::')[-1].lower()}"
    props = dict(example.props)
    if schema_for(type_name).tag_property:
        props["Tags"] = [{"Key": ADDRESS_TAG, "Value": address}]
    with stubbed_api(example.service) as (api, stubber):
        queue(stubber, example.create)
        created = handler.create(api, props, "token")
        assert created.physical_id == example.physical_id
        queue(stubber, example.list_after_create)
        found = {live.physical_id: live for live in handler.list(afresh(api))}
        assert created.physical_id in found, "list finds what create made"
        if schema_for(type_name).tag_property:
            assert (
                tag_map(found[created.physical_id].properties.get("Tags"))[ADDRESS_TAG] == address
            )
        queue(stubber, example.delete)
        handler.delete(api, found[created.physical_id])
        queue(stubber, example.list_after_delete)
        assert created.physical_id not in {live.physical_id for live in handler.list(afresh(api))}
        queue(stubber, example.delete_again)
        handler.delete(api, found[created.physical_id])  # gone already: no error
        stubber.assert_no_pending_responses()
