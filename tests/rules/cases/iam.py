"""Cases of the IAM rules. Users, the root user and the password policy are the audit's
account-level types (Landform::IAM::*), read from IAM's user list, credential report,
account summary and password policy."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from landform.rules.base import Settings, Unknown
from tests.conftest import ACCOUNT
from tests.rules.harness import Aws, ModelCase, RuleCases
from tests.rules.root import iam_data, set_root

USER = "Landform::IAM::User"
ROOT = "Landform::IAM::Root"
ADMIN_STATEMENT = {"Effect": "Allow", "Action": "*", "Resource": "*"}
READ_STATEMENT = {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}
ADMINISTRATOR_ACCESS = "arn:aws:iam::aws:policy/AdministratorAccess"
WITHOUT_CREDENTIALS = {"PasswordEnabled": False, "MfaActive": False, "HardwareMfa": False}
"""A root user as AWS makes an organization's account, or as centralized root access
leaves a member whose root credentials it deleted (with no access key or certificate)."""


def _document(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def _root(**changes: Any) -> dict[str, Any]:
    """A root user as the audit reads it: a password and a hardware MFA device, no access
    key or signing certificate, unless changed."""
    return {
        "PasswordEnabled": True,
        "AccessKeysPresent": False,
        "SigningCertificatesPresent": False,
        "MfaActive": True,
        "HardwareMfa": True,
        **changes,
    }


def _ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def _key(active: bool = True, rotated: int = 10, used: int | None = 1) -> dict[str, Any]:
    return {
        "Active": active,
        "LastRotated": _ago(rotated),
        "LastUsed": None if used is None else _ago(used),
    }


def _user(**changes: Any) -> dict[str, Any]:
    """A user as the audit reads it: no password, keys or policies unless changed."""
    return {
        "UserName": "alice",
        "Arn": "arn:aws:iam::111122223333:user/alice",
        "PasswordEnabled": False,
        "PasswordLastUsed": None,
        "MfaActive": False,
        "AccessKeys": [],
        "AttachedPolicies": [],
        "InlinePolicies": [],
        **changes,
    }


def _trust(principal: Any, **condition: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"AssumeRolePolicyDocument": _document(statement)}


def _policy(aws: Aws, name: str, *statements: dict[str, Any]) -> str:
    created = aws("iam").create_policy(
        PolicyName=name, PolicyDocument=json.dumps(_document(*statements))
    )
    return str(created["Policy"]["Arn"])


def _live_user(aws: Aws, name: str, keys: int = 0, attached: bool = False) -> str:
    iam = aws("iam")
    iam.create_user(UserName=name)
    for _ in range(keys):
        iam.create_access_key(UserName=name)
    if attached:
        iam.attach_user_policy(UserName=name, PolicyArn=_policy(aws, name, READ_STATEMENT))
    return name


def _keyed_user(aws: Aws, name: str, age_days: int) -> str:
    """A user with one access key, made `age_days` ago and never used: the emulator dates
    a key when it is made, so the key is aged in its IAM data (it runs in this process)."""
    _live_user(aws, name, keys=1)
    for key in iam_data(ACCOUNT).users[name].access_keys:
        key.create_date -= timedelta(days=age_days)
    return name


def _console_user(aws: Aws, name: str, mfa: bool) -> str:
    iam = aws("iam")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
    if mfa:
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)
        iam.enable_mfa_device(
            UserName=name,
            SerialNumber=device["VirtualMFADevice"]["SerialNumber"],
            AuthenticationCode1="123456",
            AuthenticationCode2="654321",
        )
    return name


def _instance(aws: Aws, profile: bool) -> str:
    ec2, iam = aws("ec2"), aws("iam")
    image = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
    params: dict[str, Any] = {}
    if profile:
        iam.create_role(
            RoleName="app",
            AssumeRolePolicyDocument=json.dumps(_ec2_trust()["AssumeRolePolicyDocument"]),
        )
        iam.create_instance_profile(InstanceProfileName="app")
        iam.add_role_to_instance_profile(InstanceProfileName="app", RoleName="app")
        params["IamInstanceProfile"] = {"Name": "app"}
    instance = ec2.run_instances(
        ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro", **params
    )
    return str(instance["Instances"][0]["InstanceId"])


def _ec2_trust() -> dict[str, Any]:
    return _trust({"Service": "ec2.amazonaws.com"})


def _role(aws: Aws, name: str, trust: dict[str, Any]) -> str:
    document = json.dumps(trust["AssumeRolePolicyDocument"])
    aws("iam").create_role(RoleName=name, AssumeRolePolicyDocument=document)
    return name


def _password_policy(aws: Aws, length: int, reuse: int) -> str:
    """The account's password policy, as asked; its live read is named by the account."""
    aws("iam").update_account_password_policy(
        MinimumPasswordLength=length, PasswordReusePrevention=reuse, RequireSymbols=True
    )
    return ACCOUNT


