"""Cases of the tagging rule."""

from __future__ import annotations

from landform.model.tags import TagPolicy
from landform.rules.base import Settings
from tests.conftest import TAGS
from tests.rules.harness import Aws, ModelCase, RuleCases


def _tags(**changes: str | None) -> list[dict[str, str]]:
    tags = {**TAGS, **changes}
    return [{"Key": k, "Value": v} for k, v in tags.items() if v is not None]


def _vpc(aws: Aws, tags: list[dict[str, str]]) -> str:
    ec2 = aws("ec2")
    specification = [{"ResourceType": "vpc", "Tags": tags}] if tags else []
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16", TagSpecifications=specification)["Vpc"]
    return str(vpc["VpcId"])


CASES = {
    "LF-TAG-001": RuleCases(
        "AWS::EC2::VPC",
        passing=[
            {"CidrBlock": "10.0.0.0/16", "Tags": _tags()},
            ModelCase(
                {"Tags": _tags(Owner=None)},
                settings=Settings(tag_policy=TagPolicy.of(["Project"])),
            ),
        ],
        failing=[
            {"CidrBlock": "10.0.0.0/16", "Tags": _tags(Owner=None)},
            {"Tags": _tags(Environment="qa")},
            {"CidrBlock": "10.0.0.0/16"},
        ],
        live_passing=lambda aws: _vpc(aws, _tags()),
        live_failing=lambda aws: _vpc(aws, []),
    ),
}
