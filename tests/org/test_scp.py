"""The organization policy library: every policy valid, within limits, exact where it matters."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest

from landform.errors import ValidationError
from landform.model.tags import TagPolicy, TagRule
from landform.org import SERVICE_CONTROL_POLICY, TAG_POLICY, OrganizationPolicy, scp

ACTION = re.compile(r"^[a-z0-9-]+:[A-Za-z0-9*]+$")
SID = re.compile(r"^[A-Za-z0-9]+$")
BREAK_GLASS = "arn:aws:iam::*:role/BreakGlass"

LIBRARY: dict[str, Callable[[], OrganizationPolicy]] = {
    "deny_leave_organization": scp.deny_leave_organization,
    "deny_regions_except": lambda: scp.deny_regions_except(["us-east-1", "eu-west-1"]),
    "deny_regions_except_exempt": lambda: scp.deny_regions_except(
        ["eu-central-1"], exempt_principals=[BREAK_GLASS]
    ),
    "deny_cloudtrail_changes": scp.deny_cloudtrail_changes,
    "deny_config_changes": scp.deny_config_changes,
    "deny_guardduty_changes": scp.deny_guardduty_changes,
    "deny_security_service_changes": scp.deny_security_service_changes,
    "deny_security_service_changes_exempt": lambda: scp.deny_security_service_changes(
        exempt_principals=[BREAK_GLASS]
    ),
    "deny_root_user": scp.deny_root_user,
    "deny_iam_user_access_keys": scp.deny_iam_user_access_keys,
    "require_imdsv2": scp.require_imdsv2,
    "require_imdsv2_admin": lambda: scp.require_imdsv2(admin_principals=[BREAK_GLASS]),
    "combined_all": lambda: scp.combined(
        "baseline",
        scp.deny_leave_organization(),
        scp.deny_root_user(),
        scp.deny_security_service_changes(),
        scp.deny_iam_user_access_keys(),
        scp.require_imdsv2(),
    ),
}


def statements(policy: OrganizationPolicy) -> list[dict[str, Any]]:
    found = policy.document["Statement"]
    return found if isinstance(found, list) else [found]


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("make", LIBRARY.values(), ids=LIBRARY.keys())
def test_library_scp_is_valid(make: Callable[[], OrganizationPolicy]) -> None:
    policy = make()
    assert policy.type == SERVICE_CONTROL_POLICY
    assert json.loads(policy.content) == policy.document
    assert json.dumps(json.loads(policy.content), separators=(",", ":")) == policy.content
    assert len(policy.content) <= scp.SIZE_LIMITS[SERVICE_CONTROL_POLICY]
    assert policy.document["Version"] == "2012-10-17"
    assert policy.description
    sids = [s["Sid"] for s in statements(policy)]
    assert len(sids) == len(set(sids))
    for statement in statements(policy):
        assert SID.match(statement["Sid"])
        assert statement["Effect"] in ("Allow", "Deny")
        assert "Principal" not in statement and "NotPrincipal" not in statement
        assert ("Action" in statement) != ("NotAction" in statement)
        actions = as_list(statement.get("Action", statement.get("NotAction")))
        assert actions
        for action in actions:
            assert action == "*" or ACTION.match(action), action
        assert statement["Resource"]


def test_every_library_function_is_covered() -> None:
    public = {
        name
        for name in scp.__all__
        if name.startswith(("deny_", "require_")) and callable(getattr(scp, name))
    }
    assert public <= set(LIBRARY)


def test_deny_regions_except_condition_is_exact() -> None:
    policy = scp.deny_regions_except(["us-east-1", "eu-west-1"])
    (statement,) = statements(policy)
    assert statement["Effect"] == "Deny"
    assert statement["Condition"] == {
        "StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "eu-west-1"]}
    }
    assert statement["NotAction"] == list(scp.DEFAULT_GLOBAL_SERVICES)
    for action in ("iam:*", "organizations:*", "sts:*", "support:*", "cloudfront:*"):
        assert action in statement["NotAction"]


def test_deny_regions_except_exempts_principals_and_custom_services() -> None:
    policy = scp.deny_regions_except(
        ["us-gov-west-1"], ["iam:*", "sts:*"], exempt_principals=[BREAK_GLASS]
    )
    (statement,) = statements(policy)
    assert statement["NotAction"] == ["iam:*", "sts:*"]
    assert statement["Condition"]["ArnNotLike"] == {"aws:PrincipalArn": [BREAK_GLASS]}


@pytest.mark.parametrize(
    "regions", [[], ["us-east"], ["US-EAST-1"], ["us-east-1", "europe"], ["us_east_1"]]
)
def test_deny_regions_except_refuses_bad_regions(regions: list[str]) -> None:
    with pytest.raises(ValidationError):
        scp.deny_regions_except(regions)


def test_security_service_changes_combines_the_three() -> None:
    combined = statements(scp.deny_security_service_changes())
    parts = [
        *statements(scp.deny_cloudtrail_changes()),
        *statements(scp.deny_config_changes()),
        *statements(scp.deny_guardduty_changes()),
    ]
    assert combined == parts
    actions = {a for s in combined for a in s["Action"]}
    assert {"cloudtrail:StopLogging", "config:StopConfigurationRecorder"} <= actions
    assert "guardduty:DisassociateFromAdministratorAccount" in actions


def test_deny_root_user_shape() -> None:
    (statement,) = statements(scp.deny_root_user())
    assert statement["Action"] == "*"
    assert statement["Resource"] == "*"
    assert statement["Condition"] == {"StringLike": {"aws:PrincipalArn": "arn:aws:iam::*:root"}}


def test_require_imdsv2_uses_documented_conditions() -> None:
    by_sid = {s["Sid"]: s for s in statements(scp.require_imdsv2())}
    assert by_sid["RequireImdsV2"]["Condition"] == {
        "StringNotEquals": {"ec2:MetadataHttpTokens": "required"}
    }
    assert by_sid["RequireImdsV2"]["Resource"] == "arn:aws:ec2:*:*:instance/*"
    assert by_sid["LimitImdsHopLimit"]["Condition"] == {
        "NumericGreaterThan": {"ec2:MetadataHttpPutResponseHopLimit": "3"}
    }
    assert "DenyMetadataOptionsChanges" not in by_sid
    admin = {s["Sid"]: s for s in statements(scp.require_imdsv2(admin_principals=[BREAK_GLASS]))}
    assert admin["DenyMetadataOptionsChanges"]["Condition"] == {
        "ArnNotLike": {"aws:PrincipalArn": [BREAK_GLASS]}
    }


def big_document(count: int) -> dict[str, Any]:
    actions = [f"ec2:DescribeSomethingRatherLong{i}" for i in range(count)]
    return {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "Big", "Effect": "Deny", "Action": actions, "Resource": "*"}],
    }


def test_too_large_policy_is_refused_with_size_and_limit() -> None:
    document = big_document(400)
    size = len(json.dumps(document, separators=(",", ":")))
    with pytest.raises(ValidationError) as caught:
        OrganizationPolicy("big", "too big", SERVICE_CONTROL_POLICY, document)
    assert str(size) in caught.value.message
    assert "5120" in caught.value.message
    assert caught.value.hint and "split" in caught.value.hint


def test_combined_keeps_sids_unique() -> None:
    other = OrganizationPolicy(
        "other",
        "",
        SERVICE_CONTROL_POLICY,
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Sid": "DenyRootUser", "Effect": "Deny", "Action": "iam:*", "Resource": "*"}
            ],
        },
    )
    policy = scp.combined(
        "guardrails",
        scp.deny_root_user(),
        other,
        scp.deny_cloudtrail_changes(),
        scp.deny_security_service_changes(),
    )
    sids = [s["Sid"] for s in statements(policy)]
    assert sids == [
        "DenyRootUser",
        "DenyRootUser2",
        "DenyCloudTrailChanges",
        "DenyConfigChanges",
        "DenyGuardDutyChanges",
    ]
    assert policy.name == "guardrails"
    assert "deny-root-user" in policy.description


def test_combined_refuses_too_big_and_tag_policies() -> None:
    parts = [
        OrganizationPolicy(f"part{i}", "", SERVICE_CONTROL_POLICY, big_document(70 + i))
        for i in range(2)
    ]
    assert all(len(p.content) < 5120 for p in parts)
    with pytest.raises(ValidationError, match="5120"):
        scp.combined("too-big", *parts, scp.deny_regions_except(["us-east-1"]))
    with pytest.raises(ValidationError):
        scp.combined("mixed", scp.deny_root_user(), scp.tag_policy({"Owner": None}))
    with pytest.raises(ValidationError):
        scp.combined("empty")


def test_tag_policy_shape_is_exact() -> None:
    policy = scp.tag_policy(
        {"Environment": ["production", "staging"], "Owner": None}, ["ec2:instance"]
    )
    assert policy.type == TAG_POLICY
    assert policy.document == {
        "tags": {
            "Environment": {
                "tag_key": {"@@assign": "Environment"},
                "tag_value": {"@@assign": ["production", "staging"]},
                "enforced_for": {"@@assign": ["ec2:instance"]},
            },
            "Owner": {
                "tag_key": {"@@assign": "Owner"},
                "enforced_for": {"@@assign": ["ec2:instance"]},
            },
        }
    }
    assert json.loads(policy.content) == policy.document
    assert len(policy.content) <= scp.SIZE_LIMITS[TAG_POLICY]


def test_tag_policy_from_landform_tag_policy() -> None:
    landform = TagPolicy((TagRule("Project"), TagRule("Tier", ("web", "db"))))
    expected = {
        "tags": {
            "Project": {"tag_key": {"@@assign": "Project"}},
            "Tier": {"tag_key": {"@@assign": "Tier"}, "tag_value": {"@@assign": ["web", "db"]}},
        }
    }
    assert scp.tag_policy(landform).document == expected
    assert scp.tag_policy_from(landform).document == expected
    assert scp.tag_policy_from(TagPolicy.default()).type == TAG_POLICY


def test_tag_policy_refuses_bad_input() -> None:
    with pytest.raises(ValidationError):
        scp.tag_policy({})
    with pytest.raises(ValidationError):
        scp.tag_policy({"Owner": None}, ["not a type"])
    with pytest.raises(ValidationError, match="10000"):
        scp.tag_policy({f"Key{i}": [f"value-{i}-{j}" for j in range(40)] for i in range(30)})


def scp_document(**statement: Any) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Resource": "*", **statement}],
    }


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        (scp_document(Action="s3:*", Principal={"AWS": "*"}), "Principal"),
        (scp_document(Action="s3:*", NotPrincipal={"AWS": "*"}), "Principal"),
        (scp_document(), "Action"),
        (scp_document(Action="s3:*", NotAction="ec2:*"), "Action"),
        (scp_document(Action="s3 GetObject"), "malformed"),
        (scp_document(Action="s3:*", Effect="Maybe"), "Effect"),
        ({"Statement": scp_document(Action="s3:*")["Statement"]}, "Version"),
        ({"Version": "2008-10-17", "Statement": []}, "Version"),
        ({"Version": "2012-10-17"}, "Statement"),
    ],
)
def test_invalid_scp_is_refused(document: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        OrganizationPolicy("custom", "", SERVICE_CONTROL_POLICY, document)


@pytest.mark.parametrize("name", ["", "has space", "x" * 129, "slash/name"])
def test_bad_name_is_refused(name: str) -> None:
    with pytest.raises(ValidationError, match="name"):
        OrganizationPolicy(name, "", SERVICE_CONTROL_POLICY, scp_document(Action="s3:*"))


def test_unknown_type_is_refused() -> None:
    with pytest.raises(ValidationError, match="type"):
        OrganizationPolicy("x", "", "BACKUP_POLICY", scp_document(Action="s3:*"))


def test_document_is_copied() -> None:
    document = scp_document(Action="s3:*")
    policy = OrganizationPolicy("copied", "", SERVICE_CONTROL_POLICY, document)
    document["Statement"].append({"Effect": "Deny", "Principal": "*", "Action": "*"})
    assert len(statements(policy)) == 1


def test_importing_org_stays_light() -> None:
    import subprocess
    import sys

    code = "import sys, landform.org; print('boto3' in sys.modules or 'botocore' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
