"""Landform::EC2::DefaultSecurityGroup against the emulator: a VPC's default group adopted
with exactly the declared rules, drift, replacement, and AWS's rules given back on delete."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App, Resource, ValidationError
from landform.aws import ec2
from landform.engine.apply import ApplyFailed, apply_plan
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.errors import LandformError
from landform.handlers.base import tag_map
from landform.handlers.registry import handler_for
from landform.model.tags import ADDRESS_TAG
from tests.conftest import REGION
from tests.handlers.test_ec2_security import rules
from tests.support import actions, converge, new_app, plan

TYPE = "Landform::EC2::DefaultSecurityGroup"
ADDRESS = "shop/main/default-sg"
HTTPS_IN = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/16"}
HTTPS_OUT = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
SSH = {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


def declared(
    ingress: list[dict[str, Any]],
    egress: list[dict[str, Any]],
    vpcs: tuple[str, ...] = ("vpc",),
    group_of: str = "vpc",
) -> App:
    app, stack = new_app()
    made = {name: ec2.VPC(stack, name, cidr_block="10.0.0.0/16") for name in vpcs}
    ec2.DefaultSecurityGroup(
        stack,
        "default-sg",
        vpc_id=made[group_of].id,
        security_group_ingress=ingress,
        security_group_egress=egress,
    )
    return app


def vpc_only() -> App:
    app, stack = new_app()
    ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    return app


def default_group(aws: Any, vpc_id: str) -> dict[str, Any]:
    (group,) = aws("ec2").describe_security_groups(
        Filters=[
            {"Name": "vpc-id", "Values": [vpc_id]},
            {"Name": "group-name", "Values": ["default"]},
        ]
    )["SecurityGroups"]
    return group  # type: ignore[no-any-return]


def physical_id(context: Context, address: str) -> str:
    record = context.store.get(address)
    assert record is not None, address
    return record.physical_id


def test_the_default_group_is_adopted_with_no_rules_and_listed_by_its_tag(
    context: Context, aws: Any
) -> None:
    converge(declared([], []), context)
    vpc_id = physical_id(context, "shop/main/vpc")
    group = default_group(aws, vpc_id)
    assert physical_id(context, ADDRESS) == group["GroupId"]
    vpc = context.store.get("shop/main/vpc")
    assert vpc is not None and vpc.attributes["DefaultSecurityGroup"] == group["GroupId"]
    assert group["IpPermissions"] == group["IpPermissionsEgress"] == []
    assert tag_map(group["Tags"])[ADDRESS_TAG] == ADDRESS
    assert tag_map(group["Tags"])["Project"] == "storefront", "the house tags too"

    (listed,) = handler_for(TYPE).list(context.api(None, REGION))
    assert listed.physical_id == group["GroupId"]
    assert listed.address == ADDRESS
    assert listed.properties["VpcId"] == vpc_id
    assert listed.properties["SecurityGroupIngress"] == []
    assert listed.properties["SecurityGroupEgress"] == []
    assert listed.attributes == {"GroupId": group["GroupId"]}
    assert not [
        other
        for other in aws("ec2").describe_security_groups()["SecurityGroups"]
        if other["GroupName"] == "default"
        and other["VpcId"] != vpc_id
        and ADDRESS_TAG in tag_map(other.get("Tags"))
    ], "only the declared VPC's group is adopted"


def test_rules_are_made_exactly_the_declared_ones_in_place(context: Context, aws: Any) -> None:
    converge(declared([HTTPS_IN], [HTTPS_OUT]), context)
    group_id = physical_id(context, ADDRESS)
    group = default_group(aws, physical_id(context, "shop/main/vpc"))
    assert rules(group["IpPermissions"]) == [("tcp", 443, 443, "10.0.0.0/16", None)]
    assert rules(group["IpPermissionsEgress"]) == [("tcp", 443, 443, "0.0.0.0/0", None)]

    app = declared([], [HTTPS_OUT])
    assert actions(plan(app, context)) == {ADDRESS: "update"}
    converge(app, context)
    group = default_group(aws, physical_id(context, "shop/main/vpc"))
    assert group["IpPermissions"] == []
    assert rules(group["IpPermissionsEgress"]) == [("tcp", 443, 443, "0.0.0.0/0", None)]
    assert physical_id(context, ADDRESS) == group_id, "updated in place"


def test_a_rule_added_behind_landforms_back_is_drift_and_revoked(
    context: Context, aws: Any
) -> None:
    converge(declared([], []), context)
    group_id = physical_id(context, ADDRESS)
    aws("ec2").authorize_security_group_ingress(GroupId=group_id, IpPermissions=[SSH])

    drifts = detect_drift(context, lambda address: True)
    assert [(d.address, [c.name for c in d.changes]) for d in drifts] == [
        (ADDRESS, ["SecurityGroupIngress"])
    ]
    assert actions(plan(declared([], []), context)) == {ADDRESS: "update"}
    converge(declared([], []), context)
    assert default_group(aws, physical_id(context, "shop/main/vpc"))["IpPermissions"] == []


def test_delete_gives_back_aws_default_rules_and_removes_the_ownership_tag(
    context: Context, aws: Any
) -> None:
    converge(declared([HTTPS_IN], []), context)
    group_id = physical_id(context, ADDRESS)

    converge(vpc_only(), context)

    group = default_group(aws, physical_id(context, "shop/main/vpc"))
    assert group["GroupId"] == group_id, "the group stays with its VPC"
    assert rules(group["IpPermissions"]) == [("-1", None, None, group_id, None)]
    assert rules(group["IpPermissionsEgress"]) == [("-1", None, None, "0.0.0.0/0", None)]
    assert ADDRESS_TAG not in tag_map(group.get("Tags"))
    assert context.store.get(ADDRESS) is None
    assert list(handler_for(TYPE).list(context.api(None, REGION))) == []


def test_a_vpc_with_ipv6_gets_its_ipv6_default_rule_back(context: Context, aws: Any) -> None:
    vpc_id = aws("ec2").create_vpc(CidrBlock="10.1.0.0/16", AmazonProvidedIpv6CidrBlock=True)[
        "Vpc"
    ]["VpcId"]
    handler = handler_for(TYPE)
    api = context.api(None, REGION)
    props = {
        "VpcId": vpc_id,
        "SecurityGroupIngress": [],
        "SecurityGroupEgress": [],
        "Tags": [{"Key": ADDRESS_TAG, "Value": ADDRESS}],
    }
    created = handler.create(api, props, "token")
    assert default_group(aws, vpc_id)["IpPermissionsEgress"] == []

    handler.delete(api, created)

    group = default_group(aws, vpc_id)
    assert rules(group["IpPermissionsEgress"]) == [
        ("-1", None, None, "0.0.0.0/0", None),
        ("-1", None, None, "::/0", None),
    ]


def test_changing_the_vpc_replaces_it_and_the_old_group_gets_its_rules_back(
    context: Context, aws: Any
) -> None:
    converge(declared([], [], vpcs=("vpc", "other")), context)
    first = physical_id(context, ADDRESS)

    app = declared([], [], vpcs=("vpc", "other"), group_of="other")
    assert actions(plan(app, context)) == {ADDRESS: "replace"}
    converge(app, context)

    second = default_group(aws, physical_id(context, "shop/main/other"))
    assert physical_id(context, ADDRESS) == second["GroupId"] != first
    assert second["IpPermissionsEgress"] == []
    old = default_group(aws, physical_id(context, "shop/main/vpc"))
    assert rules(old["IpPermissionsEgress"]) == [("-1", None, None, "0.0.0.0/0", None)]
    assert ADDRESS_TAG not in tag_map(old.get("Tags"))


def test_a_group_another_app_manages_is_not_taken_over(context: Context, aws: Any) -> None:
    converge(declared([], []), context)
    vpc_id = physical_id(context, "shop/main/vpc")
    other, stack = new_app("other")
    ec2.DefaultSecurityGroup(
        stack,
        "default-sg",
        vpc_id=vpc_id,
        security_group_ingress=[HTTPS_IN],
        security_group_egress=[],
    )

    with pytest.raises(ApplyFailed, match=f"is managed by {ADDRESS} already"):
        apply_plan(context, plan(other, context))
    group = default_group(aws, vpc_id)
    assert group["IpPermissions"] == [], "left as its owner declared it"
    assert tag_map(group["Tags"])[ADDRESS_TAG] == ADDRESS


def test_undeclared_rules_are_refused_before_any_call() -> None:
    _, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    with pytest.raises(ValidationError) as raised:
        Resource(
            stack,
            "default-sg",
            type_name=TYPE,
            properties={"VpcId": vpc.id, "SecurityGroupIngress": []},
        )
    assert "SecurityGroupEgress" in raised.value.message
    assert raised.value.where is not None and "default-sg" in str(raised.value.where)


def test_a_vpc_that_does_not_exist_is_named_in_the_error(context: Context) -> None:
    props = {
        "VpcId": "vpc-0123456789abcdef0",
        "SecurityGroupIngress": [],
        "SecurityGroupEgress": [],
        "Tags": [{"Key": ADDRESS_TAG, "Value": ADDRESS}],
    }
    with pytest.raises(LandformError, match="VPC vpc-0123456789abcdef0 has no default"):
        handler_for(TYPE).create(context.api(None, REGION), props, "token")
