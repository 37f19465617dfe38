"""AWS::EC2::VPC against the emulator."""

from __future__ import annotations

from typing import Any

from landform.aws import ec2
from landform.engine.context import Context
from tests.support import actions, converge, destroy, new_app, plan


def test_vpc_create_update_replace_delete(context: Context, aws: Any) -> None:
    app, stack = new_app()
    ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16", enable_dns_hostnames=True)
    converge(app, context)
    (vpc,) = aws("ec2").describe_vpcs(
        Filters=[{"Name": "tag:landform:address", "Values": ["shop/main/vpc"]}]
    )["Vpcs"]
    assert vpc["CidrBlock"] == "10.0.0.0/16"
    attribute = aws("ec2").describe_vpc_attribute(
        VpcId=vpc["VpcId"], Attribute="enableDnsHostnames"
    )
    assert attribute["EnableDnsHostnames"]["Value"] is True

    app, stack = new_app()
    ec2.VPC(
        stack, "vpc", cidr_block="10.0.0.0/16", enable_dns_hostnames=False, tags={"Tier": "core"}
    )
    assert actions(plan(app, context)) == {"shop/main/vpc": "update"}
    converge(app, context)
    tags = {
        t["Key"]: t["Value"]
        for t in aws("ec2").describe_tags(
            Filters=[{"Name": "resource-id", "Values": [vpc["VpcId"]]}]
        )["Tags"]
    }
    assert tags["Tier"] == "core"

    app, stack = new_app()
    ec2.VPC(stack, "vpc", cidr_block="10.1.0.0/16")
    assert actions(plan(app, context)) == {"shop/main/vpc": "replace"}
    converge(app, context)
    owned = aws("ec2").describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["landform:address"]}])[
        "Vpcs"
    ]
    assert [v["CidrBlock"] for v in owned] == ["10.1.0.0/16"]

    destroy(app, context)
    assert (
        aws("ec2").describe_vpcs(Filters=[{"Name": "tag-key", "Values": ["landform:address"]}])[
            "Vpcs"
        ]
        == []
    )
    assert context.store.all() == []
