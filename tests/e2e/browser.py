"""What every browser test shares: the Chromium it drives and how a person signs in."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from casepath.demo.generator import DEMO_PASSWORD
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

# Put `pytestmark = BROWSER_TEST` in every module of tests/e2e. Without Chromium a
# developer's `make test` skips them; CI never does (.ci/run installs Chromium, so
# its absence there is a broken run, and the browser fixture fails instead).
BROWSER_TEST = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason=f"{CHROMIUM} is not installed (apt-get install chromium)",
    ),
]
SECTIONS = [
    "Today",
    "Huddle",
    "Schedule",
    "New patients",
    "Patients",
    "Cases",
    "Follow-ups",
    "Reports",
    "Settings",
]
LOGIN_PAGE = re.compile(r"/accounts/login/")
# Set to a folder to keep full-page screenshots of the layout tests for a human to look at.
SCREENSHOTS = os.environ.get("CASEPATH_E2E_SCREENSHOTS", "")


@dataclass(frozen=True)
class Demo:
    """The seeded demo: its two practices and a Riverside patient to look for."""

    base_url: str
    riverside: Practice
    hillcrest: Practice
    patient: Patient
    search_text: str


def sign_in(page: Any, username: str, *, start_at: str = "/") -> None:
    """Open `start_at`, get sent to the login page, and sign in with the demo password."""
    page.goto(start_at)
    expect(page).to_have_url(LOGIN_PAGE)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(LOGIN_PAGE)


def main_nav(page: Any) -> Any:
    return page.get_by_role("navigation", name="Main")


def snapshot(page: Any, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / f"{name}.png", full_page=True)


CONTRAST_JS = (Path(__file__).parent / "contrast.js").read_text()


def low_contrast_text(page: Any) -> list[str]:
    """Visible text whose contrast with its background is below WCAG AA."""
    return list(page.evaluate(f"{CONTRAST_JS}.lowContrastText()"))


def focus_outline_contrast(page: Any) -> float:
    return float(page.evaluate(f"{CONTRAST_JS}.focusOutlineContrast()"))