CASES = {
    "LF-IAM-001": RuleCases(
        "AWS::IAM::ManagedPolicy",
        passing=[
            {"PolicyDocument": _document(READ_STATEMENT)},
            {"PolicyDocument": json.dumps(_document(READ_STATEMENT))},
            {"PolicyDocument": _document({**ADMIN_STATEMENT, "Effect": "Deny"})},
            {"PolicyDocument": _document({**ADMIN_STATEMENT, "Action": "s3:*"})},
            {"PolicyDocument": _document({**READ_STATEMENT, "Resource": [Unknown("an ARN")]})},
        ],
        failing=[
            {"PolicyDocument": _document(READ_STATEMENT, ADMIN_STATEMENT)},
            {"PolicyDocument": json.dumps(_document(ADMIN_STATEMENT))},
            {"PolicyDocument": _document({**ADMIN_STATEMENT, "Action": ["s3:GetObject", "*:*"]})},
            {"PolicyDocument": _document({**ADMIN_STATEMENT, "Resource": [Unknown("x"), "*"]})},
        ],
        live_passing=lambda aws: _policy(aws, "read", READ_STATEMENT),
        live_failing=lambda aws: _policy(aws, "admin", ADMIN_STATEMENT),
    ),
    "LF-IAM-002": RuleCases(
        USER,
        passing=[_user()],
        failing=[
            _user(AttachedPolicies=["arn:aws:iam::111122223333:policy/read"]),
            _user(InlinePolicies=[_document(READ_STATEMENT)]),
        ],
        live_passing=lambda aws: _live_user(aws, "grouped"),
        live_failing=lambda aws: _live_user(aws, "attached", attached=True),
    ),
    "LF-IAM-003": RuleCases(
        "AWS::EC2::Instance",
        passing=[
            {"ImageId": "ami-1", "IamInstanceProfile": "app"},
            {"ImageId": "ami-1", "IamInstanceProfile": Unknown("the profile's name")},
        ],
        failing=[{"ImageId": "ami-1"}],
        live_passing=lambda aws: _instance(aws, profile=True),
        live_failing=lambda aws: _instance(aws, profile=False),
    ),
    "LF-IAM-004": RuleCases(
        USER,
        passing=[
            _user(),
            _user(AccessKeys=[_key(active=False)]),
            ModelCase(_user(AccessKeys=[_key()]), settings=Settings(user_access_keys_allowed=True)),
        ],
        failing=[_user(AccessKeys=[_key()])],
        live_passing=lambda aws: _live_user(aws, "keyless"),
        live_failing=lambda aws: _live_user(aws, "keyed", keys=1),
    ),
    "LF-IAM-005": RuleCases(
        USER,
        passing=[
            _user(AccessKeys=[_key(rotated=89)]),
            _user(AccessKeys=[_key(active=False, rotated=400)]),
            ModelCase(
                _user(AccessKeys=[_key(rotated=120)]),
                settings=Settings(access_key_max_age_days=180),
            ),
        ],
        failing=[
            _user(AccessKeys=[_key(rotated=10), _key(rotated=120)]),
            ModelCase(
                _user(AccessKeys=[_key(rotated=40)]), settings=Settings(access_key_max_age_days=30)
            ),
        ],
        live_passing=lambda aws: _keyed_user(aws, "fresh-key", age_days=0),
        live_failing=lambda aws: _keyed_user(aws, "stale-key", age_days=120),
    ),
    "LF-IAM-006": RuleCases(
        USER,
        passing=[
            _user(PasswordEnabled=True, PasswordLastUsed=_ago(44)),
            _user(PasswordEnabled=True, PasswordLastUsed=None),
            _user(PasswordEnabled=False, PasswordLastUsed=_ago(400)),
            _user(
                AccessKeys=[_key(rotated=300, used=3), _key(active=False, rotated=300, used=None)]
            ),
            _user(AccessKeys=[_key(rotated=30, used=None)]),
        ],
        failing=[
            _user(PasswordEnabled=True, PasswordLastUsed=_ago(46)),
            _user(AccessKeys=[_key(rotated=100, used=50)]),
            _user(AccessKeys=[_key(rotated=60, used=None)]),
            ModelCase(
                _user(PasswordEnabled=True, PasswordLastUsed=_ago(20)),
                settings=Settings(unused_credentials_days=14),
            ),
        ],
        live_passing=lambda aws: _keyed_user(aws, "fresh-key", age_days=0),
        live_failing=lambda aws: _keyed_user(aws, "stale-key", age_days=60),
    ),
    "LF-IAM-007": RuleCases(
        USER,
        passing=[_user(AccessKeys=[_key()]), _user(AccessKeys=[_key(), _key(active=False)])],
        failing=[_user(AccessKeys=[_key(), _key()])],
        live_passing=lambda aws: _live_user(aws, "one-key", keys=1),
        live_failing=lambda aws: _live_user(aws, "two-keys", keys=2),
    ),
    "LF-IAM-008": RuleCases(
        USER,
        passing=[_user(PasswordEnabled=True, MfaActive=True), _user(AccessKeys=[_key()])],
        failing=[_user(PasswordEnabled=True, MfaActive=False)],
        live_passing=lambda aws: _console_user(aws, "with-mfa", mfa=True),
        live_failing=lambda aws: _console_user(aws, "without-mfa", mfa=False),
    ),
    "LF-IAM-009": RuleCases(
        ROOT,
        passing=[_root(), _root(**WITHOUT_CREDENTIALS)],
        failing=[
            _root(AccessKeysPresent=True),
            _root(**WITHOUT_CREDENTIALS, AccessKeysPresent=True),
        ],
        live_passing=lambda aws: set_root(ACCOUNT, mfa="hardware"),
        live_failing=lambda aws: set_root(ACCOUNT, mfa="hardware", access_key=True),
        live_in_turn=True,
    ),
    "LF-IAM-010": RuleCases(
        ROOT,
        passing=[_root(), _root(HardwareMfa=False), _root(**WITHOUT_CREDENTIALS)],
        failing=[
            _root(MfaActive=False, HardwareMfa=False),
            _root(**WITHOUT_CREDENTIALS, AccessKeysPresent=True),
            _root(**WITHOUT_CREDENTIALS, SigningCertificatesPresent=True),
            {"AccessKeysPresent": False, "MfaActive": False},  # a password not read is held
        ],
        live_passing=lambda aws: set_root(ACCOUNT, password=False),
        live_failing=lambda aws: set_root(ACCOUNT),
        live_in_turn=True,
    ),
    "LF-IAM-011": RuleCases(
        ROOT,
        passing=[_root(), _root(**WITHOUT_CREDENTIALS)],
        failing=[
            _root(HardwareMfa=False),
            _root(MfaActive=False, HardwareMfa=False),
            _root(**WITHOUT_CREDENTIALS, AccessKeysPresent=True),
        ],
        live_passing=lambda aws: set_root(ACCOUNT, mfa="hardware"),
        live_failing=lambda aws: set_root(ACCOUNT, mfa="virtual"),
        live_in_turn=True,
    ),
    "LF-IAM-012": RuleCases(
        "Landform::IAM::PasswordPolicy",
        passing=[{"Present": True, "MinimumPasswordLength": 14, "PasswordReusePrevention": 24}],
        failing=[
            {"Present": False},
            {"Present": True, "MinimumPasswordLength": 8, "PasswordReusePrevention": 24},
            {"Present": True, "MinimumPasswordLength": 16},
        ],
        live_passing=lambda aws: _password_policy(aws, length=14, reuse=24),
        live_failing=lambda aws: _password_policy(aws, length=8, reuse=24),
        live_in_turn=True,
    ),
    "LF-IAM-013": RuleCases(
        "AWS::IAM::Role",
        passing=[
            _ec2_trust(),
            _trust({"AWS": "arn:aws:iam::111122223333:root"}),
            _trust("*", StringEquals={"aws:PrincipalOrgID": "o-abc123"}),
            _trust({"AWS": Unknown("a role's ARN")}, StringEquals={"sts:ExternalId": "x"}),
        ],
        failing=[
            _trust("*"),
            _trust({"AWS": "*"}),
            _trust({"AWS": ["arn:aws:iam::111122223333:root", "*"]}),
        ],
        live_passing=lambda aws: _role(aws, "service-role", _ec2_trust()),
        live_failing=lambda aws: _role(aws, "open-role", _trust({"AWS": "*"})),
    ),
}
