"""In Chromium: a manager makes October's team report, sees it listed with whom it was
e-mailed to, and downloads the PDF."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings

from casepath.reports.models import MonthlyReport
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.reports.test_monthly_dataset import OCTOBER, build_month

pytestmark = BROWSER_TEST
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop

NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def mona_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    """A desktop browser signed in as mona (her session cookie from the test client)."""
    with time_machine.travel(NOW, tick=False):
        build_month(world)
        session = signed_in(world.mona).cookies[settings.SESSION_COOKIE_NAME].value
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page = context.new_page()
        yield page
        page.wait_for_load_state("networkidle")
        context.close()


def test_a_manager_makes_october_s_report_and_downloads_it(mona_page: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    page = mona_page
    page.goto("/reports/monthly/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monthly team reports")
    month = page.get_by_label("Make the report for")
    expect(month).to_have_value("2026-10")
    page.get_by_role("button", name="Make the report").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The report for October 2026 is made and e-mailed to mona@example.com, otto@example.com"
    )
    row = page.get_by_role("row", name="October 2026")
    expect(row).to_contain_text("Mona Tester")
    with page.expect_download() as downloading:
        row.get_by_role("link", name="Download the PDF for October 2026").click()
    saved = tmp_path / "report.pdf"
    downloading.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    report = MonthlyReport.objects.get()
    assert (report.month, report.made_by.username) == (OCTOBER, "mona")
