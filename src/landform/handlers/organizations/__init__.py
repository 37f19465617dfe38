"""Handlers for AWS Organizations types."""

from landform.handlers.organizations import account, organization, policy, unit

__all__ = ["account", "organization", "policy", "unit"]
