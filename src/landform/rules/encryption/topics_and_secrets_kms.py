"""LF-ENC-012: SNS topics are encrypted with a KMS key, and secrets with a customer
managed one (Secrets Manager always encrypts, by default with aws/secretsmanager)."""

from __future__ import annotations

from typing import Any

from landform.rules import References, Severity, Subject, rule
from landform.rules.values import get, present

SECRETS_DEFAULT = "alias/aws/secretsmanager"
"""The AWS managed key a secret is encrypted with when it names none."""


@rule(
    id="LF-ENC-012",
    title="SNS topic or secret is not encrypted with a KMS key of the account's choosing",
    severity=Severity.MEDIUM,
    types=("AWS::SNS::Topic", "AWS::SecretsManager::Secret"),
    remediation="Set KmsMasterKeyId on the topic (messages at rest are then encrypted with "
    "that key), and KmsKeyId on the secret with a customer managed key, whose policy can "
    "say who decrypts it; both change in place.",
    references=References(fsbp="SNS.1", prowler="sns_topics_kms_encryption_at_rest_enabled"),
)
def check(subject: Subject) -> str | None:
    props = subject.properties
    if subject.type_name == "AWS::SNS::Topic":
        if _named(get(props, "KmsMasterKeyId")):
            return None
        return "messages are not encrypted with a KMS key (no KmsMasterKeyId)"
    key = get(props, "KmsKeyId")
    if not _named(key):
        return f"encrypted with the AWS managed key {SECRETS_DEFAULT}, not a customer managed key"
    if isinstance(key, str) and key.endswith(SECRETS_DEFAULT):
        return f"KmsKeyId is the AWS managed key {SECRETS_DEFAULT}, not a customer managed key"
    return None


def _named(key: Any) -> bool:
    """Whether a key is named (a reference to one is: it is known after apply)."""
    return present(key) and not (isinstance(key, str) and not key.strip())
