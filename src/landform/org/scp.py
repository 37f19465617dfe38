"""A library of AWS Organizations policies: service control policies and tag policies.

Each function returns a validated `OrganizationPolicy`; `combined` merges several SCPs
into one, since AWS attaches at most five SCPs to a root, OU or account.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from landform.model.tags import TagPolicy
from landform.org.policy import (
    DESCRIPTION_LIMIT,
    POLICY_VERSION,
    SERVICE_CONTROL_POLICY,
    SIZE_LIMITS,
    TAG_POLICY,
    OrganizationPolicy,
    invalid,
)

__all__ = [
    "DEFAULT_GLOBAL_SERVICES",
    "SERVICE_CONTROL_POLICY",
    "SIZE_LIMITS",
    "TAG_POLICY",
    "OrganizationPolicy",
    "combined",
    "deny_cloudtrail_changes",
    "deny_config_changes",
    "deny_guardduty_changes",
    "deny_iam_user_access_keys",
    "deny_leave_organization",
    "deny_regions_except",
    "deny_root_user",
    "deny_security_service_changes",
    "require_imdsv2",
    "tag_policy",
    "tag_policy_from",
]


_REGION = re.compile(r"[a-z]{2}(-(gov|iso[a-z]?))?-[a-z]+-[0-9]{1,2}")
_RESOURCE_TYPE = re.compile(r"[a-z0-9-]+:[A-Za-z0-9_*-]+")

DEFAULT_GLOBAL_SERVICES: tuple[str, ...] = (
    "a4b:*",
    "access-analyzer:*",
    "account:*",
    "acm:*",
    "activate:*",
    "artifact:*",
    "aws-marketplace-management:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "billing:*",
    "billingconductor:*",
    "budgets:*",
    "ce:*",
    "chatbot:*",
    "chime:*",
    "cloudfront:*",
    "cloudtrail:LookupEvents",
    "compute-optimizer:*",
    "config:*",
    "consoleapp:*",
    "consolidatedbilling:*",
    "cur:*",
    "datapipeline:GetAccountLimits",
    "devicefarm:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "ecr-public:*",
    "fms:*",
    "freetier:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "invoicing:*",
    "iq:*",
    "kms:*",
    "license-manager:ListReceivedLicenses",
    "lightsail:Get*",
    "mobileanalytics:*",
    "networkmanager:*",
    "notifications-contacts:*",
    "notifications:*",
    "organizations:*",
    "payments:*",
    "pricing:*",
    "quicksight:DescribeAccountSubscription",
    "resource-explorer-2:*",
    "route53-recovery-cluster:*",
    "route53-recovery-control-config:*",
    "route53-recovery-readiness:*",
    "route53:*",
    "route53domains:*",
    "s3:CreateMultiRegionAccessPoint",
    "s3:DeleteMultiRegionAccessPoint",
    "s3:DescribeMultiRegionAccessPointOperation",
    "s3:GetAccountPublicAccessBlock",
    "s3:GetBucketLocation",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetMultiRegionAccessPoint",
    "s3:GetMultiRegionAccessPointPolicy",
    "s3:GetMultiRegionAccessPointPolicyStatus",
    "s3:GetStorageLensConfiguration",
    "s3:GetStorageLensDashboard",
    "s3:ListAllMyBuckets",
    "s3:ListMultiRegionAccessPoints",
    "s3:ListStorageLensConfigurations",
    "s3:PutAccountPublicAccessBlock",
    "s3:PutMultiRegionAccessPointPolicy",
    "savingsplans:*",
    "shield:*",
    "sso:*",
    "sts:*",
    "support:*",
    "supportapp:*",
    "supportplans:*",
    "sustainability:*",
    "tag:GetResources",
    "tax:*",
    "trustedadvisor:*",
    "vendor-insights:ListEntitledSecurityProfiles",
    "waf-regional:*",
    "waf:*",
    "wafv2:*",
)
"""Actions of global services (single endpoint, mostly us-east-1) a region deny must spare.

