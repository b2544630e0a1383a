from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

# Practice A's day is 11/20/2026 (tests/payments/builders.TODAY).
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
