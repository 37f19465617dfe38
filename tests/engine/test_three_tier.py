"""The three-tier example on the emulator: plan, apply, re-plan to nothing, destroy to
nothing; and no secret of its database anywhere Landform writes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from landform.cloud.calls import CallCounter
from landform.engine.apply import apply_plan
from landform.engine.context import Context
from landform.engine.events import Event
from landform.handlers.registry import all_handlers
from landform.project import load_app
from tests.conftest import REGION
from tests.support import actions, plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "three_tier"


def owned_by_the_example(context: Context) -> list[str]:
    """Every live resource, of every registered type, tagged as the example's."""
    context.fresh_reads()
    api = context.api(None, REGION)  # type: ignore[arg-type]
    found = []
    for type_name, handler in sorted(all_handlers().items()):
        for live in handler.list(api):
            if (live.address or "").startswith("three-tier/"):
                found.append(f"{type_name} {live.physical_id}")
    return found


def test_three_tier_example_applies_replans_to_nothing_and_destroys_to_nothing(
    context: Context, calls: CallCounter, managed_policies: None
) -> None:
    events: list[Event] = []
    context.report = events.append
    first = plan(load_app(EXAMPLE), context)
    types = Counter(c.type_name for c in first.changes)
    for expected in (
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ECS::Service",
        "AWS::RDS::DBCluster",
        "AWS::ElastiCache::ReplicationGroup",
        "AWS::S3::Bucket",
        "AWS::Lambda::Function",
        "AWS::EC2::Instance",
        "AWS::EKS::Cluster",
        "AWS::EKS::Nodegroup",
    ):
        assert types[expected] >= 1, expected
    assert set(actions(first).values()) == {"create"}

    outcome = apply_plan(context, first)
    assert len(outcome.done) == len(first.changes)
    waited = {e.address for e in events if e.kind == "wait"}
    assert {"three-tier/app/orders", "three-tier/app/web-service"} <= waited

    calls.calls.clear()
    again = plan(load_app(EXAMPLE), context)
    assert [c.changes for c in again.changes if c.changes] == [], "no property changes"
    assert actions(again) == {}, "nothing to create, update, replace or delete"
    assert calls.mutating == {}

    attributes = {r.address: r.attributes for r in context.store.all()}
    assert attributes["three-tier/app/orders"]["Endpoint.Address"]
    assert attributes["three-tier/app/platform"]["Endpoint"], "recorded once ready"
    records = {r.address: r.properties for r in context.store.all()}
    assert records["three-tier/app/orders"]["ManageMasterUserPassword"] is True
    assert not any("MasterUserPassword" in props for props in records.values())

    apply_plan(context, plan(load_app(EXAMPLE), context, destroy=True))
    assert context.store.all() == []
    assert owned_by_the_example(context) == []
