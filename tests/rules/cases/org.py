"""Cases of the organization rules. The organization's rules read its neighbours: its
policies (as landform.org.scp makes them) and the management account's trails."""

from __future__ import annotations

from typing import Any

from landform.org import scp
from landform.rules.base import Unknown
from tests.rules.harness import Aws, ModelCase, RuleCases

ORGANIZATION = "AWS::Organizations::Organization"
POLICY = "AWS::Organizations::Policy"
TRAIL = "AWS::CloudTrail::Trail"
ROOT = Unknown("the organization's root id is known after apply")


def _policy(made: scp.OrganizationPolicy, targets: list[Any], text: bool = True) -> dict[str, Any]:
    """The policy's CloudFormation properties; Content as JSON text (as the model sends
    it) or as data (as the live read returns it)."""
    return {
        "Name": made.name,
        "Type": made.type,
        "Content": made.content if text else made.document,
        "TargetIds": targets,
    }


def _organization(*policies: dict[str, Any]) -> ModelCase:
    return ModelCase({"FeatureSet": "ALL"}, neighbours=[(POLICY, p) for p in policies])


def _custom(targets: list[Any], *statements: dict[str, Any]) -> dict[str, Any]:
    """An SCP written by hand (in a template, or outside Landform)."""
    document = {"Version": "2012-10-17", "Statement": list(statements)}
    return {
        "Name": "custom",
        "Type": "SERVICE_CONTROL_POLICY",
        "Content": document,
        "TargetIds": targets,
    }


REGIONS = scp.deny_regions_except(["us-east-1", "eu-west-1"])
LEAVE = scp.deny_leave_organization()
DENY_LEAVE = {"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}
BREAK_GLASS = {"ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/BreakGlass"}}
IN_REGION = {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}


def _trail(**settings: Any) -> dict[str, Any]:
    return {
        "S3BucketName": "logs",
        "IsLogging": True,
        "IsMultiRegionTrail": True,
        "IsOrganizationTrail": True,
        "EnableLogFileValidation": True,
        "KMSKeyId": "arn:aws:kms:us-east-1:111122223333:key/1",
        **settings,
    }


def _with_trails(*trails: dict[str, Any]) -> ModelCase:
    return ModelCase({"FeatureSet": "ALL"}, neighbours=[(TRAIL, t) for t in trails])


def _live_trail(aws: Aws, name: str, **settings: Any) -> str:
    aws("s3").create_bucket(Bucket=f"{name}-logs")
    aws("cloudtrail").create_trail(Name=name, S3BucketName=f"{name}-logs", **settings)
    return name


def _key(aws: Aws) -> str:
    return str(aws("kms").create_key()["KeyMetadata"]["Arn"])


def _guarded(aws: Aws, policy: scp.OrganizationPolicy) -> str:
    """A new organization of the caller's with `policy` attached to its root; its id."""
    organizations = aws("organizations")
    organization = organizations.create_organization(FeatureSet="ALL")["Organization"]
    root = organizations.list_roots()["Roots"][0]["Id"]
    made = organizations.create_policy(
        Name=policy.name,
        Description=policy.description,
        Type=policy.type,
        Content=policy.content,
    )["Policy"]["PolicySummary"]["Id"]
    organizations.attach_policy(PolicyId=made, TargetId=root)
    return str(organization["Id"])


def _unguarded(aws: Aws, policy: scp.OrganizationPolicy) -> str:
    """The same organization once `policy` is detached from its root and deleted."""
    organizations = aws("organizations")
    root = organizations.list_roots()["Roots"][0]["Id"]
    for found in organizations.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]:
        if found["Name"] == policy.name:
            organizations.detach_policy(PolicyId=found["Id"], TargetId=root)
            organizations.delete_policy(PolicyId=found["Id"])
    return str(organizations.describe_organization()["Organization"]["Id"])


def _logged_organization(aws: Aws) -> str:
    """A new organization of the caller's with a logging organization trail; its id."""
    organization = aws("organizations").create_organization(FeatureSet="ALL")["Organization"]
    _live_trail(aws, "org-trail", IsOrganizationTrail=True, IsMultiRegionTrail=True)
    aws("cloudtrail").start_logging(Name="org-trail")
    return str(organization["Id"])


