from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from tests.cases.screens.helpers import NOW
from tests.conftest import World, signed_in


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def fran_client(world: World) -> Client:
    return signed_in(world.fran)
