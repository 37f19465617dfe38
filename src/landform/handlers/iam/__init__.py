"""Handlers for IAM types."""

from landform.handlers.iam import (
    instance_profile,
    managed_policy,
    password_policy,
    policy,
    role,
)

__all__ = ["instance_profile", "managed_policy", "password_policy", "policy", "role"]
