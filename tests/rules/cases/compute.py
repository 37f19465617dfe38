"""Cases of the compute rules."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from landform.rules import Unknown
from tests.rules.harness import Aws, RuleCases

IMAGE = "ami-1e749f67"
REQUIRED = {"HttpEndpoint": "enabled", "HttpTokens": "required"}


def _instance(aws: Aws, **metadata: Any) -> str:
    """An instance launched with `metadata` options (none: EC2's defaults)."""
    options = {"MetadataOptions": metadata} if metadata else {}
    (instance,) = aws("ec2").run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, **options)[
        "Instances"
    ]
    return str(instance["InstanceId"])


def _role(aws: Aws, name: str, service: str) -> str:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
        ],
    }
    role = aws("iam").create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))
    return str(role["Role"]["Arn"])


def _permission(aws: Aws, sid: str, **grant: str) -> str:
    """A function of its own with one permission to invoke it, `sid`."""
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("main.py", "def handler(event, context):\n    return None\n")
    lam = aws("lambda")
    lam.create_function(
        FunctionName=f"fn-{sid}",
        Runtime="python3.12",
        Role=_role(aws, f"role-{sid}", "lambda.amazonaws.com"),
        Handler="main.handler",
        Code={"ZipFile": code.getvalue()},
    )
    lam.add_permission(
        FunctionName=f"fn-{sid}", StatementId=sid, Action="lambda:InvokeFunction", **grant
    )
    return sid


def _cluster(aws: Aws, name: str, **endpoint: Any) -> str:
    aws("eks").create_cluster(
        name=name,
        roleArn=_role(aws, f"{name}-role", "eks.amazonaws.com"),
        resourcesVpcConfig={"subnetIds": [], **endpoint},
    )
    return name


INVOKE = {"Action": "lambda:InvokeFunction", "FunctionName": "orders"}


def _launch_template(aws: Aws, name: str, metadata: dict[str, str]) -> str:
    made = aws("ec2").create_launch_template(
        LaunchTemplateName=name,
        LaunchTemplateData={"ImageId": IMAGE, "MetadataOptions": metadata},
    )
    return str(made["LaunchTemplate"]["LaunchTemplateId"])


CASES = {
    "LF-CMP-001": RuleCases(
        "AWS::EC2::Instance",
        passing=[
            {"ImageId": IMAGE, "MetadataOptions": REQUIRED},
            {"ImageId": IMAGE, "MetadataOptions": {"HttpEndpoint": "disabled"}},
        ],
        failing=[
            {"ImageId": IMAGE},
            {"ImageId": IMAGE, "MetadataOptions": {"HttpTokens": "optional"}},
            {"ImageId": IMAGE, "MetadataOptions": {"HttpPutResponseHopLimit": 1}},
        ],
        live_passing=lambda aws: _instance(aws, HttpTokens="required"),
        live_failing=lambda aws: _instance(aws),
    ),
    "LF-CMP-002": RuleCases(
        "AWS::EC2::LaunchTemplate",
        passing=[
            {"LaunchTemplateName": "web", "LaunchTemplateData": {"MetadataOptions": REQUIRED}},
            {
                "LaunchTemplateName": "web",
                "LaunchTemplateData": {"MetadataOptions": {"HttpEndpoint": "disabled"}},
            },
        ],
        failing=[
            {"LaunchTemplateName": "web", "LaunchTemplateData": {"ImageId": IMAGE}},
            {
                "LaunchTemplateName": "web",
                "LaunchTemplateData": {"MetadataOptions": {"HttpTokens": "optional"}},
            },
        ],
        live_passing=lambda aws: _launch_template(aws, "imds-v2", REQUIRED),
        live_failing=lambda aws: _launch_template(aws, "imds-v1", {"HttpTokens": "optional"}),
    ),
    "LF-CMP-003": RuleCases(
        "AWS::Lambda::Permission",
        passing=[
            {**INVOKE, "Principal": "s3.amazonaws.com", "SourceArn": "arn:aws:s3:::uploads"},
            {**INVOKE, "Principal": "*", "SourceAccount": "111122223333"},
            {**INVOKE, "Principal": "*", "PrincipalOrgID": "o-abcdefghij"},
            {**INVOKE, "Principal": "*", "SourceArn": Unknown("uploads.Arn is known after apply")},
            {**INVOKE, "Principal": "111122223333"},
        ],
        failing=[
            {**INVOKE, "Principal": "*"},
            {
                "Action": "lambda:InvokeFunctionUrl",
                "FunctionName": "orders",
                "Principal": "*",
                "FunctionUrlAuthType": "NONE",
            },
        ],
        live_passing=lambda aws: _permission(
            aws, "same-account", Principal="*", SourceAccount="123456789012"
        ),
        live_failing=lambda aws: _permission(aws, "anyone", Principal="*"),
    ),
    "LF-CMP-004": RuleCases(
        "AWS::EKS::Cluster",
        passing=[
            {
                "ResourcesVpcConfig": {
                    "SubnetIds": ["subnet-1"],
                    "EndpointPublicAccess": False,
                    "EndpointPrivateAccess": True,
                }
            },
            {
                "ResourcesVpcConfig": {
                    "SubnetIds": ["subnet-1"],
                    "EndpointPublicAccess": True,
                    "PublicAccessCidrs": ["203.0.113.0/24"],
                }
            },
            {"ResourcesVpcConfig": {"EndpointPublicAccess": "false"}},
        ],
        failing=[
            {"ResourcesVpcConfig": {"SubnetIds": ["subnet-1"]}},
            {"ResourcesVpcConfig": {"EndpointPublicAccess": True}},
            {
                "ResourcesVpcConfig": {
                    "EndpointPublicAccess": True,
                    "PublicAccessCidrs": ["203.0.113.0/24", "0.0.0.0/0"],
                }
            },
        ],
        live_passing=lambda aws: _cluster(
            aws, "private", endpointPublicAccess=False, endpointPrivateAccess=True
        ),
        live_failing=lambda aws: _cluster(aws, "public", endpointPublicAccess=True),
    ),
}
