"""The core's promises, shown on the emulator: idempotent re-apply, drift, replacement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from landform.aws import ec2, kms
from landform.cloud.calls import CallCounter
from landform.constructs import EncryptedBucket, WebSecurityGroup
from landform.engine.apply import apply_plan
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.project import load_app
from tests.support import actions, converge, new_app, plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "storefront"


def test_second_apply_of_the_example_makes_no_mutating_call(
    context: Context, calls: CallCounter
) -> None:
    app = load_app(EXAMPLE)
    converge(app, context)
    calls.calls.clear()
    outcome = apply_plan(context, plan(load_app(EXAMPLE), context))
    assert outcome.done == []
    assert calls.mutating == {}
    assert calls.total > 0  # it did read


def test_drift_reports_exactly_what_changed_out_of_band_and_apply_restores_it(
    context: Context, aws: Any
) -> None:
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    web = WebSecurityGroup(stack, "web", vpc=vpc)
    bucket = EncryptedBucket(stack, "assets", key=kms.Key(stack, "key", description="k"))
    converge(app, context)
    assert detect_drift(context, lambda a: True) == []

    group_id = context.store.get(web.group.address).physical_id  # type: ignore[union-attr]
    bucket_name = context.store.get(bucket.bucket.address).physical_id  # type: ignore[union-attr]
    aws("ec2").authorize_security_group_ingress(
        GroupId=group_id,
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )
    aws("s3").put_bucket_versioning(
        Bucket=bucket_name, VersioningConfiguration={"Status": "Suspended"}
    )

    drifted = {
        d.address: [c.name for c in d.changes] for d in detect_drift(context, lambda a: True)
    }
    assert drifted == {
        web.group.address: ["SecurityGroupIngress"],
        bucket.bucket.address: ["VersioningConfiguration"],
    }
    assert actions(plan(app, context)) == {
        web.group.address: "update",
        bucket.bucket.address: "update",
    }
    converge(app, context)
    assert detect_drift(context, lambda a: True) == []
    ports = {
        p.get("FromPort")
        for p in aws("ec2").describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0][
            "IpPermissions"
        ]
    }
    assert ports == {80, 443}
    status = aws("s3").get_bucket_versioning(Bucket=bucket_name)["Status"]
    assert status == "Enabled"


def replaceable(cidr: str) -> tuple[Any, dict[str, str]]:
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    subnet = ec2.Subnet(
        stack, "subnet", vpc_id=vpc.id, cidr_block=cidr, availability_zone="us-east-1a"
    )
    table = ec2.RouteTable(stack, "table", vpc_id=vpc.id)
    ec2.SubnetRouteTableAssociation(stack, "assoc", subnet_id=subnet.id, route_table_id=table.id)
    gateway = ec2.TransitGateway(stack, "tgw", description="hub")
    ec2.TransitGatewayAttachment(
        stack, "attach", transit_gateway_id=gateway.id, vpc_id=vpc.id, subnet_ids=[subnet.id]
    )
    return app, {"subnet": subnet.address, "assoc": "shop/main/assoc", "attach": "shop/main/attach"}


def test_changing_a_subnet_cidr_replaces_it_and_updates_what_refers_to_it(
    context: Context, aws: Any
) -> None:
    app, names = replaceable("10.0.1.0/24")
    converge(app, context)
    old = context.store.get(names["subnet"]).physical_id  # type: ignore[union-attr]

    app, names = replaceable("10.0.9.0/24")
    planned = plan(app, context)
    assert actions(planned) == {
        names["subnet"]: "replace",
        names["assoc"]: "replace",  # SubnetId is create-only on an association
        names["attach"]: "update",  # SubnetIds of an attachment change in place
    }
    subnet_change = next(c for c in planned.changes if c.address == names["subnet"])
    assert [(c.name, c.replaces) for c in subnet_change.changes] == [("CidrBlock", True)]

    converge(app, context)
    new = context.store.get(names["subnet"]).physical_id  # type: ignore[union-attr]
    assert new != old
    subnets = aws("ec2").describe_subnets(
        Filters=[{"Name": "tag:landform:address", "Values": [names["subnet"]]}]
    )["Subnets"]
    assert [(s["SubnetId"], s["CidrBlock"]) for s in subnets] == [(new, "10.0.9.0/24")]
    attachment = aws("ec2").describe_transit_gateway_vpc_attachments()[
        "TransitGatewayVpcAttachments"
    ]
    assert [a["SubnetIds"] for a in attachment if a["State"] == "available"] == [[new]]
