"""Browser tests: Playwright drives Debian's Chromium against a live server.

The live server runs on the test database, seeded with the real demo data, so the
logins are exactly what someone who ran `make demo` would type. One browser for
the session, a fresh context (cookies, viewport) for each test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from casepath.demo.generator import seed_database
from casepath.patients.models import Patient, PatientStatus
from casepath.tenancy.models import Practice
from tests.e2e.browser import Demo

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from
# the test (seeding, picking a patient) are still plain synchronous calls.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

SEEDED_ON = date(2026, 3, 10)
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def demo(live_server: Any) -> Demo:
    # The demo's cases are left out: the case journey makes its own (and seeds faster).
    seed_database(patients_per_practice=30, seed=1, as_of=SEEDED_ON, with_cases=False)
    riverside = Practice.objects.get(short_code="RV")
    hillcrest = Practice.objects.get(short_code="HC")
    patient, text = _patient_only_riverside_has(riverside, hillcrest)
    return Demo(live_server.url, riverside, hillcrest, patient, text)


@pytest.fixture
def context(browser: Any, demo: Demo) -> Iterator[Any]:
    context = browser.new_context(base_url=demo.base_url, viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


def _patient_only_riverside_has(riverside: Practice, hillcrest: Practice) -> tuple[Patient, str]:
    """An active Riverside patient and a last-name prefix no Hillcrest patient matches."""
    hillcrest_keys = [
        key
        for pair in Patient.objects.filter(practice=hillcrest).values_list(
            "last_name_key", "first_name_key"
        )
        for key in pair
    ]
    active = Patient.objects.filter(practice=riverside, status=PatientStatus.ACTIVE)
    for patient in active.order_by("last_name_key", "id"):
        prefix = patient.last_name[:4]
        plain = patient.last_name.isalpha() and len(patient.last_name) > len(prefix)
        if plain and not any(k.startswith(prefix.lower()) for k in hillcrest_keys):
            return patient, prefix
    raise AssertionError("the demo seed has no Riverside-only last name to search for")
