"""Generate the typed resource classes in src/landform/aws/ from CloudFormation schemas.

Run `make generate` after changing CATALOG or upgrading cfn-lint. Never edit the output.
"""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from typing import Any

from landform.model.schema import ResourceSchema, schema_for

OUT = Path(__file__).resolve().parent.parent / "src" / "landform" / "aws"

CATALOG: dict[str, list[str]] = {
    "ec2": [
        "AWS::EC2::Instance",
        "AWS::EC2::Volume",
        "AWS::EC2::VolumeAttachment",
        "AWS::EC2::LaunchTemplate",
        "AWS::EC2::VPC",
        "AWS::EC2::Subnet",
        "AWS::EC2::InternetGateway",
        "AWS::EC2::VPCGatewayAttachment",
        "AWS::EC2::EIP",
        "AWS::EC2::NatGateway",
        "AWS::EC2::RouteTable",
        "AWS::EC2::Route",
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::EC2::SecurityGroupEgress",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::NetworkAclEntry",
        "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::TransitGateway",
        "AWS::EC2::TransitGatewayAttachment",
        "AWS::EC2::FlowLog",
        "Landform::EC2::DefaultSecurityGroup",
        "Landform::EC2::NoDefaultVPC",
        "Landform::EC2::EbsDefaults",
    ],
    "s3": ["AWS::S3::Bucket", "AWS::S3::BucketPolicy", "Landform::S3::AccountPublicAccessBlock"],
    "kms": ["AWS::KMS::Key", "AWS::KMS::Alias"],
    "logs": ["AWS::Logs::LogGroup"],
    "iam": [
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::InstanceProfile",
        "Landform::IAM::PasswordPolicy",
    ],
    "ecs": ["AWS::ECS::Cluster", "AWS::ECS::TaskDefinition", "AWS::ECS::Service"],
    "eks": ["AWS::EKS::Cluster", "AWS::EKS::Nodegroup", "AWS::EKS::FargateProfile"],
    "lambda_": ["AWS::Lambda::Function", "AWS::Lambda::Permission"],
    "elasticloadbalancingv2": [
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancingV2::TargetGroup",
        "AWS::ElasticLoadBalancingV2::Listener",
    ],
    "rds": ["AWS::RDS::DBSubnetGroup", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster"],
    "dynamodb": ["AWS::DynamoDB::Table"],
    "elasticache": [
        "AWS::ElastiCache::SubnetGroup",
        "AWS::ElastiCache::CacheCluster",
        "AWS::ElastiCache::ReplicationGroup",
    ],
    "docdb": ["AWS::DocDB::DBSubnetGroup", "AWS::DocDB::DBCluster", "AWS::DocDB::DBInstance"],
    "efs": ["AWS::EFS::FileSystem", "AWS::EFS::MountTarget", "AWS::EFS::AccessPoint"],
    "glacier": ["AWS::Glacier::Vault"],
    "sns": ["AWS::SNS::Topic", "AWS::SNS::Subscription"],
    "secretsmanager": ["AWS::SecretsManager::Secret"],
    "cloudwatch": ["AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard"],
    "organizations": [
        "AWS::Organizations::Organization",
        "AWS::Organizations::OrganizationalUnit",
        "AWS::Organizations::Account",
        "AWS::Organizations::Policy",
    ],
    "ram": ["AWS::RAM::ResourceShare"],
    "cloudtrail": ["AWS::CloudTrail::Trail"],
}

_RESERVED = {
    "id",
    "address",
    "attr",
    "where",
    "dependencies",
    "schema",
    "stack",
    "tags",
    "source",
    "logical_id",
    "type_name",
    "depends_on",
    "suppress",
    "suppressions",
    "deletion_policy",
    "properties",
}
_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def snake(name: str) -> str:
    out = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name).lower()
    return out + "_" if keyword.iskeyword(out) else out


