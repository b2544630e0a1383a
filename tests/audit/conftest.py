"""Audit tests run on a frozen afternoon; `frozen_now.shift()` moves the clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York (EDT)


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