def _unlogged_organization(aws: Aws) -> str:
    """The same organization once its trail stops logging."""
    aws("cloudtrail").stop_logging(Name="org-trail")
    return str(aws("organizations").describe_organization()["Organization"]["Id"])


CASES = {
    "LF-ORG-001": RuleCases(
        ORGANIZATION,
        passing=[
            _organization(_policy(REGIONS, [ROOT])),
            _organization(_policy(REGIONS, ["ou-ab12-cdef3456"], text=False)),
            _organization(_policy(scp.combined("guardrails", LEAVE, REGIONS), [ROOT])),
            _organization(_policy(REGIONS, []), _policy(REGIONS, ["r-ab12"])),
        ],
        failing=[
            _organization(),
            _organization(_policy(REGIONS, [])),
            _organization(_policy(LEAVE, [ROOT])),
            _organization(
                {**_policy(REGIONS, [ROOT]), "Type": "TAG_POLICY"},
            ),
            _organization(_custom([ROOT], {**REGIONS.statements[0], "Effect": "Allow"})),
        ],
        live_passing=lambda aws: _guarded(aws, REGIONS),
        live_failing=lambda aws: _unguarded(aws, REGIONS),
        live_neighbours=(POLICY,),
        live_in_turn=True,
    ),
    "LF-ORG-002": RuleCases(
        ORGANIZATION,
        passing=[
            _organization(_policy(LEAVE, [ROOT])),
            _organization(_policy(scp.combined("guardrails", REGIONS, LEAVE), ["r-ab12"])),
            _organization(_custom([ROOT], {**DENY_LEAVE, "Action": "Organizations:*"})),
            _organization(_custom([ROOT], {**DENY_LEAVE, "Condition": BREAK_GLASS})),
        ],
        failing=[
            _organization(),
            _organization(_policy(LEAVE, [])),
            _organization(_policy(REGIONS, [ROOT])),
            _organization(_policy(scp.deny_root_user(), [ROOT])),
            _organization(_custom([ROOT], {**DENY_LEAVE, "Condition": IN_REGION})),
        ],
        live_passing=lambda aws: _guarded(aws, LEAVE),
        live_failing=lambda aws: _unguarded(aws, LEAVE),
        live_neighbours=(POLICY,),
        live_in_turn=True,
    ),
    "LF-ORG-003": RuleCases(
        ORGANIZATION,
        passing=[
            _with_trails(_trail()),
            _with_trails(_trail(IsOrganizationTrail=False), _trail(KMSKeyId=Unknown("a key"))),
        ],
        failing=[
            _with_trails(),
            _with_trails(_trail(IsOrganizationTrail=False)),
            _with_trails(_trail(IsLogging=False)),
        ],
        live_passing=lambda aws: _logged_organization(aws),
        live_failing=lambda aws: _unlogged_organization(aws),
        live_neighbours=(TRAIL,),
        live_in_turn=True,
    ),
    "LF-ORG-004": RuleCases(
        TRAIL,
        passing=[_trail(), _trail(IsMultiRegionTrail="true")],
        failing=[_trail(IsMultiRegionTrail=False), {"S3BucketName": "logs", "IsLogging": True}],
        live_passing=lambda aws: _live_trail(aws, "everywhere", IsMultiRegionTrail=True),
        live_failing=lambda aws: _live_trail(aws, "here-only"),
    ),
    "LF-ORG-005": RuleCases(
        TRAIL,
        passing=[_trail()],
        failing=[_trail(EnableLogFileValidation=False)],
        live_passing=lambda aws: _live_trail(aws, "signed", EnableLogFileValidation=True),
        live_failing=lambda aws: _live_trail(aws, "unsigned"),
    ),
    "LF-ORG-006": RuleCases(
        TRAIL,
        passing=[_trail(), _trail(KMSKeyId=Unknown("the key's ARN is known after apply"))],
        failing=[{k: v for k, v in _trail().items() if k != "KMSKeyId"}],
        live_passing=lambda aws: _live_trail(aws, "encrypted", KmsKeyId=_key(aws)),
        live_failing=lambda aws: _live_trail(aws, "plain"),
    ),
}
