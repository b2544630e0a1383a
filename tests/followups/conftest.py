"""The follow-up screens' tests run at NOW (tests/followups/builders.py) unless they
travel elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.followups.builders import NOW


@pytest.fixture
def at_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
