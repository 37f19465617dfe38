"""LF-ENC-007: DynamoDB tables are encrypted with a KMS key, not the AWS owned default."""

from __future__ import annotations

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, is_true


@rule(
    id="LF-ENC-007",
    title="DynamoDB table is not encrypted with a KMS key",
    severity=Severity.MEDIUM,
    types=("AWS::DynamoDB::Table",),
    remediation="Declare SSESpecification with SSEEnabled: true, SSEType: KMS and a "
    "customer managed KMSMasterKeyId; the table can be switched in place (UpdateTable).",
    references=References(prowler="dynamodb_tables_kms_cmk_encryption_enabled"),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    if not is_true(get(props, "SSESpecification.SSEEnabled")):
        return "encrypted with an AWS owned key (DynamoDB's default), not a KMS key"
    sse_type = get(props, "SSESpecification.SSEType")
    if sse_type is None or sse_type == "KMS":  # enabled without a type is KMS
        return None
    return f"SSEType is {sse_type}, not KMS"
