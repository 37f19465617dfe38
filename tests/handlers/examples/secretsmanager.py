"""Contract example: a secret whose password AWS generates."""

from __future__ import annotations

from landform.aws import secretsmanager
from landform.model import Resource, Stack


def secret(stack: Stack) -> Resource:
    return secretsmanager.Secret(
        stack, "secret", generate_secret_string={"PasswordLength": 24}, description="db"
    )


EXAMPLES = {"AWS::SecretsManager::Secret": secret}
