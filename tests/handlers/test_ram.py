"""AWS::RAM::ResourceShare against the emulator: a shared-services account shares its
transit gateways with workload accounts and OUs of the organization."""

from __future__ import annotations

from typing import Any

import pytest

from landform import App
from landform.aws import ec2, ram
from landform.cloud.calls import CallCounter
from landform.engine.apply import ApplyFailed
from landform.engine.context import Context
from landform.errors import LandformError
from landform.handlers.base import Api, Live
from landform.handlers.ram.resource_share import ResourceShare
from tests.conftest import ACCOUNT, REGION
from tests.handlers.contract import Call, queue, stubbed_api
from tests.support import actions, converge, destroy, new_app, plan

NETWORK = "shop/main/network"
WORKLOAD = "111122223333"
SHARE_ARN = f"arn:aws:ram:{REGION}:{ACCOUNT}:resource-share/8c2f0f4e"
PERMISSION = "arn:aws:ram::aws:permission/AWSRAMDefaultPermissionTransitGateway"


def network_app(**properties: Any) -> App:
    app, stack = new_app()
    ram.ResourceShare(stack, "network", **{"name": "network", **properties})
    return app


def gateway_arn(aws: Any) -> str:
    return str(aws("ec2").create_transit_gateway()["TransitGateway"]["TransitGatewayArn"])


def workloads_unit(aws: Any) -> str:
    """The ARN of an OU for workloads, in a new organization."""
    org = aws("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    return str(
        org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]["Arn"]
    )


def share(aws: Any, arn: str) -> dict[str, Any]:
    (found,) = [
        s
        for s in aws("ram").get_resource_shares(resourceOwner="SELF")["resourceShares"]
        if s["resourceShareArn"] == arn
    ]
    return found  # type: ignore[no-any-return]


def associated(aws: Any, arn: str, kind: str) -> list[str]:
    found = aws("ram").get_resource_share_associations(
        associationType=kind, resourceShareArns=[arn]
    )["resourceShareAssociations"]
    return sorted(a["associatedEntity"] for a in found)


def listed_shares(context: Context) -> list[Live]:
    """What list finds, read afresh (not from the run's remembered list calls)."""
    return list(ResourceShare().list(Api(context.sessions.client, ACCOUNT, REGION)))


def physical_id(context: Context) -> str:
    record = context.store.get(NETWORK)
    assert record is not None
    return record.physical_id


def test_share_create_update_delete(context: Context, aws: Any) -> None:
    first, second = gateway_arn(aws), gateway_arn(aws)
    unit = workloads_unit(aws)
    converge(
        network_app(resource_arns=[first], principals=[WORKLOAD], tags={"Tier": "network"}),
        context,
    )
    arn = physical_id(context)
    found = share(aws, arn)
    assert (found["name"], found["allowExternalPrincipals"]) == ("network", True)
    tags = {t["key"]: t["value"] for t in found["tags"]}
    assert (tags["landform:address"], tags["Tier"]) == (NETWORK, "network")
    assert associated(aws, arn, "RESOURCE") == [first]
    assert associated(aws, arn, "PRINCIPAL") == [WORKLOAD]
    record = context.store.get(NETWORK)
    assert record is not None
    assert record.attributes["Arn"] == arn
    assert (record.attributes["Status"], record.attributes["OwningAccountId"]) == (
        "ACTIVE",
        arn.split(":")[4],
    )

    (listed,) = listed_shares(context)
    assert (listed.physical_id, listed.address) == (arn, NETWORK)
    assert listed.properties["ResourceArns"] == [first]

    app = network_app(
        name="shared-network",
        allow_external_principals=False,
        resource_arns=[first, second],
        principals=[WORKLOAD, unit],
        tags={"Tier": "core"},
    )
    assert actions(plan(app, context)) == {NETWORK: "update"}
    converge(app, context)
    assert physical_id(context) == arn, "changed in place"
    found = share(aws, arn)
    assert (found["name"], found["allowExternalPrincipals"]) == ("shared-network", False)
    assert {t["key"]: t["value"] for t in found["tags"]}["Tier"] == "core"
    assert associated(aws, arn, "RESOURCE") == sorted([first, second])
    assert associated(aws, arn, "PRINCIPAL") == sorted([WORKLOAD, unit])

    app = network_app(name="shared-network", resource_arns=[second], principals=[unit])
    assert actions(plan(app, context)) == {NETWORK: "update"}
    converge(app, context)
    assert associated(aws, arn, "RESOURCE") == [second]
    assert associated(aws, arn, "PRINCIPAL") == [unit]
    assert "Tier" not in {t["key"] for t in share(aws, arn)["tags"]}

    destroy(app, context)
    assert share(aws, arn)["status"] == "DELETED"
    assert listed_shares(context) == []
    assert context.store.all() == []
    ResourceShare().delete(Api(context.sessions.client, ACCOUNT, REGION), listed)


