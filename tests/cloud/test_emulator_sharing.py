"""The emulator shares a transit gateway through RAM across accounts as AWS does.

A shared-services account owns the gateway and shares it; a workload account of the
organization attaches its VPC to it. Plain boto3 through two accounts: the management
account (the emulator's default) makes the organization and its accounts, and each
member is reached by assuming OrganizationAccountAccessRole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

Client = Callable[[str], Any]


@pytest.fixture
def organization(aws: Any) -> dict[str, str]:
    """A new organization: its ARN, root id, and an OU for workloads under the root."""
    org = aws("organizations")
    arn = org.create_organization(FeatureSet="ALL")["Organization"]["Arn"]
    root = org.list_roots()["Roots"][0]["Id"]
    unit = org.create_organizational_unit(ParentId=root, Name="workloads")["OrganizationalUnit"]
    return {"arn": arn, "root": root, "unit": unit["Id"], "unit_arn": unit["Arn"]}


def member(aws: Any, aws_in: Any, name: str) -> tuple[str, Client]:
    """A new account of the organization, and boto3 clients in it."""
    status = aws("organizations").create_account(AccountName=name, Email=f"{name}@example.com")
    account = status["CreateAccountStatus"]["AccountId"]
    return account, aws_in(account)


def gateway(client: Client, auto_accept: str = "enable") -> dict[str, Any]:
    options = {"AutoAcceptSharedAttachments": auto_accept}
    return client("ec2").create_transit_gateway(Options=options)["TransitGateway"]  # type: ignore[no-any-return]


def attach(client: Client, gateway_id: str) -> dict[str, Any]:
    """Attach a new VPC of the account to the gateway."""
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
    return ec2.create_transit_gateway_vpc_attachment(  # type: ignore[no-any-return]
        TransitGatewayId=gateway_id, VpcId=vpc, SubnetIds=[subnet]
    )["TransitGatewayVpcAttachment"]


def share(client: Client, gateway: dict[str, Any], principal: str) -> str:
    found = client("ram").create_resource_share(
        name="network", resourceArns=[gateway["TransitGatewayArn"]], principals=[principal]
    )
    return str(found["resourceShare"]["resourceShareArn"])


def vpc_attachments(client: Client) -> list[dict[str, Any]]:
    found = client("ec2").describe_transit_gateway_vpc_attachments()
    return found["TransitGatewayVpcAttachments"]  # type: ignore[no-any-return]


def not_found(call: Callable[[], Any]) -> str:
    with pytest.raises(ClientError) as raised:
        call()
    return str(raised.value.response["Error"]["Code"])


@pytest.mark.parametrize("principal", ["account", "unit", "organization"])
def test_a_workload_account_attaches_to_a_gateway_shared_with_it(
    aws: Any, aws_in: Any, organization: dict[str, str], principal: str
) -> None:
    _, shared = member(aws, aws_in, "shared-services")
    workload, workloads = member(aws, aws_in, "workload")
    aws("organizations").move_account(
        AccountId=workload,
        SourceParentId=organization["root"],
        DestinationParentId=organization["unit"],
    )
    tgw = gateway(shared)
    gateway_id = tgw["TransitGatewayId"]
    unshared = not_found(lambda: attach(workloads, gateway_id))
    assert unshared == "InvalidTransitGatewayID.NotFound"

    principals = {
        "account": workload,
        "unit": organization["unit_arn"],
        "organization": organization["arn"],
    }
    share(shared, tgw, principals[principal])
    attachment = attach(workloads, gateway_id)
    attachment_id = attachment["TransitGatewayAttachmentId"]
    assert (attachment["State"], attachment["VpcOwnerId"]) == ("available", workload)
    assert [a["TransitGatewayAttachmentId"] for a in vpc_attachments(workloads)] == [attachment_id]
    (seen,) = vpc_attachments(shared)
    assert (seen["TransitGatewayAttachmentId"], seen["TransitGatewayId"]) == (
        attachment_id,
        gateway_id,
    )

    workloads("ec2").delete_transit_gateway_vpc_attachment(TransitGatewayAttachmentId=attachment_id)
    assert vpc_attachments(workloads) == []


def test_a_gateway_is_not_found_by_accounts_it_is_not_shared_with(
    aws: Any, aws_in: Any, organization: dict[str, str]
) -> None:
    _, shared = member(aws, aws_in, "shared-services")
    first, _ = member(aws, aws_in, "first")
    _, second = member(aws, aws_in, "second")
    tgw = gateway(shared)
    share(shared, tgw, first)
    code = not_found(lambda: attach(second, tgw["TransitGatewayId"]))
    assert code == "InvalidTransitGatewayID.NotFound"


def test_a_deleted_share_shares_nothing(
    aws: Any, aws_in: Any, organization: dict[str, str]
) -> None:
    _, shared = member(aws, aws_in, "shared-services")
    workload, workloads = member(aws, aws_in, "workload")
    tgw = gateway(shared)
    shared("ram").delete_resource_share(resourceShareArn=share(shared, tgw, workload))
    code = not_found(lambda: attach(workloads, tgw["TransitGatewayId"]))
    assert code == "InvalidTransitGatewayID.NotFound"


def test_without_auto_accept_a_shared_attachment_awaits_acceptance(
    aws: Any, aws_in: Any, organization: dict[str, str]
) -> None:
    _, shared = member(aws, aws_in, "shared-services")
    workload, workloads = member(aws, aws_in, "workload")
    tgw = gateway(shared, auto_accept="disable")
    share(shared, tgw, workload)
    assert attach(workloads, tgw["TransitGatewayId"])["State"] == "pendingAcceptance"
