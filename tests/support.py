"""Helpers for tests that plan and apply apps on the emulator."""

from __future__ import annotations

from landform import App, Monitoring, Stack
from landform.engine import operations
from landform.engine.apply import Outcome, apply_plan
from landform.engine.context import Context
from landform.engine.plan import Action, Plan
from tests.conftest import REGION, TAGS

HANDLERS_ONLY = "critical"
"""The guardrail threshold of handler tests whose resources leave out what a high rule
asks for (a bucket's public access block, an instance's IMDSv2, an organization trail):
they test the handler; what the rules block is tested in tests/rules."""


UNMONITORED = Monitoring(off="tests of one type count the resources they declare")
"""The monitoring of apps that test a type or the engine: the house alarms, their topic
and dashboards are tested in tests/monitoring."""


def new_app(
    name: str = "shop",
    region: str = REGION,
    block_on: str = "high",
    monitoring: Monitoring = UNMONITORED,
) -> tuple[App, Stack]:
    """An app with the house tags and one stack named `main`; returns (app, stack)."""
    app = App(name, tags=TAGS, block_on=block_on, monitoring=monitoring)
    return app, app.stack("main", region=region)


def plan(app: App, context: Context, destroy: bool = False) -> Plan:
    return operations.plan(app, context, destroy=destroy)


def converge(app: App, context: Context) -> Outcome:
    """Plan and apply; the plan after it must be empty."""
    outcome = apply_plan(context, plan(app, context))
    assert actions(plan(app, context)) == {}, "a second plan should have no changes"
    return outcome


def destroy(app: App, context: Context) -> Outcome:
    return apply_plan(context, plan(app, context, destroy=True))


def actions(p: Plan) -> dict[str, str]:
    """address -> action, for every change that is not a no-op."""
    return {c.key: str(c.action) for c in p.changes if c.action is not Action.NOOP}
