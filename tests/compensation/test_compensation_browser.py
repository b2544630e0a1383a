"""In Chromium: the manager sets a plan with two tiers, makes October's statements,
opens Tess's statement and sees the payments behind the commission, and downloads the
payroll CSV.

Tess first-presented cases 1 and 2 (tests/compensation/builders.py): 11500.00 collected;
10000 x 5 % = 500.00 and 1500 x 8 % = 120.00, commission 620.00. Her payments in date
order earn 620 x amount / 11500: 215.652.., 323.478.., 107.826.., -26.956..; rounded
down 215.65 + 323.47 + 107.82 - 26.96 = 619.98, the two cents left go to the largest
remainders (.78 and .60 of a cent): 215.65, 323.48, 107.83, -26.96.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.builders import PASSWORD
from tests.compensation.builders import build_october
from tests.conftest import World
from tests.e2e.browser import BROWSER_TEST

pytestmark = BROWSER_TEST
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop


@pytest.fixture
def mona_page(live_server: Any, browser: Any, world: World) -> Iterator[Any]:
    with time_machine.travel("2026-11-03 15:00", tick=False):
        build_october(world, with_plan=False)
        context = browser.new_context(base_url=live_server.url, accept_downloads=True)
        page = context.new_page()
        yield page
        page.wait_for_load_state("networkidle")
        context.close()


def test_manager_sets_a_plan_makes_statements_and_exports_payroll(
    mona_page: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    page = mona_page
    page.goto("/compensation/plans/new/")
    page.get_by_label("Username").fill("mona")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a compensation plan")

    page.get_by_label("Name").fill("Riverside TCs")
    page.get_by_label("Base pay ($ a month)").fill("2000.00")
    page.get_by_label("Tier 1 rate (%)").fill("5")
    page.get_by_label("Tier 2 from ($ collected)").fill("10000")
    page.get_by_label("Tier 2 rate (%)").fill("8")
    page.get_by_label("Tess Tester").check()
    page.get_by_label("Member changes take effect on").fill("2026-10-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Riverside TCs: saved.")).to_be_visible()
    tiers = page.get_by_role("table", name="Tiers of Riverside TCs")
    expect(tiers).to_contain_text("$10,000.00")

    page.goto("/compensation/?period=2026-10")
    page.get_by_role("button", name="Make statements").click()
    expect(page.get_by_text("Made 1 draft statement for October 2026.")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Tess Tester"))
    expect(row).to_contain_text("$620.00")
    expect(row).to_contain_text("$2,620.00")

    row.get_by_role("link", name="Tess Tester").click()
    counted = page.locator("#counted")
    expect(counted.get_by_role("row")).to_have_count(6)  # header, 4 payments, total
    first = counted.get_by_role("row").nth(1)
    expect(first).to_contain_text("2026-10-03")
    expect(first).to_contain_text("$4,000.00")
    expect(first).to_contain_text("$215.65")
    expect(counted.get_by_role("row").nth(2)).to_contain_text("$323.48")
    expect(counted.get_by_role("row").nth(4)).to_contain_text("-$26.96")
    expect(page.locator("#left-out")).to_contain_text("The case is not accepted")

    page.get_by_role("link", name="Statements for October 2026").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Payroll CSV").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "payroll-2026-10.csv"
    assert (
        "Tess Tester,tess,Riverside TCs,2026-10-01 to 2026-10-31,2000.00,620.00,0.00,2620.00,Draft"
        in saved.read_text(encoding="utf-8-sig")
    )
