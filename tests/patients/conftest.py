"""Patients tests run on a frozen Tuesday afternoon in the practice's time zone."""

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


def patient_form_data(**overrides: Any) -> dict[str, Any]:
    """A valid add/edit form as the browser posts it."""
    data: dict[str, Any] = {
        "first_name": "Maria",
        "last_name": "Garcia",
        "date_of_birth": "1990-06-15",
        "mobile_phone": "(614) 555-0199",
        "email": "maria@example.com",
        "preferred_contact_method": "call",
        "preferred_language": "English",
        "time_zone": "America/New_York",
        "status": "active",
        "is_new_patient": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def patient_json(**overrides: Any) -> dict[str, Any]:
    """A valid API body for a new patient."""
    data: dict[str, Any] = {
        "first_name": "Maria",
        "last_name": "Garcia",
        "date_of_birth": "1990-06-15",
        "mobile_phone": "(614) 555-0199",
        "email": "maria@example.com",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
