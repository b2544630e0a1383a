"""The monthly reports page: who sees it, who makes a report, the month checked, and
the PDF downloaded scoped and audited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.reports.models import MonthlyReport
from casepath.reports.monthly import monthly_report_make
from casepath.tenancy.roles import Permission, role_can
from tests.conftest import World, signed_in
from tests.reports.test_monthly_dataset import OCTOBER, build_month
from tests.smtp import Inbox, local_smtp

NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
LIST = reverse("reports:monthly")
MAKE = reverse("reports:monthly_make")


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with local_smtp() as inbox:
        yield inbox


def report_of(world: World, practice: Any = None, made_by: Any = None) -> MonthlyReport:
    return monthly_report_make(
        practice=practice or world.practice_a, month=OCTOBER, made_by=made_by, now=NOW
    )


@pytest.mark.parametrize("who", ["tess", "fran", "doc", "mona"])
def test_whoever_may_see_reports_sees_them(world: World, who: str) -> None:
    """The page follows VIEW_REPORTS in the roles' matrix (tenancy/roles.py)."""
    user = getattr(world, who)
    allowed = role_can(user.memberships.get().role, Permission.VIEW_REPORTS)
    assert signed_in(user).get(LIST).status_code == (200 if allowed else 403)


def test_the_list_says_who_made_each_and_whom_it_went_to(world: World, inbox: Inbox) -> None:
    build_month(world)
    report_of(world)
    report_of(world, made_by=world.mona)
    page = signed_in(world.tess).get(LIST).content.decode()
    assert page.count("October 2026") >= 2
    assert "Automatically" in page and "Mona Tester" in page
    assert "mona@example.com, otto@example.com" in page
    assert "Make the report for" not in page  # a TC sees, a manager makes


def test_the_month_picker_defaults_to_the_month_before(world: World) -> None:
    page = signed_in(world.mona).get(LIST).content.decode()
    assert 'value="2026-10"' in page and "Make the report for" in page


def test_a_manager_makes_the_report_for_a_month(world: World, inbox: Inbox) -> None:
    build_month(world)
    response = signed_in(world.mona).post(MAKE, {"month": "2026-10"}, follow=True)
    report = MonthlyReport.objects.get()
    assert (report.month, report.made_by) == (OCTOBER, world.mona)
    assert "is made and e-mailed to mona@example.com, otto@example.com" in response.content.decode()


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("", "This field is required."),
        ("October", "Choose a month, such as 2026-10."),
        ("2026-13", "Choose a month, such as 2026-10."),
        ("2026-12", "That month has not begun yet"),
    ],
)
def test_a_bad_month_is_named_and_nothing_is_made(world: World, month: str, message: str) -> None:
    response = signed_in(world.mona).post(MAKE, {"month": month})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MonthlyReport.objects.count() == 0


def test_a_tc_cannot_make_one(world: World) -> None:
    assert signed_in(world.tess).post(MAKE, {"month": "2026-10"}).status_code == 403
    assert MonthlyReport.objects.count() == 0


def test_the_pdf_is_downloaded_and_audited(world: World, inbox: Inbox) -> None:
    build_month(world)
    report = report_of(world)
    response = signed_in(world.tess).get(reverse("reports:monthly_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    viewed = AuditEvent.objects.get(action=Action.VIEW, object_id=str(report.pk))
    assert viewed.actor == world.tess


def test_another_practice_s_report_is_not_found(world: World) -> None:
    theirs = report_of(world, practice=world.practice_b)
    response = signed_in(world.tess).get(reverse("reports:monthly_pdf", args=[theirs.pk]))
    assert response.status_code == 404


def test_the_outsider_gets_404_for_our_report(world: World) -> None:
    ours = report_of(world)
    response = signed_in(world.olga).get(reverse("reports:monthly_pdf", args=[ours.pk]))
    assert response.status_code == 404