Follows the AWS Control Tower region-deny control and the IAM documentation example.
"""


def _scp(name: str, description: str, *statements: dict[str, Any]) -> OrganizationPolicy:
    document = {"Version": POLICY_VERSION, "Statement": list(statements)}
    return OrganizationPolicy(name, description, SERVICE_CONTROL_POLICY, document)


def _principals(exempt: Sequence[str]) -> list[str]:
    if isinstance(exempt, str):
        exempt = [exempt]
    for arn in exempt:
        if not arn.startswith("arn:") or len(arn) > 2048:
            raise invalid(
                f"exempt principal {arn!r} is not an ARN pattern",
                'use e.g. "arn:aws:iam::*:role/BreakGlass"',
            )
    return list(dict.fromkeys(exempt))


def _deny(
    sid: str, actions: Sequence[str], exempt: Sequence[str] = (), **condition: Any
) -> dict[str, Any]:
    statement: dict[str, Any] = {
        "Sid": sid,
        "Effect": "Deny",
        "Action": actions[0] if len(actions) == 1 else list(actions),
        "Resource": "*",
    }
    principals = _principals(exempt)
    if principals:
        condition = {**condition, "ArnNotLike": {"aws:PrincipalArn": principals}}
    if condition:
        statement["Condition"] = condition
    return statement


def deny_leave_organization() -> OrganizationPolicy:
    """Deny organizations:LeaveOrganization, so member accounts stay governed. No exceptions."""
    return _scp(
        "deny-leave-organization",
        "Member accounts may not leave the organization",
        _deny("DenyLeaveOrganization", ["organizations:LeaveOrganization"]),
    )


def deny_regions_except(
    regions: Sequence[str],
    exempt_services: Sequence[str] = DEFAULT_GLOBAL_SERVICES,
    *,
    exempt_principals: Sequence[str] = (),
) -> OrganizationPolicy:
    """Deny every action requested outside `regions`.

    Exceptions: actions in `exempt_services` (global services, whose endpoint lives in one
    region) and principals matching `exempt_principals` (ARN patterns).
    """
    if isinstance(regions, str):
        regions = [regions]
    if not regions:
        raise invalid("deny_regions_except needs at least one region", 'e.g. ["us-east-1"]')
    bad = [r for r in regions if not isinstance(r, str) or not _REGION.fullmatch(r)]
    if bad:
        raise invalid(
            f"malformed region name(s): {', '.join(map(repr, bad))}",
            'use region codes such as "us-east-1" or "eu-west-1"',
        )
    if isinstance(exempt_services, str):
        exempt_services = [exempt_services]
    statement: dict[str, Any] = {
        "Sid": "DenyOutsideAllowedRegions",
        "Effect": "Deny",
        "NotAction": list(dict.fromkeys(exempt_services)),
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": list(dict.fromkeys(regions))}},
    }
    principals = _principals(exempt_principals)
    if principals:
        statement["Condition"]["ArnNotLike"] = {"aws:PrincipalArn": principals}
    return _scp(
        "deny-regions-except",
        f"Deny regional actions outside {', '.join(dict.fromkeys(regions))}"[:DESCRIPTION_LIMIT],
        statement,
    )


_CLOUDTRAIL_ACTIONS = (
    "cloudtrail:StopLogging",
    "cloudtrail:DeleteTrail",
    "cloudtrail:UpdateTrail",
    "cloudtrail:PutEventSelectors",
)
_CONFIG_ACTIONS = (
    "config:DeleteConfigRule",
    "config:DeleteConfigurationRecorder",
    "config:DeleteDeliveryChannel",
    "config:StopConfigurationRecorder",
)
_GUARDDUTY_ACTIONS = (
    "guardduty:DeleteDetector",
    "guardduty:DeleteInvitations",
    "guardduty:DeleteIPSet",
    "guardduty:DeleteMembers",
    "guardduty:DeletePublishingDestination",
    "guardduty:DeleteThreatIntelSet",
    "guardduty:DisassociateFromAdministratorAccount",
    "guardduty:DisassociateFromMasterAccount",
    "guardduty:DisassociateMembers",
    "guardduty:StopMonitoringMembers",
    "guardduty:UpdateDetector",
)


def _cloudtrail(exempt: Sequence[str]) -> dict[str, Any]:
    return _deny("DenyCloudTrailChanges", _CLOUDTRAIL_ACTIONS, exempt)


def _config(exempt: Sequence[str]) -> dict[str, Any]:
    return _deny("DenyConfigChanges", _CONFIG_ACTIONS, exempt)


def _guardduty(exempt: Sequence[str]) -> dict[str, Any]:
    return _deny("DenyGuardDutyChanges", _GUARDDUTY_ACTIONS, exempt)


def deny_cloudtrail_changes(*, exempt_principals: Sequence[str] = ()) -> OrganizationPolicy:
    """Deny stopping, deleting or reconfiguring CloudTrail trails.

    Exceptions: principals matching `exempt_principals` (none by default).
    """
    return _scp(
        "deny-cloudtrail-changes",
        "CloudTrail trails may not be stopped, deleted or changed",
        _cloudtrail(exempt_principals),
    )


def deny_config_changes(*, exempt_principals: Sequence[str] = ()) -> OrganizationPolicy:
    """Deny deleting AWS Config rules, recorders and delivery channels, or stopping recording.

    Exceptions: principals matching `exempt_principals` (none by default).
    """
    return _scp(
        "deny-config-changes",
        "AWS Config recording and rules may not be stopped or deleted",
        _config(exempt_principals),
    )


def deny_guardduty_changes(*, exempt_principals: Sequence[str] = ()) -> OrganizationPolicy:
    """Deny disabling GuardDuty: deleting detectors, lists or members, leaving the administrator.

    Exceptions: principals matching `exempt_principals` (none by default).
    """
    return _scp(
        "deny-guardduty-changes",
        "GuardDuty may not be disabled, reconfigured or disassociated",
        _guardduty(exempt_principals),
    )


def deny_security_service_changes(*, exempt_principals: Sequence[str] = ()) -> OrganizationPolicy:
    """Deny tampering with CloudTrail, AWS Config and GuardDuty, as one policy.

    Exceptions: principals matching `exempt_principals` (none by default).
    """
    return _scp(
        "deny-security-service-changes",
        "CloudTrail, AWS Config and GuardDuty may not be stopped, deleted or changed",
        _cloudtrail(exempt_principals),
        _config(exempt_principals),
        _guardduty(exempt_principals),
    )


def deny_root_user() -> OrganizationPolicy:
    """Deny every action to the root user of member accounts.

    Exceptions: none in member accounts; SCPs never restrict the management account.
    """
    return _scp(
        "deny-root-user",
        "The root user of member accounts may do nothing",
        _deny(
            "DenyRootUser",
            ["*"],
            StringLike={"aws:PrincipalArn": "arn:aws:iam::*:root"},
        ),
    )


def deny_iam_user_access_keys() -> OrganizationPolicy:
    """Deny iam:CreateAccessKey: use roles, not long-lived user keys. No exceptions.

    Existing keys keep working; delete them separately.
    """
    return _scp(
        "deny-iam-user-access-keys",
        "No new long-lived IAM access keys; use roles",
        _deny("DenyCreateAccessKey", ["iam:CreateAccessKey"]),
    )


def require_imdsv2(
    *, max_hop_limit: int = 3, admin_principals: Sequence[str] = ()
) -> OrganizationPolicy:
    """Require IMDSv2 on EC2, following the AWS-documented SCP.

    Denies launching instances without required session tokens or with a PUT response hop
    limit above `max_hop_limit`, and any call made with IMDSv1 role credentials. When
    `admin_principals` (ARN patterns) are given, also denies
    ec2:ModifyInstanceMetadataOptions to everyone else; without them, modifying metadata
    options stays allowed, so existing instances can be moved to IMDSv2.
    """
    if not 1 <= max_hop_limit <= 64:
        raise invalid(f"hop limit {max_hop_limit} is out of range", "use 1 to 64")
    instances = "arn:aws:ec2:*:*:instance/*"
    statements: list[dict[str, Any]] = [
        {
            "Sid": "RequireImdsV2",
            "Effect": "Deny",
            "Action": "ec2:RunInstances",
            "Resource": instances,
            "Condition": {"StringNotEquals": {"ec2:MetadataHttpTokens": "required"}},
        },
        {
            "Sid": "LimitImdsHopLimit",
            "Effect": "Deny",
            "Action": "ec2:RunInstances",
            "Resource": instances,
            "Condition": {
                "NumericGreaterThan": {"ec2:MetadataHttpPutResponseHopLimit": str(max_hop_limit)}
            },
        },
        {
            "Sid": "DenyImdsV1RoleCredentials",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"NumericLessThan": {"ec2:RoleDelivery": "2.0"}},
        },
    ]
    if admin_principals:
        statements.append(
            _deny(
                "DenyMetadataOptionsChanges",
                ["ec2:ModifyInstanceMetadataOptions"],
                admin_principals,
            )
        )
    return _scp(
        "require-imdsv2",
        "EC2 instances must use IMDSv2 (session tokens required)",
        *statements,
    )


def tag_policy(
    required: Mapping[str, Sequence[str] | None] | TagPolicy,
    enforced_for: Sequence[str] = (),
    *,
    name: str = "required-tags",
    description: str = "Tag keys, their capitalization and allowed values",
) -> OrganizationPolicy:
    """A TAG_POLICY fixing each key's capitalization and, when given, its allowed values.

    `required` maps key to allowed values (None or empty: any value), or is a
    `landform.model.tags.TagPolicy`. `enforced_for` lists resource types (e.g.
    "ec2:instance", "s3:ALL_SUPPORTED") where non-compliant tagging is refused; elsewhere
    the policy only reports.
    """
    if isinstance(required, TagPolicy):
        required = {rule.key: rule.allowed for rule in required.rules}
    if not required:
        raise invalid("a tag policy needs at least one tag key", 'e.g. {"Owner": None}')
    if isinstance(enforced_for, str):
        enforced_for = [enforced_for]
    bad = [t for t in enforced_for if not _RESOURCE_TYPE.fullmatch(t)]
    if bad:
        raise invalid(
            f"malformed resource type(s) in enforced_for: {', '.join(map(repr, bad))}",
            'use "service:type", e.g. "ec2:instance" or "s3:ALL_SUPPORTED"',
        )
    tags: dict[str, Any] = {}
    for key, values in required.items():
        if not key or len(key) > 128:
            raise invalid(f"tag key {key!r} is invalid", "use 1 to 128 characters")
        rule: dict[str, Any] = {"tag_key": {"@@assign": key}}
        allowed = _values(key, values)
        if allowed:
            rule["tag_value"] = {"@@assign": allowed}
        if enforced_for:
            rule["enforced_for"] = {"@@assign": list(dict.fromkeys(enforced_for))}
        tags[key] = rule
    return OrganizationPolicy(name, description, TAG_POLICY, {"tags": tags})


def _values(key: str, values: Sequence[str] | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    too_long = [v for v in values if len(v) > 256]
    if too_long:
        raise invalid(
            f"tag {key}: value {too_long[0][:40]!r}... is too long", "use at most 256 characters"
        )
    return list(dict.fromkeys(values))


def tag_policy_from(policy: TagPolicy, enforced_for: Sequence[str] = ()) -> OrganizationPolicy:
    """The TAG_POLICY equivalent of a Landform `TagPolicy` (see `tag_policy`)."""
    return tag_policy(policy, enforced_for)


def combined(
    name: str, *policies: OrganizationPolicy, description: str | None = None
) -> OrganizationPolicy:
    """Merge SCPs into one (AWS attaches at most five per target).

    Statements are concatenated in order; exact duplicates are dropped and clashing Sids
    get a numeric suffix. The result is validated, so an oversized merge is refused.
    """
    if not policies:
        raise invalid(f"combined {name!r} has no policies", "pass at least one SCP")
    others = [p.name for p in policies if p.type != SERVICE_CONTROL_POLICY]
    if others:
        raise invalid(
            f"combined {name!r}: {', '.join(others)} are not service control policies",
            "only SCPs can be combined",
        )
    statements = _merge(s for p in policies for s in p.statements)
    if description is None:
        description = "Combines " + ", ".join(p.name for p in policies)
        if len(description) > DESCRIPTION_LIMIT:
            description = description[: DESCRIPTION_LIMIT - 3] + "..."
    return _scp(name, description, *statements)


def _merge(statements: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: list[dict[str, Any]] = []
    seen: list[dict[str, Any]] = []
    sids: set[str] = set()
    for statement in statements:
        if statement in seen:
            continue
        seen.append(statement)
        sid = statement.get("Sid")
        if isinstance(sid, str) and sid:
            unique, n = sid, 2
            while unique in sids:
                unique, n = f"{sid}{n}", n + 1
            sids.add(unique)
            statement = {**statement, "Sid": unique}
        merged.append(statement)
    return merged
