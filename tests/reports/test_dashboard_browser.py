"""The dashboard in Chromium: a TC signs in, opens Reports, sees the charts and the
tables, switches the definition to "Scheduled" (htmx refreshes the figures) and
downloads the CSV of what is shown."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.builders import PASSWORD
from tests.conftest import World
from tests.e2e.browser import BROWSER_TEST, low_contrast_text, main_nav
from tests.reports.test_dashboard import october

pytestmark = BROWSER_TEST
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
NAMED = re.compile(r"\w")


@pytest.fixture
def tess_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    with time_machine.travel("2026-10-20 15:00", tick=False):
        october(world)
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        page = context.new_page()
        yield page
        page.wait_for_load_state("networkidle")
        context.close()


def test_a_tc_reads_the_figures_switches_the_definition_and_downloads(
    tess_page: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = tess_page
    page.goto("/")
    page.get_by_label("Username").fill("tess")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    main_nav(page).get_by_role("link", name="Reports", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reports: case acceptance")
    expect(page.get_by_role("img", name=re.compile("Bar chart of case and dollar"))).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Line chart"))).to_be_visible()
    table = page.get_by_role("table", name="Acceptance by treatment coordinator")
    expect(table.get_by_role("row", name=re.compile("Tess Tester"))).to_contain_text("100.0 %")
    case_rate = page.locator('.figure-card[data-figure="case_acceptance"]')
    expect(case_rate).to_contain_text("50.0 %")
    expect(case_rate).to_contain_text("2 of 4 cases presented")
    for control in page.locator("main select, main input, main button").all():
        expect(control).to_have_accessible_name(NAMED)
    assert low_contrast_text(page) == []

    page.get_by_label("A case counts as accepted when").select_option(label="Scheduled")
    expect(case_rate).to_contain_text("25.0 %")
    expect(case_rate).to_contain_text("1 of 4 cases presented")
    expect(page).to_have_url(re.compile("accepted_means=scheduled"))
    expect(page.get_by_text("A case counts as accepted when: Scheduled.")).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("acceptance-RV-")
    assert "Case acceptance,case_acceptance,percent,25.0,1,4" in saved.read_text()


def test_the_dashboard_fits_a_phone(live_server: Any, browser: Any, world: World) -> None:
    from django.conf import settings

    from tests.conftest import signed_in

    with time_machine.travel("2026-10-20 15:00", tick=False):
        october(world)
        session = signed_in(world.tess).cookies[settings.SESSION_COOKIE_NAME].value
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 390, "height": 844}, is_mobile=True
        )
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto("/reports/?from=2026-10&to=2026-10")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        context.close()
