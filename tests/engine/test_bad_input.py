"""Bad input fails with one clear error naming the place, before any AWS call."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from landform.cli.main import cli
from landform.cloud.calls import CallCounter
from landform.engine import operations
from landform.engine.context import Context

HEADER = """\
from landform import App, Resource
from landform.aws import ec2
app = App("shop", tags={"Project": "p", "Owner": "o", "CostCenter": "c",
                        "ManagedBy": "landform", "Environment": "development"})
s = app.stack("main", account="123456789012", region="us-east-1")
vpc = ec2.VPC(s, "vpc", cidr_block="10.0.0.0/16")
"""

CASES = {
    "invalid-cidr": (
        'ec2.Subnet(s, "sub", vpc_id=vpc.id, cidr_block="10.0.1.7/24")',
        ["landform.py:7", "stack main", "sub", "CidrBlock", "10.0.0.0/16"],
        1,
    ),
    "unknown-property": (
        'Resource(s, "q", type_name="AWS::EC2::Subnet",\n'
        '         properties={"VpcId": vpc.id, "CidrBlok": "10.0.1.0/24"})',
        ["landform.py:7", "unknown property CidrBlok", "did you mean CidrBlock"],
        1,
    ),
    "wrong-type": (
        'ec2.Subnet(s, "sub", vpc_id=vpc.id, cidr_block="10.0.1.0/24",\n'
        '           map_public_ip_on_launch="yes")',
        ["landform.py:7", "MapPublicIpOnLaunch", "boolean"],
        1,
    ),
    "missing-required": (
        'Resource(s, "sub", type_name="AWS::EC2::Subnet", properties={"CidrBlock": "10.0.1.0/24"})',
        ["landform.py:7", "missing required property VpcId"],
        1,
    ),
    "missing-required-kwarg": (
        'ec2.Subnet(s, "sub", cidr_block="10.0.1.0/24")',
        ["landform.py:7", "vpc_id"],
        1,
    ),
    "duplicate-id": (
        'ec2.VPC(s, "vpc", cidr_block="10.1.0.0/16")',
        ["landform.py:7", "duplicate logical id 'vpc'", "landform.py:6"],
        1,
    ),
    "bad-enum": (
        'ec2.VPC(s, "other", cidr_block="10.1.0.0/16", instance_tenancy="shared")',
        ["landform.py:7", "InstanceTenancy", "dedicated, default, host"],
        1,
    ),
    "cycle": (
        'a = ec2.SecurityGroup(s, "a", group_description="a", vpc_id=vpc.id)\n'
        'b = ec2.SecurityGroup(s, "b", group_description="b", vpc_id=vpc.id,\n'
        '    security_group_ingress=[{"IpProtocol": "tcp", "FromPort": 1, "ToPort": 1,\n'
        '                             "SourceSecurityGroupId": a.id}])\n'
        'a.properties["SecurityGroupIngress"] = [{"IpProtocol": "tcp", "FromPort": 1,\n'
        '    "ToPort": 1, "SourceSecurityGroupId": b.id}]',
        ["reference cycle", "shop/main/a (landform.py:7)", "shop/main/b (landform.py:8)"],
        1,
    ),
    "unmanaged-property": (
        "from landform.aws import s3\n"
        's3.Bucket(s, "b", cors_configuration={"CorsRules": [{"AllowedMethods": ["GET"],\n'
        '                                                    "AllowedOrigins": ["*"]}]})',
        [
            "landform.py:8",
            "property CorsConfiguration",
            "Landform does not manage CorsConfiguration of AWS::S3::Bucket yet",
        ],
        1,
    ),
    "duplicate-name": (
        "from landform.aws import s3\n"
        's3.Bucket(s, "one", bucket_name="shop-assets")\n'
        's3.Bucket(s, "two", bucket_name="shop-assets")',
        [
            "landform.py:9",
            "two",
            "property BucketName",
            "'shop-assets' is declared twice",
            "shop/main/one at landform.py:8",
        ],
        1,
    ),
    "type-without-handler": (
        'Resource(s, "queue", type_name="AWS::SQS::Queue", properties={})',
        [
            "landform.py:7",
            "queue",
            "Landform has no handler for AWS::SQS::Queue",
            "supported types:",
        ],
        1,
    ),
    "tag-policy": (
        'ec2.VPC(s, "other", cidr_block="10.1.0.0/16", tags={"Environment": "prod"})',
        ["landform.py:7", "Environment='prod' is not allowed", "production, staging"],
        3,
    ),
}


def write_project(directory: Path, body: str) -> None:
    (directory / "landform.py").write_text(HEADER + textwrap.dedent(body) + "\n")


@pytest.mark.parametrize("case", sorted(CASES))
def test_cli_reports_bad_input_with_its_place(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body, expected, exit_code = CASES[case]
    write_project(tmp_path, body)
    monkeypatch.chdir(tmp_path)
    # no --local and no credentials: any AWS call would fail with a different error
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "invalid")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "invalid")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
    result = CliRunner().invoke(cli, ["plan"])
    assert result.exit_code == exit_code, result.output
    for fragment in expected:
        assert fragment in result.output, f"{fragment!r} not in:\n{result.output}"


@pytest.mark.parametrize(
    "case", ["cycle", "tag-policy", "unmanaged-property", "type-without-handler"]
)
def test_model_errors_make_no_api_call(
    case: str, tmp_path: Path, context: Context, calls: CallCounter, monkeypatch: pytest.MonkeyPatch
) -> None:
    from landform.errors import LandformError
    from landform.project import load_app

    write_project(tmp_path, CASES[case][0])
    monkeypatch.chdir(tmp_path)
    app = load_app(tmp_path)
    with pytest.raises(LandformError) as raised:
        operations.plan(app, context)
    assert raised.value.exit_code == CASES[case][2]
    assert calls.total == 0
    assert context.store.all() == []
