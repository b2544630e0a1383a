"""Collections in Chromium: a payment recorded from the case, a CSV with one bad line
(the error shown, nothing written), the file fixed and imported, the totals seen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings

from casepath.payments.models import Payment
from tests.conftest import World, signed_in
from tests.e2e.browser import BROWSER_TEST
from tests.payments.builders import HEADER, accepted_case

pytestmark = BROWSER_TEST
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop


@pytest.fixture
def fran_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    """A desktop browser signed in as fran, the front desk (her test-client session)."""
    session = signed_in(world.fran).cookies[settings.SESSION_COOKIE_NAME].value
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page = context.new_page()
    yield page
    page.wait_for_load_state("networkidle")
    context.close()


def csv_upload(*lines: str) -> dict[str, Any]:
    text = "\n".join((HEADER, *lines))
    return {"name": "export.csv", "mimeType": "text/csv", "buffer": text.encode()}


def test_record_then_import_with_a_fix_and_see_the_totals(world: World, fran_page: Any) -> None:
    from playwright.sync_api import expect

    page = fran_page
    case = accepted_case(world)
    chart = world.patient_a.chart_number

    page.goto(f"/payments/cases/{case.pk}/")
    page.get_by_role("link", name="Record a payment").click()
    page.get_by_label("Amount").fill("$500.00")
    page.get_by_label("Received on").fill("2026-11-02")
    page.get_by_label("Reference").fill("PMS-100")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded $500.00 on “Crown on 19”")
    assert Payment.objects.get().amount == 500

    page.goto("/payments/import/")
    good = f'2026-11-03,{chart},"$1,000.00",PMS-101'
    page.get_by_label("CSV file").set_input_files(
        csv_upload(good, f"2026-11-04,{chart},two hundred,PMS-102")
    )
    page.get_by_role("button", name="Preview the file").click()
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("Nothing was imported")
    expect(problems).to_contain_text("Line 3, amount: “two hundred” is not an amount.")
    expect(page.locator("#line-3")).to_have_class("refused")
    assert Payment.objects.count() == 1

    page.get_by_label("CSV file").set_input_files(
        csv_upload(good, f"2026-11-04,{chart},(200.00),PMS-102,,patient,Refund")
    )
    page.get_by_role("button", name="Preview the file").click()
    expect(page.locator("#import-confirm")).to_contain_text("2 payments to import, $800.00")
    page.get_by_role("button", name="Import 2 payments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import of export.csv")
    expect(page.locator("#import-imported")).to_have_text("2")

    page.goto("/payments/")
    expect(page.locator("#payment-total")).to_contain_text("3 payments, $1,300.00 collected")
    assert Payment.objects.count() == 3
