"""Named personas used across the suite.

Practice A (Riverside) has a TC (tess), a front desk (fran), a provider (doc),
a manager (mona) and an organization admin (otto, with 2FA off in his fixture).
Practice B (Hillcrest, another organization) has its own TC: the outsider (olga).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Role
from tests.builders import (
    build_operatory,
    build_patient,
    build_practice,
    build_provider,
    build_user,
)


@dataclass
class World:
    practice_a: Practice
    practice_b: Practice
    tess: Any
    fran: Any
    doc: Any
    mona: Any
    olga: Any
    patient_a: Patient
    patient_b: Patient


@pytest.fixture
def world(db: Any) -> World:
    a = build_practice("Riverside Dental", "RV")
    b = build_practice("Hillcrest Dental", "HC")
    world = World(
        practice_a=a,
        practice_b=b,
        tess=build_user("tess", (a, Role.TREATMENT_COORDINATOR)),
        fran=build_user("fran", (a, Role.FRONT_DESK)),
        doc=build_user("doc", (a, Role.PROVIDER)),
        mona=build_user("mona", (a, Role.PRACTICE_MANAGER)),
        olga=build_user("olga", (b, Role.TREATMENT_COORDINATOR)),
        patient_a=build_patient(a, first_name="Ana", last_name="Lopez"),
        patient_b=build_patient(b, first_name="Bea", last_name="Barnes"),
    )
    build_provider(a)
    build_operatory(a)
    return world


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tess_client(world: World) -> Client:
    return signed_in(world.tess)


@pytest.fixture
def olga_client(world: World) -> Client:
    return signed_in(world.olga)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test gets one more try: on a loaded CI machine Chromium has been seen to
    lose a key press or push history late. Every other test fails at once."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.flaky(reruns=1))


@pytest.fixture(scope="session")
def browser() -> Any:
    """One Chromium for the whole run, shared by every browser test (tests/e2e and the
    patient's phone pages): two sync Playwright instances cannot run in one thread."""
    import os

    from playwright.sync_api import sync_playwright

    from tests.e2e.browser import CHROMIUM, LAUNCH_ARGS

    if not CHROMIUM.exists():
        if os.environ.get("CI"):  # see BROWSER_TEST in tests/e2e/browser.py
            pytest.fail(f"{CHROMIUM} is missing in CI: the browser tests must run")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the tests
    # stay plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
    )
    yield chromium
    chromium.close()
    playwright.stop()
