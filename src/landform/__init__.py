"""Landform: infrastructure as code for AWS organizations.

The names below are imported on first use, so that `landform --help` (which imports this
package first) does not load the model and the schemas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landform.errors import LandformError, ValidationError
    from landform.model import App, Join, Ref, Resource, Stack, TagPolicy, TagRule, join
    from landform.model.accounts import account
    from landform.model.assets import lambda_code
    from landform.monitoring.settings import AlarmSettings, Monitoring, Subscription
    from landform.org.organization import Account
    from landform.state.s3 import S3State

_HOMES = {
    "Account": "landform.org.organization",
    "AlarmSettings": "landform.monitoring.settings",
    "App": "landform.model",
    "Join": "landform.model",
    "LandformError": "landform.errors",
    "Monitoring": "landform.monitoring.settings",
    "Ref": "landform.model",
    "Resource": "landform.model",
    "S3State": "landform.state.s3",
    "Stack": "landform.model",
    "Subscription": "landform.monitoring.settings",
    "TagPolicy": "landform.model",
    "TagRule": "landform.model",
    "ValidationError": "landform.errors",
    "account": "landform.model.accounts",
    "join": "landform.model",
    "lambda_code": "landform.model.assets",
}

__all__ = [
    "Account",
    "AlarmSettings",
    "App",
    "Join",
    "LandformError",
    "Monitoring",
    "Ref",
    "Resource",
    "S3State",
    "Stack",
    "Subscription",
    "TagPolicy",
    "TagRule",
    "ValidationError",
    "account",
    "join",
    "lambda_code",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'landform' has no attribute {name!r}")
    return getattr(importlib.import_module(home), name)
