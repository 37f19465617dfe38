"""A stack to declare constructs in: app `shop` with the house tags, stack `main`."""

from __future__ import annotations

import pytest

from landform import App, Stack
from tests.conftest import REGION, TAGS


@pytest.fixture
def stack() -> Stack:
    return App("shop", tags=TAGS).stack("main", region=REGION)
