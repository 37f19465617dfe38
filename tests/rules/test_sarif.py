"""SARIF output: valid against the SARIF 2.1.0 schema, and what code scanning reads.

data/sarif-schema-2.1.0.json is OASIS's schema, unchanged, from oasis-tcs/sarif-spec
(sarif-2.1/schema/sarif-schema-2.1.0.json, commit a560296ca8c921f3bdb8d4a8db57ab83dae968a7),
governed by that repository's OASIS license terms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema.validators import validator_for

from landform.rules.registry import all_rules
from landform.rules.runner import Report
from landform.rules.sarif import to_sarif
from tests.rules.reports import REASON, RULE, SCRIPT, findings_report

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())


def sarif() -> dict[str, Any]:
    """The report's SARIF as a tool reads it: through JSON."""
    log: dict[str, Any] = json.loads(json.dumps(to_sarif(findings_report())))
    return log


def test_sarif_validates_against_the_schema() -> None:
    validator = validator_for(SCHEMA)
    validator.check_schema(SCHEMA)
    errors = [e.message for e in validator(SCHEMA).iter_errors(sarif())]
    assert errors == []


def test_an_empty_report_validates_too() -> None:
    log = to_sarif(Report())
    assert validator_for(SCHEMA)(SCHEMA).is_valid(log)
    assert log["runs"][0]["tool"]["driver"]["rules"] == []
    assert log["runs"][0]["results"] == []


def test_rules_carry_metadata_and_code_scanning_severity() -> None:
    log = sarif()
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["tool"]["driver"]["name"] == "Landform"
    rule = all_rules()[RULE]
    assert run["tool"]["driver"]["rules"] == [
        {
            "id": RULE,
            "name": "AdminPortsOpen",
            "shortDescription": {"text": rule.title},
            "fullDescription": {
                "text": f"{rule.title}. Applies to AWS::EC2::SecurityGroup, "
                "AWS::EC2::SecurityGroupIngress."
            },
            "help": {"text": rule.remediation},
            "defaultConfiguration": {"level": "error"},
            "properties": {
                "severity": "high",
                "security-severity": "8.0",
                "practice": "network",
                "tags": ["security", "network"],
                "references": {
                    "cis": "5.2",
                    "fsbp": "EC2.13",
                    "prowler": "ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22",
                },
            },
        }
    ]


def test_results_locate_each_finding() -> None:
    (run,) = sarif()["runs"]
    failing, unknown, suppressed = run["results"]
    assert (failing["ruleId"], failing["ruleIndex"], failing["level"]) == (RULE, 0, "error")
    assert failing["message"]["text"] == (
        f"{SCRIPT} (AWS::EC2::SecurityGroup): SSH (port 22) is open to 0.0.0.0/0"
    )
    assert failing["locations"] == [
        {
            "logicalLocations": [
                {
                    "name": SCRIPT,
                    "fullyQualifiedName": f"111122223333/us-east-1/{SCRIPT}",
                    "kind": "resource",
                    "properties": {
                        "resourceType": "AWS::EC2::SecurityGroup",
                        "account": "111122223333",
                        "region": "us-east-1",
                    },
                }
            ],
            "physicalLocation": {
                "artifactLocation": {"uri": "stacks/web%20app.py"},
                "region": {"startLine": 12},
            },
        }
    ]
    assert "suppressions" not in failing

    assert unknown["level"] == "note"
    assert unknown["message"]["text"] == (
        "Unknown whether admin/Sg (AWS::EC2::SecurityGroup) complies; "
        "cannot tell: admin/Rules.Ingress is known after apply"
    )
    assert unknown["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "file:///srv/stacks/admin.py"},
        "region": {"startLine": 40},
    }

    assert suppressed["level"] == "error"
    assert suppressed["suppressions"] == [{"kind": "inSource", "justification": REASON}]
    (place,) = suppressed["locations"]
    assert "physicalLocation" not in place  # read live: no file declares it
    assert (
        place["logicalLocations"][0]["fullyQualifiedName"] == "444455556666/eu-west-1/sg-0bastion"
    )
