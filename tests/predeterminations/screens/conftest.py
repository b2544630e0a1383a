"""What the screen tests share: the clock (the day the PPO's answer arrives), URLs, and
reading an error beside a field."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

NOW = datetime(2026, 4, 2, 16, 0, tzinfo=UTC)  # noon in New York, the day of RECEIVED
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def url(name: str, *args: object) -> str:
    return str(reverse(f"predeterminations:{name}", args=args))


def field_error(page: str, field_id: str) -> str:
    """The error list Django renders beside one field (its id is the field's id)."""
    found = re.search(rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', page)
    assert found, f"no error beside {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip()


def text_of(page: str) -> str:
    """The page's words, tags and runs of spaces removed, entities read."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
