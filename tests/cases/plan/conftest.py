"""Shared fixtures of the plan section tests: the clock, the two-option case, its URLs."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from tests.cases.builders import TwoOptions, two_option_case
from tests.conftest import World

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def two(world: World) -> TwoOptions:
    """Implant (two phases) or bridge, both estimated; still a draft."""
    return two_option_case(world, ready=False)


def url(name: str, *args: object) -> str:
    return reverse(f"cases:{name}", args=args)


def field_error(page: str, key: str, field: str) -> str:
    """The error list Django renders beside one field of one form of the section."""
    found = re.search(
        rf'<ul class="errorlist" id="{re.escape(key)}-{field}_error">(.*?)</ul>', page
    )
    assert found, f"no error beside {key}-{field}"
    return html.unescape(found.group(1))
