"""Waits on EFS resources: botocore has no EFS waiters, so their models are here, in
botocore's waiter format, and run by `landform.cloud.waiters.wait` (timeouts, errors)."""

from __future__ import annotations

from typing import Any

from landform.cloud.waiters import wait
from landform.handlers.base import Api

_DELAY = 5


def _until(operation: str, items: str, state: str, *more: dict[str, Any]) -> dict[str, Any]:
    """Done when every item listed is in `state`; failed when one is in "error"."""
    states = f"{items}[].LifeCycleState"
    return {
        "operation": operation,
        "delay": _DELAY,
        "maxAttempts": 1,
        "acceptors": [
            {"expected": state, "matcher": "pathAll", "state": "success", "argument": states},
            {"expected": "error", "matcher": "pathAny", "state": "failure", "argument": states},
            *more,
        ],
    }


_MODELS: dict[str, dict[str, Any]] = {
    "FileSystemAvailable": _until("DescribeFileSystems", "FileSystems", "available"),
    "MountTargetAvailable": _until("DescribeMountTargets", "MountTargets", "available"),
    "AccessPointAvailable": _until("DescribeAccessPoints", "AccessPoints", "available"),
    "MountTargetDeleted": _until(
        "DescribeMountTargets",
        "MountTargets",
        "deleted",
        {"expected": "MountTargetNotFound", "matcher": "error", "state": "success"},
    ),
}
"""Waiters by botocore's CamelCase name."""


class _WithWaiters:
    """An EFS client as `wait` sees it: with the waiters of `_MODELS`."""

    def __init__(self, client: Any) -> None:
        self._client = client

    @property
    def waiter_names(self) -> list[str]:
        return [_snake(name) for name in _MODELS]

    def get_waiter(self, name: str) -> Any:
        from botocore.waiter import WaiterModel, create_waiter_with_client

        camel = "".join(part.capitalize() for part in name.split("_"))
        model = WaiterModel({"version": 2, "waiters": {camel: _MODELS[camel]}})
        return create_waiter_with_client(camel, model, self._client)


def _snake(camel: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in camel).lstrip("_")


def wait_for(api: Api, waiter: str, timeout: float, **params: Any) -> None:
    """Block until EFS waiter `waiter` (snake_case, e.g. file_system_available) succeeds."""
    wait(_WithWaiters(api.client("efs")), waiter, timeout, **params)
