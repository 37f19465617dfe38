"""Security groups and their rules, inline and standalone, against the emulator."""

from __future__ import annotations

from typing import Any

from landform import App
from landform.aws import ec2
from landform.engine.context import Context
from landform.engine.drift import detect_drift
from landform.handlers.base import tag_map
from tests.support import actions, converge, destroy, new_app, plan

OWNED = [{"Name": "tag-key", "Values": ["landform:address"]}]
HTTPS = {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "10.0.0.0/8"}
DNS = {"IpProtocol": "udp", "FromPort": 53, "ToPort": 53, "CidrIp": "10.1.0.0/16"}
ALL_OUT = {"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}


def groups(aws: Any) -> list[dict[str, Any]]:
    return aws("ec2").describe_security_groups(Filters=OWNED)["SecurityGroups"]  # type: ignore[no-any-return]


def by_address(aws: Any) -> dict[str, dict[str, Any]]:
    return {tag_map(g["Tags"])["landform:address"]: g for g in groups(aws)}


def rules(permissions: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """(protocol, from, to, peer, description) per rule, sorted."""
    found = []
    for p in permissions:
        peers = [
            *((r["CidrIp"], r.get("Description")) for r in p["IpRanges"]),
            *((r["CidrIpv6"], r.get("Description")) for r in p["Ipv6Ranges"]),
            *((g["GroupId"], g.get("Description")) for g in p["UserIdGroupPairs"]),
        ]
        for peer, description in peers:
            found.append((p["IpProtocol"], p.get("FromPort"), p.get("ToPort"), peer, description))
    return sorted(found, key=str)


def web(
    ingress: list[dict[str, Any]],
    egress: list[dict[str, Any]] | None = None,
    description: str = "web servers",
    **tags: str,
) -> App:
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    ec2.SecurityGroup(
        stack,
        "web",
        group_description=description,
        vpc_id=vpc.id,
        security_group_ingress=ingress,
        security_group_egress=egress,
        tags=tags,
    )
    return app


def test_security_group_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(web([HTTPS, DNS]), context)
    (group,) = groups(aws)
    assert group["Description"] == "web servers"
    assert rules(group["IpPermissions"]) == [
        ("tcp", 443, 443, "10.0.0.0/8", None),
        ("udp", 53, 53, "10.1.0.0/16", None),
    ]
    assert rules(group["IpPermissionsEgress"]) == [("-1", None, None, "0.0.0.0/0", None)]
    record = context.store.get("shop/main/web")
    assert record is not None
    assert record.physical_id == group["GroupId"]
    assert record.attributes == {"GroupId": group["GroupId"], "VpcId": group["VpcId"]}

    https_described = {**HTTPS, "Description": "tls"}
    v6 = {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "CidrIpv6": "::/0"}
    egress = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}]
    app = web([https_described, v6], egress, Tier="web")
    assert actions(plan(app, context)) == {"shop/main/web": "update"}
    converge(app, context)
    (group,) = groups(aws)
    assert rules(group["IpPermissions"]) == [
        ("tcp", 443, 443, "10.0.0.0/8", "tls"),
        ("tcp", 80, 80, "::/0", None),
    ]
    assert rules(group["IpPermissionsEgress"]) == [("tcp", 443, 443, "0.0.0.0/0", None)]
    assert tag_map(group["Tags"])["Tier"] == "web"

    app = web([HTTPS], [ALL_OUT], description="web and api servers")
    assert actions(plan(app, context)) == {"shop/main/web": "replace"}
    converge(app, context)
    (replaced,) = groups(aws)
    assert replaced["GroupId"] != group["GroupId"]
    assert replaced["Description"] == "web and api servers"
    assert rules(replaced["IpPermissions"]) == [("tcp", 443, 443, "10.0.0.0/8", None)]
    assert rules(replaced["IpPermissionsEgress"]) == [("-1", None, None, "0.0.0.0/0", None)]

    destroy(app, context)
    assert groups(aws) == []
    assert context.store.all() == []


def test_rule_added_out_of_band_is_drift_and_apply_restores(context: Context, aws: Any) -> None:
    converge(web([HTTPS]), context)
    (group,) = groups(aws)
    aws("ec2").authorize_security_group_ingress(
        GroupId=group["GroupId"],
        IpPermissions=[
            {
                "IpProtocol": "tcp",
                "FromPort": 22,
                "ToPort": 22,
                "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            }
        ],
    )

    drifts = detect_drift(context, lambda address: True)
    assert [(d.address, [c.name for c in d.changes]) for d in drifts] == [
        ("shop/main/web", ["SecurityGroupIngress"])
    ]

    assert actions(plan(web([HTTPS]), context)) == {"shop/main/web": "update"}
    converge(web([HTTPS]), context)
    (group,) = groups(aws)
    assert rules(group["IpPermissions"]) == [("tcp", 443, 443, "10.0.0.0/8", None)]


def standalone(port: int = 5432, description: str = "to the vpc") -> App:
    """A database group whose rules are resources of their own, one referring to a group.

    (The emulator does not report descriptions of rules that refer to a group.)
    """
    app, stack = new_app()
    vpc = ec2.VPC(stack, "vpc", cidr_block="10.0.0.0/16")
    web = ec2.SecurityGroup(stack, "web", group_description="web servers", vpc_id=vpc.id)
    db = ec2.SecurityGroup(stack, "db", group_description="databases", vpc_id=vpc.id)
    ec2.SecurityGroupIngress(
        stack,
        "db-from-web",
        group_id=db.group_id,
        ip_protocol="tcp",
        from_port=port,
        to_port=port,
        source_security_group_id=web.group_id,
    )
    ec2.SecurityGroupEgress(
        stack,
        "db-to-vpc",
        group_id=db.group_id,
        ip_protocol="tcp",
        from_port=443,
        to_port=443,
        cidr_ip="10.0.0.0/16",
        description=description,
    )
    return app


def test_standalone_rules_create_update_replace_delete(context: Context, aws: Any) -> None:
    converge(standalone(), context)
    db = by_address(aws)["shop/main/db"]
    web_id = by_address(aws)["shop/main/web"]["GroupId"]
    assert rules(db["IpPermissions"]) == [("tcp", 5432, 5432, web_id, None)]
    assert rules(db["IpPermissionsEgress"]) == [
        ("-1", None, None, "0.0.0.0/0", None),
        ("tcp", 443, 443, "10.0.0.0/16", "to the vpc"),
    ]
    ingress = context.store.get("shop/main/db-from-web")
    assert ingress is not None
    (rule,) = aws("ec2").describe_security_group_rules(SecurityGroupRuleIds=[ingress.physical_id])[
        "SecurityGroupRules"
    ]
    assert (rule["GroupId"], rule["IsEgress"]) == (db["GroupId"], False)

    app = standalone(description="to services in the vpc")
    assert actions(plan(app, context)) == {"shop/main/db-to-vpc": "update"}
    converge(app, context)
    db = by_address(aws)["shop/main/db"]
    assert ("tcp", 443, 443, "10.0.0.0/16", "to services in the vpc") in rules(
        db["IpPermissionsEgress"]
    )

    app = standalone(port=5433, description="to services in the vpc")
    assert actions(plan(app, context)) == {"shop/main/db-from-web": "replace"}
    converge(app, context)
    db = by_address(aws)["shop/main/db"]
    assert rules(db["IpPermissions"]) == [("tcp", 5433, 5433, web_id, None)]

    destroy(app, context)
    assert groups(aws) == []
    assert context.store.all() == []
