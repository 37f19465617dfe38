"""Declarations: typed classes, references, tags and the tag policy (no AWS)."""

from __future__ import annotations

import pytest

from landform import App, Resource, TagPolicy, ValidationError, join
from landform.aws import ec2, kms, rds, s3
from landform.engine.desired import build_desired
from landform.errors import PolicyViolation
from landform.model.tags import merged_tags

HOUSE = {"Project": "p", "Owner": "o", "CostCenter": "c", "ManagedBy": "landform"}


def stack_of(app: App) -> object:
    return app.stack(
        "main", account="111111111111", region="eu-west-1", tags={"Environment": "staging"}
    )


def test_keyword_arguments_map_to_cloudformation_properties() -> None:
    app = App("a", tags=HOUSE)
    stack = app.stack("main", region="eu-west-1")
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16", enable_dns_hostnames=True)
    assert vpc.properties == {"CidrBlock": "10.0.0.0/16", "EnableDnsHostnames": True}
    assert vpc.address == "a/main/vpc"


def test_nested_snake_case_keys_become_cloudformation_names() -> None:
    app = App("a", tags=HOUSE)
    stack = app.stack("main", region="eu-west-1")
    bucket = s3.Bucket(
        stack,
        "b",
        versioning_configuration={"status": "Enabled"},
        public_access_block_configuration={"block_public_acls": True},
    )
    assert bucket.properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert bucket.properties["PublicAccessBlockConfiguration"] == {"BlockPublicAcls": True}


def test_references_and_joins_are_dependencies_and_intrinsics() -> None:
    app = App("a", tags={**HOUSE, "Environment": "staging"})
    stack = app.stack("main", account="111111111111", region="eu-west-1")
    key = kms.Key(stack, "key")
    bucket = s3.Bucket(stack, "b")
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    policy = s3.BucketPolicy(
        stack,
        "policy",
        bucket=bucket.id,
        policy_document={
            "Statement": [
                {
                    "Effect": "Deny",
                    "Principal": "*",
                    "Action": "s3:*",
                    "Resource": join(bucket.arn, "/*"),
                    "Condition": {"StringEquals": {"kms:Key": key.arn}},
                }
            ]
        },
        depends_on=[vpc],
    )
    assert policy.dependencies() == [bucket, key, vpc]
    desired = build_desired(app, lambda: "unused")["a/main/policy"]
    statement = desired.properties["PolicyDocument"]["Statement"][0]
    assert desired.properties["Bucket"] == {"Ref": "a/main/b"}
    assert statement["Resource"] == {"Fn::Join": ["", [{"Fn::GetAtt": ["a/main/b", "Arn"]}, "/*"]]}
    assert desired.dependencies == ("a/main/b", "a/main/key", "a/main/vpc")


def test_a_reference_cannot_be_formatted_into_a_string() -> None:
    app = App("a", tags=HOUSE)
    vpc = ec2.VPC(app.stack("main", region="eu-west-1"), "vpc", cidr_block="10.0.0.0/16")
    with pytest.raises(TypeError, match=r"landform\.join"):
        f"{vpc.id}"


def test_attr_names_an_unknown_attribute() -> None:
    app = App("a", tags=HOUSE)
    vpc = ec2.VPC(app.stack("main", region="eu-west-1"), "vpc", cidr_block="10.0.0.0/16")
    assert vpc.attr("DefaultSecurityGroup").attribute == "DefaultSecurityGroup"
    with pytest.raises(ValidationError, match="has no attribute 'Arn'"):
        vpc.attr("Arn")


def test_attr_reaches_dotted_attributes() -> None:
    app = App("a", tags=HOUSE)
    stack = app.stack("main", region="eu-west-1")
    db = rds.DBInstance(stack, "db", engine="postgres", db_instance_class="db.t3.micro")
    assert db.attr("Endpoint.Address").attribute == "Endpoint.Address"
    with pytest.raises(ValidationError, match=r"has no attribute 'Endpoint.Host'"):
        db.attr("Endpoint.Host")


def test_tags_merge_app_then_stack_then_resource_then_address() -> None:
    app = App("a", tags={**HOUSE, "Owner": "app-owner"})
    stack = app.stack(
        "main", region="eu-west-1", tags={"Environment": "staging", "Owner": "stack-owner"}
    )
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16", tags={"Owner": "vpc-owner"})
    tags = merged_tags(vpc)
    assert tags["Owner"] == "vpc-owner"
    assert tags["Environment"] == "staging"
    assert tags["landform:address"] == "a/main/vpc"


def test_untaggable_type_refuses_tags() -> None:
    app = App("a", tags=HOUSE)
    stack = app.stack("main", region="eu-west-1")
    with pytest.raises(ValidationError, match="does not support tags"):
        Resource(
            stack,
            "r",
            type_name="AWS::EC2::Route",
            properties={"RouteTableId": "rtb-1"},
            tags={"a": "b"},
        )


def test_unknown_type_is_refused_with_a_hint() -> None:
    app = App("a", tags=HOUSE)
    with pytest.raises(ValidationError, match="unknown CloudFormation type"):
        Resource(app.stack("main", region="eu-west-1"), "r", type_name="AWS::Nope::Thing")


def test_custom_tag_policy_lists_every_violation() -> None:
    app = App(
        "a",
        tags={"Team": "payments"},
        tag_policy=TagPolicy.of({"Team": ["payments", "search"], "Tier": []}),
    )
    stack = app.stack("main", region="eu-west-1")
    ec2.VPC(stack, "one", cidr_block="10.0.0.0/16", tags={"Team": "ads"})
    ec2.VPC(stack, "two", cidr_block="10.1.0.0/16", tags={"Tier": "web"})
    with pytest.raises(PolicyViolation) as raised:
        app.check_tag_policy()
    messages = [v.message for v in raised.value.violations]
    assert messages == ["tag Team='ads' is not allowed", "missing required tag Tier"]
    assert raised.value.exit_code == 3


def test_untaggable_resources_are_not_held_to_the_tag_policy() -> None:
    app = App("a", tags={**HOUSE, "Environment": "production"})
    stack = app.stack("main", region="eu-west-1")
    table = ec2.RouteTable(stack, "rt", vpc_id="vpc-1")
    ec2.Route(
        stack,
        "route",
        route_table_id=table.id,
        destination_cidr_block="0.0.0.0/0",
        gateway_id="igw-1",
    )
    app.check_tag_policy()
