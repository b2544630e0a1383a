"""The work queue tests run on TODAY (builders.py), frozen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine

from tests.conftest import World
from tests.predeterminations.queue.builders import NOON, Asking, asking_a


@pytest.fixture(autouse=True)
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def ana(world: World) -> Asking:
    return asking_a(world)
