"""Shared fixtures of the presenting tests: the clock, a ready two-option case, presenting."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from casepath.cases import presentation_services
from casepath.cases.models import Presentation
from tests.cases.builders import TwoOptions, two_option_case
from tests.conftest import World

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York
TODAY = date(2026, 3, 10)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def two(world: World) -> TwoOptions:
    """Implant (recommended, two phases) or a bridge, estimated and ready to present."""
    return two_option_case(world)


def present(
    world: World, two: TwoOptions, *, by: Any = None, mode: str = "in_person"
) -> Presentation:
    return presentation_services.present_case(
        acting_user=by or world.tess, case=two.case, mode=mode, today=TODAY, now=NOW
    )


def url(name: str, *args: object) -> str:
    return reverse(f"cases:{name}", args=args)
