"""Landform: infrastructure as code for AWS organizations."""

from landform.errors import LandformError, ValidationError
from landform.model import App, Join, Ref, Resource, Stack, TagPolicy, TagRule, join
from landform.model.assets import lambda_code
from landform.state.s3 import S3State

__all__ = [
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
    "join",
    "lambda_code",
]
