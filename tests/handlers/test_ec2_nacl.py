"""Network ACLs, their entries and subnet associations against the emulator."""

from __future__ import annotations

from typing import Any

from landform import App
from landform.aws import ec2
from landform.engine.context import Context
from landform.handlers.base import tag_map
from tests.support import actions, converge, destroy, new_app, plan


def network(aws: Any, cidr: str) -> tuple[str, list[str]]:
    """A VPC with two subnets, made outside Landform: (vpc id, subnet ids)."""
    client = aws("ec2")
    vpc = client.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    prefix = cidr.rsplit(".", 2)[0]
    subnets = [
        client.create_subnet(VpcId=vpc, CidrBlock=f"{prefix}.{i}.0/24")["Subnet"]["SubnetId"]
        for i in (1, 2)
    ]
    return vpc, subnets


def firewall(
    vpc: str,
    subnet: str | None,
    rule: int = 100,
    action: str = "allow",
    source: str = "0.0.0.0/0",
) -> App:
    app, stack = new_app()
    acl = ec2.NetworkAcl(stack, "acl", vpc_id=vpc, tags={"Tier": action})
    ec2.NetworkAclEntry(
        stack,
        "https-in",
        network_acl_id=acl.id,
        rule_number=rule,
        protocol=6,
        rule_action=action,
        cidr_block=source,
        port_range={"From": 443, "To": 443},
    )
    ec2.NetworkAclEntry(
        stack,
        "all-out",
        network_acl_id=acl.id,
        rule_number=100,
        protocol=-1,
        rule_action="allow",
        egress=True,
        cidr_block="0.0.0.0/0",
    )
    if subnet is not None:
        ec2.SubnetNetworkAclAssociation(
            stack, "association", network_acl_id=acl.id, subnet_id=subnet
        )
    return app


def acls(aws: Any) -> list[dict[str, Any]]:
    owned = [{"Name": "tag-key", "Values": ["landform:address"]}]
    return aws("ec2").describe_network_acls(Filters=owned)["NetworkAcls"]  # type: ignore[no-any-return]


def entries(acl: dict[str, Any]) -> list[tuple[Any, ...]]:
    """(egress, rule, protocol, action, cidr, ports) of the declared entries, sorted."""
    return sorted(
        (
            e["Egress"],
            e["RuleNumber"],
            e["Protocol"],
            e["RuleAction"],
            e["CidrBlock"],
            e.get("PortRange"),
        )
        for e in acl["Entries"]
        if e["RuleNumber"] < 32767  # AWS's catch-all deny rules
    )


def acl_of(aws: Any, subnet: str) -> str:
    """The id of the subnet's ACL, "default" for its VPC's default one."""
    found = [{"Name": "association.subnet-id", "Values": [subnet]}]
    (acl,) = aws("ec2").describe_network_acls(Filters=found)["NetworkAcls"]
    return "default" if acl["IsDefault"] else str(acl["NetworkAclId"])


def test_network_acl_entries_association(context: Context, aws: Any) -> None:
    vpc, (first, second) = network(aws, "10.0.0.0/16")
    converge(firewall(vpc, first), context)
    (acl,) = acls(aws)
    assert acl["VpcId"] == vpc
    assert tag_map(acl["Tags"])["Tier"] == "allow"
    https = {"From": 443, "To": 443}
    assert entries(acl) == [
        (False, 100, "6", "allow", "0.0.0.0/0", https),
        (True, 100, "-1", "allow", "0.0.0.0/0", None),
    ]
    assert acl_of(aws, first) == acl["NetworkAclId"]
    entry = context.store.get("shop/main/https-in")
    assert entry is not None
    assert entry.physical_id == f"{acl['NetworkAclId']}|ingress|100"

    app = firewall(vpc, first, action="deny", source="10.0.0.0/8")
    assert actions(plan(app, context)) == {
        "shop/main/acl": "update",
        "shop/main/https-in": "update",
    }
    converge(app, context)
    (acl,) = acls(aws)
    assert tag_map(acl["Tags"])["Tier"] == "deny"
    assert entries(acl)[0] == (False, 100, "6", "deny", "10.0.0.0/8", https)

    app = firewall(vpc, second, rule=110, action="deny", source="10.0.0.0/8")
    assert actions(plan(app, context)) == {
        "shop/main/https-in": "replace",
        "shop/main/association": "replace",
    }
    converge(app, context)
    (acl,) = acls(aws)
    assert [e[:2] for e in entries(acl)] == [(False, 110), (True, 100)]
    assert acl_of(aws, second) == acl["NetworkAclId"]
    assert acl_of(aws, first) == "default"

    other_vpc, (third, _) = network(aws, "10.1.0.0/16")
    app = firewall(other_vpc, third, rule=110, action="deny", source="10.0.0.0/8")
    assert set(actions(plan(app, context)).values()) == {"replace"}
    converge(app, context)
    (moved,) = acls(aws)
    assert moved["VpcId"] == other_vpc
    assert [e[:2] for e in entries(moved)] == [(False, 110), (True, 100)]
    assert acl_of(aws, third) == moved["NetworkAclId"]
    assert acl_of(aws, second) == "default"

    app = firewall(other_vpc, None, rule=110, action="deny", source="10.0.0.0/8")
    assert actions(plan(app, context)) == {"shop/main/association": "delete"}
    converge(app, context)
    assert acl_of(aws, third) == "default"

    destroy(app, context)
    assert acls(aws) == []
    assert context.store.all() == []
