"""Property comparison as CloudFormation means it."""

from __future__ import annotations

from landform.engine.diff import ABSENT, diff_properties
from landform.model.schema import schema_for

SG = schema_for("AWS::EC2::SecurityGroup")


def rule(port: int, **extra: object) -> dict[str, object]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "CidrIp": "0.0.0.0/0", **extra}


def test_unordered_rules_with_extra_live_keys_are_equal() -> None:
    desired = {"GroupDescription": "web", "SecurityGroupIngress": [rule(443), rule(80)]}
    live = {
        "GroupDescription": "web",
        "SecurityGroupIngress": [rule(80, Description=""), rule(443, Description="")],
    }
    assert diff_properties(SG, desired, live, desired) == []


def test_a_changed_rule_is_a_difference_and_not_a_replacement() -> None:
    desired = {"GroupDescription": "web", "SecurityGroupIngress": [rule(443)]}
    live = {"GroupDescription": "web", "SecurityGroupIngress": [rule(22)]}
    (change,) = diff_properties(SG, desired, live, desired)
    assert change.name == "SecurityGroupIngress"
    assert not change.replaces


def test_create_only_change_replaces_and_undeclared_defaults_do_not_count() -> None:
    desired = {"GroupDescription": "api"}
    live = {"GroupDescription": "web", "VpcId": "vpc-1"}
    (change,) = diff_properties(SG, desired, live, {})
    assert (change.name, change.before, change.after, change.replaces) == (
        "GroupDescription",
        "web",
        "api",
        True,
    )


def test_a_property_no_longer_declared_is_a_change_to_absent() -> None:
    recorded = {"GroupDescription": "web", "SecurityGroupEgress": [rule(443)]}
    live = {"GroupDescription": "web", "SecurityGroupEgress": [rule(443)]}
    (change,) = diff_properties(SG, {"GroupDescription": "web"}, live, recorded)
    assert (change.name, change.after) == ("SecurityGroupEgress", ABSENT)


def test_tags_compare_as_sets_without_aws_tags() -> None:
    desired = {
        "GroupDescription": "web",
        "Tags": [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}],
    }
    live = {
        "GroupDescription": "web",
        "Tags": [
            {"Key": "b", "Value": "2"},
            {"Key": "aws:cloudformation:x", "Value": "y"},
            {"Key": "a", "Value": "1"},
        ],
    }
    assert diff_properties(SG, desired, live, desired) == []
