"""CloudFormation templates as rule subjects: parameters, pseudo parameters, intrinsic
functions and conditions resolved where the template decides them, unknown elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from landform.errors import LandformError
from landform.rules.base import Subject, Unknown
from landform.rules.runner import FAIL, SUPPRESSED, UNKNOWN, Finding, evaluate
from landform.rules.template import template_subjects

SSH = "LF-NET-002"


def write(directory: Path, text: str, name: str = "template.yaml") -> Path:
    path = directory / name
    path.write_text(text)
    return path


def group(body: str, head: str = "") -> str:
    """A YAML template: `head` (Parameters, Conditions...) and a security group SG whose
    Properties are `body` (indented by 6)."""
    return (
        f"AWSTemplateFormatVersion: '2010-09-09'\n{head}Resources:\n"
        "  SG:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n"
        "      GroupDescription: admin\n" + body
    )


def only(subjects: list[Subject], name: str = "SG") -> Subject:
    (subject,) = [s for s in subjects if s.name == name]
    return subject


def ssh_findings(path: Path) -> list[Finding]:
    return [f for f in evaluate(template_subjects(path)).findings if f.rule.id == SSH]


def ingress(port: str = "22", cidr: str = "0.0.0.0/0") -> str:
    return (
        "      SecurityGroupIngress:\n"
        f"        - {{IpProtocol: tcp, FromPort: {port}, ToPort: {port}, CidrIp: {cidr}}}\n"
    )


@pytest.mark.parametrize(("cidr", "statuses"), [("0.0.0.0/0", [FAIL]), ("10.0.0.0/8", [])])
def test_parameter_defaults_are_resolved(tmp_path: Path, cidr: str, statuses: list[str]) -> None:
    head = (
        "Parameters:\n"
        "  Port: {Type: Number, Default: 22}\n"
        f"  Source: {{Type: String, Default: '{cidr}'}}\n"
    )
    path = write(tmp_path, group(ingress("!Ref Port", "!Ref Source"), head))
    subject = only(template_subjects(path))
    assert subject.type_name == "AWS::EC2::SecurityGroup"
    assert subject.properties["SecurityGroupIngress"] == [
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": cidr}
    ]
    assert subject.source == f"{path}:6"
    assert (subject.account, subject.region) == ("", "")
    assert [f.status for f in ssh_findings(path)] == statuses


def test_json_template_with_sub_and_join(tmp_path: Path) -> None:
    template = {
        "Parameters": {"Net": {"Type": "String", "Default": "0.0.0.0"}},
        "Resources": {
            "SG": {
                "Type": "AWS::EC2::SecurityGroup",
                "Properties": {
                    "GroupDescription": {"Fn::Sub": "${AWS::Partition}-${!Literal}"},
                    "SecurityGroupIngress": [
                        {
                            "IpProtocol": "tcp",
                            "FromPort": 22,
                            "ToPort": 22,
                            "CidrIp": {"Fn::Join": ["/", [{"Ref": "Net"}, "0"]]},
                        },
                        {
                            "IpProtocol": "tcp",
                            "FromPort": 3389,
                            "ToPort": 3389,
                            "CidrIp": {"Fn::Sub": ["${Net}/${Bits}", {"Bits": 8}]},
                        },
                    ],
                },
            }
        },
    }
    text = json.dumps(template, indent=2)
    path = write(tmp_path, text, "template.json")
    properties = only(template_subjects(path)).properties
    assert properties["GroupDescription"] == "aws-${Literal}"
    assert [rule["CidrIp"] for rule in properties["SecurityGroupIngress"]] == [
        "0.0.0.0/0",
        "0.0.0.0/8",
    ]
    line = text.splitlines().index('    "SG": {') + 1
    assert only(template_subjects(path)).source == f"{path}:{line}"
    (finding,) = ssh_findings(path)
    assert (finding.status, finding.message) == (FAIL, "SSH (port 22) is open to 0.0.0.0/0")


def test_short_forms_select_split_find_in_map_and_cidr(tmp_path: Path) -> None:
    head = (
        "Parameters:\n"
        "  Env: {Type: String, Default: prod}\n"
        "  Ranges: {Type: CommaDelimitedList, Default: '10.0.0.0/8, 0.0.0.0/0'}\n"
        "Mappings:\n"
        "  Ports:\n    prod: {admin: 22}\n"
    )
    body = (
        "      GroupName: !Base64 {'Fn::Select': [1, !Split ['-', a-b-c]]}\n"
        "      Tags: !Cidr [10.0.0.0/16, 2, 8]\n"
        "      SecurityGroupIngress:\n"
        "        - IpProtocol: tcp\n"
        "          FromPort: !FindInMap [Ports, !Ref Env, admin]\n"
        "          ToPort: 22\n"
        "          CidrIp: !Select [1, !Ref Ranges]\n"
    )
    properties = only(template_subjects(write(tmp_path, group(body, head)))).properties
    assert properties["GroupName"] == "Yg=="
    assert properties["Tags"] == ["10.0.0.0/24", "10.0.1.0/24"]
    assert properties["SecurityGroupIngress"][0]["FromPort"] == 22
    assert properties["SecurityGroupIngress"][0]["CidrIp"] == "0.0.0.0/0"


@pytest.mark.parametrize(
    ("env", "cidr", "statuses"), [("prod", "10.0.0.0/8", []), ("dev", "0.0.0.0/0", [FAIL])]
)
def test_a_condition_chooses_the_source(
    tmp_path: Path, env: str, cidr: str, statuses: list[str]
) -> None:
    head = (
        f"Parameters:\n  Env: {{Type: String, Default: {env}}}\n"
        "Conditions:\n"
        "  IsProd: !Equals [!Ref Env, prod]\n"
        "  Private: !And [!Condition IsProd, !Not [!Equals [!Ref Env, dev]]]\n"
    )
    path = write(tmp_path, group(ingress(cidr="!If [Private, 10.0.0.0/8, 0.0.0.0/0]"), head))
    assert only(template_subjects(path)).properties["SecurityGroupIngress"][0]["CidrIp"] == cidr
    assert [f.status for f in ssh_findings(path)] == statuses


UNDECIDABLE = (
    "Parameters:\n  Env: {Type: String}\n  Source: {Type: String}\n"
    "Conditions:\n"
    "  IsProd: !Equals [!Ref Env, prod]\n"
    "  East: !Equals [!Ref 'AWS::Region', us-east-1]\n"
)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (ingress(cidr="!If [IsProd, 10.0.0.0/8, 0.0.0.0/0]"), "parameter Env has no default"),
        (ingress(cidr="!Ref Source"), "parameter Source has no default"),
        (ingress(cidr="!If [East, 10.0.0.0/8, 0.0.0.0/0]"), "AWS::Region is known at deploy"),
        (ingress(cidr="!GetAtt Peer.CidrBlock"), "Fn::GetAtt Peer.CidrBlock is known after"),
        (ingress(cidr="!ImportValue shared-range"), "Fn::ImportValue 'shared-range'"),
        (
            "      SecurityGroupIngress:\n"
            "        - !If [IsProd, {IpProtocol: '-1', CidrIp: 0.0.0.0/0}, !Ref AWS::NoValue]\n",
            "so Fn::If on IsProd is not decided",
        ),
    ],
)
def test_what_cannot_be_resolved_is_unknown(tmp_path: Path, body: str, reason: str) -> None:
    path = write(tmp_path, group(body, UNDECIDABLE))
    (finding,) = ssh_findings(path)
    assert finding.status == UNKNOWN
    assert f"{path} SG: " in finding.message
    assert reason in finding.message


def test_resource_refs_are_unknown(tmp_path: Path) -> None:
    body = "      VpcId: !Ref Vpc\n      GroupName: !Sub '${Vpc}-admin'\n"
    head = "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
    text = group(body).replace("Resources:\n", head, 1)
    properties = only(template_subjects(write(tmp_path, text))).properties
    for key in ("VpcId", "GroupName"):
        assert isinstance(properties[key], Unknown)
        assert "Ref Vpc is known after deploy" in properties[key].why


def test_metadata_suppresses_with_a_reason(tmp_path: Path) -> None:
    text = group(ingress()) + (
        "    Metadata:\n      landform:\n        suppress:\n"
        "          LF-NET-002: public bastion, IP-restricted upstream\n"
    )
    path = write(tmp_path, text)
    assert only(template_subjects(path)).suppressions == {
        SSH: "public bastion, IP-restricted upstream"
    }
    (finding,) = ssh_findings(path)
    assert (finding.status, finding.reason) == (
        SUPPRESSED,
        "public bastion, IP-restricted upstream",
    )


def test_no_value_drops_the_key_or_item(tmp_path: Path) -> None:
    head = "Conditions:\n  Never: !Equals [a, b]\n"
    body = (
        "      GroupName: !Ref AWS::NoValue\n"
        "      SecurityGroupIngress:\n"
        "        - !If [Never, {IpProtocol: tcp, FromPort: 22, ToPort: 22}, !Ref AWS::NoValue]\n"
        "        - IpProtocol: tcp\n"
        "          FromPort: 443\n"
        "          ToPort: 443\n"
        "          CidrIp: 0.0.0.0/0\n"
        "          Description: !If [Never, x, !Ref AWS::NoValue]\n"
    )
    path = write(tmp_path, group(body, head))
    properties = only(template_subjects(path)).properties
    assert "GroupName" not in properties
    assert properties["SecurityGroupIngress"] == [
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0"}
    ]
    assert ssh_findings(path) == []


def test_a_resource_whose_condition_is_false_is_skipped(tmp_path: Path) -> None:
    head = (
        "Parameters:\n  Env: {Type: String, Default: dev}\n  Other: {Type: String}\n"
        "Conditions:\n"
        "  IsProd: !Equals [!Ref Env, prod]\n"
        "  Maybe: !Or [!Condition IsProd, !Equals [!Ref Other, yes]]\n"
    )
    text = group(ingress(), head).replace(
        "    Properties:", "    Condition: IsProd\n    Properties:"
    )
    text += "  Maybe:\n    Type: AWS::EC2::SecurityGroup\n    Condition: Maybe\n    Properties:\n"
    text += "      GroupDescription: undecided\n" + ingress()
    findings = ssh_findings(write(tmp_path, text))
    assert [(f.subject.name, f.status) for f in findings] == [("Maybe", FAIL)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Resources: [\n  a: {\n", "not a YAML or JSON CloudFormation template"),
        ("Description: nothing to see\n", "it has no Resources section"),
        ("Resources:\n  SG:\n    Properties: {}\n", "resource SG has no Type"),
        (
            group(ingress()) + "    Metadata: {landform: {suppress: {LF-NET-002: ''}}}\n",
            "suppressing LF-NET-002 needs a written reason",
        ),
        (
            group(ingress()) + "    Metadata: {landform: {suppress: {LF-NOPE-999: why}}}\n",
            "there is no guardrail rule LF-NOPE-999",
        ),
        (
            group(
                ingress(cidr="!If [A, x, y]"), "Conditions:\n  A: !Condition B\n  B: !Condition A\n"
            ),
            "conditions refer to each other in a loop: A -> B -> A",
        ),
    ],
)
def test_a_malformed_template_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(LandformError) as error:
        template_subjects(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)
    assert error.value.hint
