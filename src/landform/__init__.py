"""Landform: infrastructure as code for AWS organizations."""

from landform.errors import LandformError, ValidationError
from landform.model import App, Join, Ref, Resource, Stack, TagPolicy, TagRule, join
from landform.model.accounts import account
from landform.model.assets import lambda_code
from landform.org.organization import Account
from landform.state.s3 import S3State

__all__ = [
    "Account",
    "App",
    "Join",
    "LandformError",
    "Ref",
    "Resource",
    "S3State",
    "Stack",
    "TagPolicy",
    "TagRule",
    "ValidationError",
    "account",
    "join",
    "lambda_code",
]