def test_listing_reads_owned_shares_and_their_associations_at_once(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    aws("ram").create_resource_share(name="not-landforms", principals=[WORKLOAD])
    gateway = gateway_arn(aws)
    app, stack = new_app()
    for name in ("network", "dns"):
        ram.ResourceShare(stack, name, name=name, resource_arns=[gateway], principals=[WORKLOAD])
    converge(app, context)
    calls.calls.clear()
    assert actions(plan(app, context)) == {}
    assert calls.calls[("ram", "GetResourceShares")] == 1
    assert calls.calls[("ram", "GetResourceShareAssociations")] == 2
    listed = listed_shares(context)
    assert sorted(live.properties["Name"] for live in listed) == ["dns", "network"]


def test_permissions_are_set_on_create_and_not_changed_in_place(context: Context, aws: Any) -> None:
    gateway = gateway_arn(aws)
    converge(network_app(resource_arns=[gateway], permission_arns=[PERMISSION]), context)
    other = PERMISSION.replace("Default", "Custom")
    app = network_app(resource_arns=[gateway], permission_arns=[other])
    assert actions(plan(app, context)) == {NETWORK: "update"}
    with pytest.raises(ApplyFailed, match="cannot change PermissionArns"):
        converge(app, context)


def member(aws: Any, name: str) -> str:
    """A new account of the organization (Landform reaches it through its
    OrganizationAccountAccessRole)."""
    status = aws("organizations").create_account(AccountName=name, Email=f"{name}@example.com")
    return str(status["CreateAccountStatus"]["AccountId"])


def test_a_workload_account_attaches_to_the_gateway_shared_with_its_unit(
    context: Context, aws: Any
) -> None:
    """The landing zone's network: the shared-services account shares its gateway with
    the workloads OU, and a workload account's VPC attaches to it."""
    unit = workloads_unit(aws)
    org = aws("organizations")
    shared, workload = member(aws, "shared-services"), member(aws, "workload")
    org.move_account(
        AccountId=workload,
        SourceParentId=org.list_roots()["Roots"][0]["Id"],
        DestinationParentId=unit.rsplit("/", 1)[1],
    )
    app, _ = new_app()
    network = app.stack("network", account=shared, region=REGION)
    gateway = ec2.TransitGateway(network, "tgw", auto_accept_shared_attachments="enable")
    sharing = ram.ResourceShare(
        network,
        "network",
        name="network",
        resource_arns=[gateway.transit_gateway_arn],
        principals=[unit],
        allow_external_principals=False,
    )
    spoke = app.stack("workload", account=workload, region=REGION)
    vpc = ec2.VPC(spoke, "vpc", cidr_block="10.1.0.0/16")
    subnet = ec2.Subnet(spoke, "subnet", vpc_id=vpc.id, cidr_block="10.1.1.0/24")
    ec2.TransitGatewayAttachment(
        spoke,
        "attachment",
        transit_gateway_id=gateway.id,
        vpc_id=vpc.id,
        subnet_ids=[subnet.id],
        depends_on=[sharing],
    )
    converge(app, context)
    attachment = context.store.get("shop/workload/attachment")
    share_record = context.store.get("shop/network/network")
    assert attachment is not None and share_record is not None
    assert share_record.physical_id.split(":")[4] == shared
    ec2_client = context.sessions.client("ec2", workload, REGION)
    (found,) = ec2_client.describe_transit_gateway_vpc_attachments(
        TransitGatewayAttachmentIds=[attachment.physical_id]
    )["TransitGatewayVpcAttachments"]
    assert (found["State"], found["VpcOwnerId"]) == ("available", workload)

    destroy(app, context)
    assert context.store.all() == []


def associations(kind: str, *found: tuple[str, str, bool]) -> Call:
    """get_resource_share_associations of the share, answering (entity, status, external)."""
    listed = [
        {
            "resourceShareArn": SHARE_ARN,
            "associatedEntity": entity,
            "associationType": kind,
            "status": status,
            "external": external,
        }
        for entity, status, external in found
    ]
    params = {"associationType": kind, "resourceShareArns": [SHARE_ARN]}
    return Call("get_resource_share_associations", {"resourceShareAssociations": listed}, params)


def test_a_run_waits_for_associations_in_the_organization_only() -> None:
    """The emulator associates at once; AWS answers "associating" for seconds, and for a
    principal outside the organization until it accepts the invitation."""
    gateway = "arn:aws:ec2:us-east-1:123456789012:transit-gateway/tgw-1"
    with stubbed_api("ram") as (api, stubber):
        queue(
            stubber,
            [
                associations("RESOURCE", (gateway, "ASSOCIATED", False)),
                associations(
                    "PRINCIPAL",
                    (WORKLOAD, "ASSOCIATED", False),
                    ("444455556666", "ASSOCIATING", True),
                ),
            ],
        )
        ResourceShare().wait_ready(api, Live(SHARE_ARN, {}))
        stubber.assert_no_pending_responses()
    with stubbed_api("ram") as (api, stubber):
        queue(stubber, [associations("RESOURCE", (gateway, "FAILED", False))])
        with pytest.raises(LandformError, match="resource share associated"):
            ResourceShare().wait_ready(api, Live(SHARE_ARN, {}))