def python_type(schema: ResourceSchema, node: dict[str, Any]) -> str:
    node = dict(schema.resolve(node))
    kind = node.get("type")
    if isinstance(kind, list):
        return "Any"
    if kind in _TYPES:
        return _TYPES[kind]
    if kind == "array":
        item = python_type(schema, node.get("items", {}))
        return f"Sequence[{item if item == 'Any' else f'Input[{item}]'}]"
    if kind == "object" or "properties" in node:
        return "Mapping[str, Any]"
    return "Any"


def summary(text: str | None) -> str:
    first = (text or "").strip().split("\n")[0]
    first = first.split(". ")[0].rstrip(".").replace('"""', "'")
    return (first[:88] + "…") if len(first) > 89 else first


def render_class(type_name: str) -> str:
    schema = schema_for(type_name)
    tag_prop = schema.tag_property
    required = schema.required
    args_required, args_optional, mapping, docs = [], [], [], []
    for name, node in schema.properties.items():
        if name in schema.read_only or name == tag_prop:
            continue
        arg = snake(name)
        hint = f"Input[{python_type(schema, node)}]"
        if name in required:
            args_required.append(f"        {arg}: {hint},")
        else:
            args_optional.append(f"        {arg}: {hint} | None = None,")
        mapping.append(f'                "{name}": {arg},')
        note = summary(node.get("description"))
        flag = " Changing it replaces the resource." if name in schema.create_only else ""
        docs.append(f"            {arg}: {name}. {note + '.' if note else ''}{flag}".rstrip())
    tags_arg = ["        tags: Mapping[str, Input[str]] | None = None,"] if tag_prop else []
    cls = type_name.split("::")[-1]
    lines = [
        f"class {cls}(Resource):",
        f'    """{type_name}: {summary(schema.raw.get("description"))}.',
        "",
        "        Args:",
        *docs,
        '    """',
        "",
        f'    TYPE = "{type_name}"',
        "",
        "    def __init__(",
        "        self,",
        "        stack: Stack,",
        "        logical_id: str,",
        "        *,",
        *args_required,
        *args_optional,
        *tags_arg,
        "        depends_on: Iterable[Resource] = (),",
        "        suppress: Mapping[str, str] | None = None,",
        "        deletion_policy: DeletionPolicy | None = None,",
        "    ) -> None:",
        "        super().__init__(",
        "            stack,",
        "            logical_id,",
        "            {",
        *mapping,
        "            },",
        *(["            tags=tags,"] if tag_prop else []),
        "            depends_on=depends_on,",
        "            suppress=suppress,",
        "            deletion_policy=deletion_policy,",
        "        )",
    ]
    for attribute in schema.attributes:
        prop = snake(attribute)
        if prop in _RESERVED or attribute == tag_prop:
            continue
        lines += [
            "",
            "    @property",
            f"    def {prop}(self) -> Ref:",
            f'        """Fn::GetAtt {attribute}, known after apply."""',
            f'        return Ref(self, "{attribute}")',
        ]
    return "\n".join(lines)


def render_module(service: str, types: list[str]) -> str:
    header = [
        f'"""Typed classes for {service.upper()} resources (generated by tools/generate_types.py;',
        'do not edit: run `make generate`)."""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Iterable, Mapping, Sequence",
        "from typing import Any",
        "",
        "from landform.model import DeletionPolicy, Input, Ref, Resource, Stack",
        "",
        "__all__ = [" + ", ".join(f'"{t.split("::")[-1]}"' for t in types) + "]",
    ]
    body = "\n\n\n".join(render_class(t) for t in types)
    text = "\n".join(header) + "\n\n\n" + body + "\n"
    if "Sequence[" not in body:
        text = text.replace("Iterable, Mapping, Sequence", "Iterable, Mapping")
    if "-> Ref:" not in body:
        text = text.replace("Input, Ref, Resource", "Input, Resource")
    return text


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for service, types in CATALOG.items():
        (OUT / f"{service}.py").write_text(render_module(service, types))
    services = ", ".join(f'"{s}"' for s in CATALOG)
    (OUT / "__init__.py").write_text(
        '"""Typed resource classes per AWS service, generated from CloudFormation schemas."""\n'
        f"\n__all__ = [{services}]\n"
    )


if __name__ == "__main__":
    main()
