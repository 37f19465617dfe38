"""`audit` on the emulator: a misconfigured account found out rule by rule, every region
and every organization account read, and a type that cannot be read not losing the rest."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from landform.cloud.calls import CallCounter
from landform.engine.context import Context
from landform.engine.events import Event
from landform.handlers.base import Api
from landform.handlers.registry import handler_for
from landform.rules.audit import audit_accounts, live_subjects
from landform.rules.runner import FAIL, Report
from tests.conftest import ACCOUNT, REGION
from tests.rules.root import iam_data

WEST = "us-west-2"
OPEN = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]
TEAM = {"Key": "Team", "Value": "payments"}
READ_ONLY = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
}
Found = set[tuple[str, str, str]]
"""(rule id, resource type, resource name)"""


def failed(report: Report, account: str = ACCOUNT) -> Found:
    return {
        (f.rule.id, f.subject.type_name, f.subject.name)
        for f in report.findings
        if f.status == FAIL and f.subject.account == account
    }


def ssh_open_group(ec2: Any, name: str) -> str:
    """A security group of the default VPC admitting SSH from anywhere."""
    (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
    group = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc["VpcId"])
    ec2.authorize_security_group_ingress(GroupId=group["GroupId"], IpPermissions=OPEN)
    return str(group["GroupId"])


def age_access_keys(user: str, days: int) -> None:
    """Make the user's access keys `days` older: the emulator dates a key at its creation
    (its IAM runs in this process)."""
    for key in iam_data(ACCOUNT).users[user].access_keys:
        key.create_date -= timedelta(days=days)


def test_a_misconfigured_account_breaks_exactly_the_expected_rules(
    context: Context, aws: Any
) -> None:
    before = failed(audit_accounts(context, [], []))

    ec2 = aws("ec2")
    group = ssh_open_group(ec2, "ssh-from-anywhere")
    aws("s3").create_bucket(Bucket="scenario-unencrypted")
    iam = aws("iam")
    iam.create_user(UserName="old-key")
    iam.create_login_profile(UserName="old-key", Password="Correct-Horse-9")
    iam.create_access_key(UserName="old-key")
    age_access_keys("old-key", 120)
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    (instance,) = ec2.run_instances(
        ImageId=image,
        MinCount=1,
        MaxCount=1,
        InstanceType="t3.micro",
        MetadataOptions={"HttpTokens": "optional"},
    )["Instances"]
    instance_id = instance["InstanceId"]
    (volume,) = ec2.describe_volumes(
        Filters=[{"Name": "attachment.instance-id", "Values": [instance_id]}]
    )["Volumes"]
    key = aws("kms").create_key(Description="never rotated")["KeyMetadata"]["KeyId"]

    report = audit_accounts(context, [], [])

    assert report.errors == []
    expected = {
        ("AWS::EC2::SecurityGroup", group): {"LF-NET-002", "LF-TAG-001"},
        ("AWS::S3::Bucket", "scenario-unencrypted"): {
            "LF-ENC-001",  # default encryption is not aws:kms
            "LF-S3-002",
            "LF-S3-003",
            "LF-S3-004",
            "LF-MON-005",
            "LF-TAG-001",
        },
        ("Landform::IAM::User", "old-key"): {
            "LF-IAM-004",  # holds an access key at all
            "LF-IAM-005",  # 120 days old
            "LF-IAM-006",  # never used in 120 days
            "LF-IAM-008",  # console password without MFA
        },
        ("AWS::EC2::Instance", instance_id): {
            "LF-CMP-001",  # IMDSv1 allowed
            "LF-IAM-003",
            "LF-MON-001",
            "LF-TAG-001",
        },
        ("AWS::EC2::Volume", volume["VolumeId"]): {"LF-ENC-002", "LF-TAG-001"},
        ("AWS::KMS::Key", key): {"LF-ENC-011", "LF-TAG-001"},
    }
    new = failed(report) - before
    assert new == {
        (rule_id, type_name, name)
        for (type_name, name), rule_ids in expected.items()
        for rule_id in rule_ids
    }


def test_every_region_asked_for_is_read_and_account_settings_once(
    context: Context, aws: Any, calls: CallCounter
) -> None:
    east = ssh_open_group(aws("ec2"), "east")
    west = ssh_open_group(aws("ec2", WEST), "west")
    events: list[Event] = []

    def record(event: Event) -> None:
        events.append(event)

    context.report = record

    report = audit_accounts(context, [], [REGION, WEST])

    assert report.errors == []
    found = {
        (f.subject.name, f.subject.region) for f in report.findings if f.rule.id == "LF-NET-002"
    }
    assert found == {(east, REGION), (west, WEST)}
    assert calls.calls[("ec2", "DescribeSecurityGroups")] == 2, "once per region"
    assert calls.calls[("ec2", "GetEbsEncryptionByDefault")] == 2, "a region's setting"
    assert calls.calls[("iam", "GetAccountSummary")] == 1, "an account's setting: once"
    assert calls.calls[("iam", "ListRoles")] == 1, "IAM is global: once per account"
    refreshed = {e.message for e in events if e.kind == "refresh"}
    assert f"AWS::EC2::SecurityGroup in {ACCOUNT}/{WEST}" in refreshed
    assert f"Landform::IAM::Root in {ACCOUNT}/{REGION}" in refreshed
    assert f"Landform::IAM::Root in {ACCOUNT}/{WEST}" not in refreshed
    assert events[-1].kind == "refreshed"


def test_the_organization_accounts_are_audited_through_assumed_roles(
    context: Context, aws: Any, aws_in: Any, calls: CallCounter
) -> None:
    organizations = aws("organizations")
    organizations.create_organization(FeatureSet="ALL")
    request = organizations.create_account(Email="member@example.com", AccountName="member")
    member = organizations.describe_create_account_status(
        CreateAccountRequestId=request["CreateAccountStatus"]["Id"]
    )["CreateAccountStatus"]["AccountId"]
    group = ssh_open_group(aws_in(member)("ec2"), "member-ssh")

    report = audit_accounts(context, [], [])

    assert report.errors == []
    assert ("LF-NET-002", "AWS::EC2::SecurityGroup", group) in failed(report, member)
    assert not [
        f for f in report.findings if f.subject.name == group and f.subject.account != member
    ]
    assert calls.calls[("sts", "AssumeRole")] >= 1, "the member is read through its role"
    reports = calls.calls[("iam", "GetCredentialReport")]
    assert reports == 2, "one credential report per account, shared by users and root"
    root_without_mfa = {f.subject.account for f in report.findings if f.rule.id == "LF-IAM-010"}
    assert root_without_mfa == {ACCOUNT}, "an account the organization made has no root password"
    organization = {f.subject.account for f in report.findings if f.rule.practice == "org"}
    assert organization == {ACCOUNT}, "the organization is read in its management account"


def test_a_type_that_cannot_be_read_is_reported_and_the_rest_audited(
    context: Context, aws: Any
) -> None:
    aws("glacier").create_vault(vaultName="archive")
    group = ssh_open_group(aws("ec2"), "still-audited")

    report = audit_accounts(context, [ACCOUNT], [REGION])

    # the emulator serves no Glacier vault tags (list_tags_for_vault answers 404)
    (error,) = report.errors
    assert error.startswith(f"AWS::Glacier::Vault in {ACCOUNT}/{REGION}: ")
    assert "ListTagsForVault" in error
    assert ("LF-NET-002", "AWS::EC2::SecurityGroup", group) in failed(report)
    assert report.as_json()["errors"] == [error]


def test_listing_everything_reads_what_rules_need_of_what_landform_did_not_make(
    context: Context, aws: Any
) -> None:
    group = ssh_open_group(aws("ec2"), "made-outside")
    iam = aws("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    iam.create_role(RoleName="outside", AssumeRolePolicyDocument=json.dumps(trust), Tags=[TEAM])
    policy = iam.create_policy(PolicyName="reader", PolicyDocument=json.dumps(READ_ONLY))
    iam.attach_role_policy(RoleName="outside", PolicyArn=policy["Policy"]["Arn"])
    iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    aws("logs").create_log_group(logGroupName="outside", tags={"Team": "payments"})
    aws("ec2").create_launch_template(
        LaunchTemplateName="outside",
        LaunchTemplateData={"MetadataOptions": {"HttpTokens": "optional"}},
    )
    types = {
        "AWS::EC2::SecurityGroup",
        "AWS::IAM::Role",
        "AWS::Logs::LogGroup",
        "AWS::EC2::LaunchTemplate",
    }

    found = {
        (s.type_name, s.name): s.properties for s in live_subjects(context, None, REGION, types)
    }

    assert found[("AWS::EC2::SecurityGroup", group)]["SecurityGroupIngress"]
    role = found[("AWS::IAM::Role", "outside")]
    assert role["Tags"] == [TEAM]
    assert role["ManagedPolicyArns"] == [policy["Policy"]["Arn"]]
    linked = iam.get_role(RoleName="AWSServiceRoleForAutoScaling")["Role"]
    assert linked["Path"].startswith("/aws-service-role/")
    assert ("AWS::IAM::Role", linked["RoleName"]) not in found, "an IAM::ServiceLinkedRole"
    assert found[("AWS::Logs::LogGroup", "outside")]["Tags"] == [TEAM]
    (template,) = [p for (kind, _), p in found.items() if kind == "AWS::EC2::LaunchTemplate"]
    assert template["LaunchTemplateData"] == {"MetadataOptions": {"HttpTokens": "optional"}}

    owned = Api(context.sessions.client, ACCOUNT, REGION)  # as plan and apply list
    assert list(handler_for("AWS::EC2::SecurityGroup").list(owned)) == []
    (group_listed,) = handler_for("AWS::Logs::LogGroup").list(owned)
    assert "Tags" not in group_listed.properties, "compared with state, as before"
    (template_listed,) = handler_for("AWS::EC2::LaunchTemplate").list(owned)
    assert "LaunchTemplateData" not in template_listed.properties
