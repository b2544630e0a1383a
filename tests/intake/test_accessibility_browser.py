"""The new-patient screens meet the same accessibility basics as the rest of the
workbench: one main landmark and one h1, every control named, readable contrast."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings

from casepath.core.intake import Stage
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST, SECTIONS, main_nav
from tests.e2e.test_accessibility import (
    assert_every_control_is_named,
    assert_landmarks,
    assert_readable,
)
from tests.intake.builders import CALLED_AT, capture, new_patient, take_to

pytestmark = BROWSER_TEST
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop


@pytest.fixture
def tess_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    with time_machine.travel(CALLED_AT, tick=False):
        session = signed_in(world.tess).cookies[settings.SESSION_COOKIE_NAME].value
        context = browser.new_context(base_url=live_server.url)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        yield context.new_page()
        context.close()


def test_every_new_patient_screen_is_labelled_landmarked_and_readable(
    world: World, tess_page: Any
) -> None:
    from playwright.sync_api import expect

    waiting = capture(world.practice_a, world.tess)
    other = capture(
        world.practice_a, world.tess, patient=new_patient(first_name="Omar", last_name="Haddad")
    )
    handed_off = take_to(other, Stage.HANDED_OFF, world.tess)
    page = tess_page
    for url in (
        "/new-patients/",
        "/new-patients/call/",
        f"/new-patients/{waiting.pk}/",
        f"/new-patients/{handed_off.pk}/",
        "/new-patients/arrivals/?day=2026-11-10",
        "/new-patients/conversion/",
        "/new-patients/settings/",
    ):
        page.goto(url)
        assert_landmarks(page)
        expect(main_nav(page).get_by_role("link")).to_have_text(SECTIONS)
        assert_every_control_is_named(page)
        assert_readable(page)
