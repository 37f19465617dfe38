"""AWS::ElasticLoadBalancingV2::LoadBalancer, TargetGroup and Listener against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App, Stack
from landform.aws import ec2
from landform.aws import elasticloadbalancingv2 as elbv2
from landform.cloud.calls import CallCounter
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.handlers.base import DeletionRefused, Live
from landform.handlers.registry import handler_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import REGION
from tests.handlers.contract import stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

LB = "shop/main/lb"
TG = "shop/main/tg"
LISTENER = "shop/main/listener"
ZONES = (("a", "10.0.1.0/24"), ("b", "10.0.2.0/24"), ("c", "10.0.3.0/24"))
LB_ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188"


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None
    return record.physical_id


def network(stack: Stack) -> tuple[ec2.VPC, list[ec2.Subnet], list[ec2.SecurityGroup]]:
    """A VPC with a subnet in each of three zones, and two security groups."""
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnets = [
        ec2.Subnet(
            stack,
            f"subnet-{zone}",
            vpc_id=vpc.id,
            cidr_block=cidr,
            availability_zone=f"{REGION}{zone}",
        )
        for zone, cidr in ZONES
    ]
    groups = [
        ec2.SecurityGroup(stack, f"sg-{n}", group_description=n, vpc_id=vpc.id)
        for n in ("one", "two")
    ]
    return vpc, subnets, groups


def balancer_of(aws: Any, arn: str) -> dict[str, Any]:
    (found,) = aws("elbv2").describe_load_balancers(LoadBalancerArns=[arn])["LoadBalancers"]
    return dict(found)


def attributes_of(aws: Any, kind: str, arn: str) -> dict[str, str]:
    if kind == "lb":
        found = aws("elbv2").describe_load_balancer_attributes(LoadBalancerArn=arn)
    else:
        found = aws("elbv2").describe_target_group_attributes(TargetGroupArn=arn)
    return {a["Key"]: a["Value"] for a in found["Attributes"]}


def tags_of(aws: Any, arn: str) -> dict[str, str]:
    (found,) = aws("elbv2").describe_tags(ResourceArns=[arn])["TagDescriptions"]
    return {t["Key"]: t["Value"] for t in found["Tags"]}


def attributes(**values: str) -> list[dict[str, str]]:
    return [{"Key": k.replace("__", "."), "Value": v} for k, v in values.items()]


# load balancers -----------------------------------------------------------------------


def test_load_balancer_create_update_replace_delete(context: Context, aws: Any) -> None:
    def declare(zones: int = 2, groups: int = 1, scheme: str | None = None, **settings: Any) -> App:
        app, stack = new_app()
        _, subnets, security = network(stack)
        elbv2.LoadBalancer(
            stack,
            "lb",
            scheme=scheme,
            subnets=[s.id for s in subnets[:zones]],
            security_groups=[g.group_id for g in security[:groups]],
            **settings,
        )
        return app

    timeout = attributes(idle_timeout__timeout_seconds="120")
    converge(declare(load_balancer_attributes=timeout, tags={"Team": "web"}), context)
    arn = physical_id(context, LB)
    balancer = balancer_of(aws, arn)
    assert balancer["LoadBalancerName"].startswith("shop-main-lb-")
    assert len(balancer["LoadBalancerName"]) <= 32
    assert balancer["Type"] == "application"
    assert balancer["State"] == {"Code": "active"}
    subnets = [physical_id(context, f"shop/main/subnet-{z}") for z, _ in ZONES]
    assert [z["SubnetId"] for z in balancer["AvailabilityZones"]] == subnets[:2]
    assert balancer["SecurityGroups"] == [physical_id(context, "shop/main/sg-one")]
    assert attributes_of(aws, "lb", arn)["idle_timeout.timeout_seconds"] == "120"
    assert tags_of(aws, arn)["Team"] == "web"
    assert tags_of(aws, arn)[ADDRESS_TAG] == LB
    record = context.store.get(LB)
    assert record is not None
    assert record.attributes["DNSName"] == balancer["DNSName"]
    assert record.attributes["LoadBalancerFullName"] == arn.split(":loadbalancer/")[1]

    app = declare(zones=3, groups=2, tags={"Team": "platform"})
    assert actions(plan(app, context)) == {LB: "update"}
    converge(app, context)
    balancer = balancer_of(aws, arn)
    assert [z["SubnetId"] for z in balancer["AvailabilityZones"]] == subnets
    assert len(balancer["SecurityGroups"]) == 2
    assert attributes_of(aws, "lb", arn)["idle_timeout.timeout_seconds"] == "60", "reset"
    assert tags_of(aws, arn)["Team"] == "platform"

    app = declare(zones=3, groups=2, scheme="internal", tags={"Team": "platform"})
    assert actions(plan(app, context)) == {LB: "replace"}
    converge(app, context)
    new = physical_id(context, LB)
    assert balancer_of(aws, new)["Scheme"] == "internal"
    assert balancer_of(aws, new)["LoadBalancerName"] != balancer["LoadBalancerName"]
    remaining = aws("elbv2").describe_load_balancers()["LoadBalancers"]
    assert [b["LoadBalancerArn"] for b in remaining] == [new]

    destroy(app, context)
    assert aws("elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert context.store.all() == []


def test_load_balancer_with_deletion_protection_is_not_deleted(context: Context, aws: Any) -> None:
    def declare(protected: str) -> App:
        app, stack = new_app()
        _, subnets, security = network(stack)
        elbv2.LoadBalancer(
            stack,
            "lb",
            subnets=[s.id for s in subnets[:2]],
            security_groups=[security[0].group_id],
            load_balancer_attributes=attributes(deletion_protection__enabled=protected),
        )
        return app

    app = declare("true")
    converge(app, context)
    arn = physical_id(context, LB)
    assert attributes_of(aws, "lb", arn)["deletion_protection.enabled"] == "true"

    with pytest.raises(ApplyFailed, match="deletion protection"):
        destroy(app, context)
    assert balancer_of(aws, arn)["State"] == {"Code": "active"}
    assert context.store.get(LB) is not None, "a refused deletion keeps its state"

    app = declare("false")
    assert actions(plan(app, context))[LB] == "update"
    converge(app, context)
    destroy(app, context)
    assert aws("elbv2").describe_load_balancers()["LoadBalancers"] == []


def test_deletion_protection_turned_on_outside_landform_is_refused_by_aws() -> None:
    """AWS refuses to delete a protected load balancer (the emulator does not)."""
    with stubbed_api("elbv2") as (api, stubber):
        stubber.add_client_error(
            "delete_load_balancer",
            "OperationNotPermitted",
            "Load balancer is protected from deletion",
            expected_params={"LoadBalancerArn": LB_ARN},
        )
        with pytest.raises(DeletionRefused) as refused:
            handler_for("AWS::ElasticLoadBalancingV2::LoadBalancer").delete(
                api, Live(LB_ARN, {"Name": "web"})
            )
        stubber.assert_no_pending_responses()
    assert refused.value.protection == "deletion protection (deletion_protection.enabled)"


# target groups ------------------------------------------------------------------------


def test_target_group_create_update_replace_delete(context: Context, aws: Any) -> None:
    def declare(port: int = 8080, **settings: Any) -> App:
        app, stack = new_app()
        vpc, _, _ = network(stack)
        elbv2.TargetGroup(
            stack, "tg", target_type="ip", protocol="HTTP", port=port, vpc_id=vpc.id, **settings
        )
        return app

    app = declare(health_check_path="/health", matcher={"HttpCode": "200-299"})
    converge(app, context)
    arn = physical_id(context, TG)
    (group,) = aws("elbv2").describe_target_groups(TargetGroupArns=[arn])["TargetGroups"]
    assert group["TargetGroupName"].startswith("shop-main-tg-")
    assert (group["TargetType"], group["Protocol"], group["Port"]) == ("ip", "HTTP", 8080)
    assert group["VpcId"] == physical_id(context, "shop/main/vpc")
    assert (group["HealthCheckPath"], group["Matcher"]) == ("/health", {"HttpCode": "200-299"})
    assert tags_of(aws, arn)[ADDRESS_TAG] == TG

    app = declare(
        health_check_interval_seconds=10,
        healthy_threshold_count=2,
        target_group_attributes=attributes(deregistration_delay__timeout_seconds="30"),
    )
    assert actions(plan(app, context)) == {TG: "update"}
    converge(app, context)
    (group,) = aws("elbv2").describe_target_groups(TargetGroupArns=[arn])["TargetGroups"]
    assert (group["HealthCheckIntervalSeconds"], group["HealthyThresholdCount"]) == (10, 2)
    assert (group["HealthCheckPath"], group["Matcher"]) == ("/", {"HttpCode": "200"}), "reset"
    delay = attributes_of(aws, "tg", arn)["deregistration_delay.timeout_seconds"]
    assert delay == "30"

    app = declare(port=9090, health_check_interval_seconds=10, healthy_threshold_count=2)
    assert actions(plan(app, context)) == {TG: "replace"}
    converge(app, context)
    new = physical_id(context, TG)
    groups = aws("elbv2").describe_target_groups()["TargetGroups"]
    assert [(g["TargetGroupArn"], g["Port"]) for g in groups] == [(new, 9090)]

    destroy(app, context)
    assert aws("elbv2").describe_target_groups()["TargetGroups"] == []
    assert context.store.all() == []


def test_target_group_list_reads_tags_twenty_at_a_time(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    app, stack = new_app()
    vpc, _, _ = network(stack)
    elbv2.TargetGroup(stack, "tg", target_type="ip", protocol="HTTP", port=80, vpc_id=vpc.id)
    converge(app, context)
    vpc_id = physical_id(context, "shop/main/vpc")
    for n in range(24):
        aws("elbv2").create_target_group(
            Name=f"other-{n}", Protocol="HTTP", Port=80, VpcId=vpc_id, TargetType="ip"
        )
    context.fresh_reads()
    calls.calls.clear()
    listed = handler_for("AWS::ElasticLoadBalancingV2::TargetGroup").list(
        context.api(None, REGION)  # type: ignore[arg-type]
    )
    assert [live.physical_id for live in listed] == [physical_id(context, TG)]
    assert calls.calls[("elbv2", "DescribeTargetGroups")] == 1
    assert calls.calls[("elbv2", "DescribeTags")] == 2, "25 target groups, 20 a call"


# listeners ----------------------------------------------------------------------------


def test_listener_create_update_replace_delete(context: Context, aws: Any) -> None:
    def declare(balancer: str = "lb", port: int = 80, target: str = "tg") -> App:
        app, stack = new_app()
        vpc, subnets, security = network(stack)
        balancers = {
            name: elbv2.LoadBalancer(
                stack,
                name,
                subnets=[s.id for s in subnets[:2]],
                security_groups=[security[0].group_id],
            )
            for name in ("lb", "lb2")
        }
        groups = {
            name: elbv2.TargetGroup(
                stack, name, target_type="ip", protocol="HTTP", port=80, vpc_id=vpc.id
            )
            for name in ("tg", "tg2")
        }
        elbv2.Listener(
            stack,
            "listener",
            load_balancer_arn=balancers[balancer].id,
            port=port,
            protocol="HTTP",
            default_actions=[{"Type": "forward", "TargetGroupArn": groups[target].id}],
        )
        return app

    converge(declare(), context)
    arn = physical_id(context, LISTENER)
    lb = physical_id(context, LB)
    (listener,) = aws("elbv2").describe_listeners(LoadBalancerArn=lb)["Listeners"]
    assert (listener["ListenerArn"], listener["Port"], listener["Protocol"]) == (arn, 80, "HTTP")
    (action,) = listener["DefaultActions"]
    assert (action["Type"], action["TargetGroupArn"]) == ("forward", physical_id(context, TG))
    assert tags_of(aws, arn)[ADDRESS_TAG] == LISTENER

    app = declare(port=8080, target="tg2")
    assert actions(plan(app, context)) == {LISTENER: "update"}
    converge(app, context)
    (listener,) = aws("elbv2").describe_listeners(LoadBalancerArn=lb)["Listeners"]
    assert (listener["ListenerArn"], listener["Port"]) == (arn, 8080)
    tg2 = physical_id(context, "shop/main/tg2")
    assert [a["TargetGroupArn"] for a in listener["DefaultActions"]] == [tg2]

    app = declare(balancer="lb2", port=8080, target="tg2")
    assert actions(plan(app, context)) == {LISTENER: "replace"}
    converge(app, context)
    assert aws("elbv2").describe_listeners(LoadBalancerArn=lb)["Listeners"] == []
    lb2 = physical_id(context, "shop/main/lb2")
    (listener,) = aws("elbv2").describe_listeners(LoadBalancerArn=lb2)["Listeners"]
    assert listener["ListenerArn"] == physical_id(context, LISTENER)

    destroy(app, context)
    assert aws("elbv2").describe_load_balancers()["LoadBalancers"] == []
    assert context.store.all() == []


def test_listener_on_a_load_balancer_landform_does_not_own_is_listed(
    context: Context, aws: Any
) -> None:
    """A listener added to a shared load balancer is found again by the next plan."""
    app, stack = new_app()
    network(stack)
    converge(app, context)
    shared = aws("elbv2").create_load_balancer(
        Name="shared",
        Subnets=[physical_id(context, f"shop/main/subnet-{z}") for z in "ab"],
        SecurityGroups=[physical_id(context, "shop/main/sg-one")],
    )["LoadBalancers"][0]["LoadBalancerArn"]
    app, stack = new_app()
    network(stack)
    elbv2.Listener(
        stack,
        "listener",
        load_balancer_arn=shared,
        port=80,
        protocol="HTTP",
        default_actions=[{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}],
    )
    converge(app, context)
    (listener,) = aws("elbv2").describe_listeners(LoadBalancerArn=shared)["Listeners"]
    assert listener["ListenerArn"] == physical_id(context, LISTENER)


def test_resources_made_by_a_crashed_run_are_adopted(context: Context) -> None:
    """What list reads back is what was declared: found by their tags, a load balancer,
    a target group and a listener are adopted as they are."""
    app, stack = new_app()
    vpc, subnets, security = network(stack)
    balancer = elbv2.LoadBalancer(
        stack,
        "lb",
        scheme="internal",
        subnets=[s.id for s in subnets[:2]],
        security_groups=[security[0].group_id],
    )
    group = elbv2.TargetGroup(
        stack,
        "tg",
        target_type="instance",
        protocol="HTTP",
        port=8080,
        vpc_id=vpc.id,
        health_check_path="/ready",
        matcher={"HttpCode": "200,204"},
    )
    elbv2.Listener(
        stack,
        "listener",
        load_balancer_arn=balancer.id,
        port=80,
        protocol="HTTP",
        default_actions=[{"Type": "forward", "TargetGroupArn": group.id}],
    )
    converge(app, context)
    for address in (LB, TG, LISTENER):
        context.store.remove(address)
    assert actions(plan(app, context)) == {LB: "adopt", TG: "adopt", LISTENER: "adopt"}
