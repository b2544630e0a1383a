"""The automatic monthly reports: made on each practice's own 1st for the month before,
by nobody (made_by empty), once; and the worker's daily task that makes them and
queues itself for 06:00 UTC the next day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from casepath.reports.models import MonthlyReport
from casepath.reports.monthly_due import monthly_reports_due
from casepath.reports.tasks import make_due_monthly_reports, next_run, queue_monthly_reports
from tests.conftest import World
from tests.reports.test_monthly_dataset import OCTOBER, build_month
from tests.smtp import Inbox, local_smtp

# 1 November 2026, 06:00 UTC: 01:00 in New York (Riverside), still 23:00 on
# 31 October in Los Angeles (Hillcrest, moved there for these tests).
FIRST_RUN = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
LOS_ANGELES_FIRST = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    with local_smtp() as inbox:
        yield inbox


@pytest.fixture
def west(world: World) -> World:
    world.practice_b.time_zone = "America/Los_Angeles"
    world.practice_b.save(update_fields=["time_zone"])
    build_month(world)
    return world


def made() -> list[tuple[str, Any, Any]]:
    rows = MonthlyReport.objects.order_by("practice__name", "pk")
    return [(r.practice.short_code, r.month, r.made_by) for r in rows]


def test_nothing_is_made_before_the_1st(west: World, inbox: Inbox) -> None:
    assert monthly_reports_due(datetime(2026, 10, 31, 20, 0, tzinfo=UTC)) == []
    assert monthly_reports_due(datetime(2026, 11, 1, 3, 59, tzinfo=UTC)) == []  # 23:59 NY
    assert made() == [] and inbox.deliveries == []


def test_on_each_practice_s_1st_the_month_before_is_made_once(west: World, inbox: Inbox) -> None:
    monthly_reports_due(FIRST_RUN)
    assert made() == [("RV", OCTOBER, None)]  # not yet the 1st in Los Angeles
    monthly_reports_due(LOS_ANGELES_FIRST)
    monthly_reports_due(LOS_ANGELES_FIRST)  # again: nothing more
    assert made() == [("HC", OCTOBER, None), ("RV", OCTOBER, None)]
    assert sorted(to[0] for to, _ in inbox.deliveries) == [
        "mona@example.com",
        "otto@example.com",
    ]


def test_a_report_made_by_hand_does_not_stop_the_automatic_one(west: World, inbox: Inbox) -> None:
    from casepath.reports.monthly import monthly_report_make

    monthly_report_make(practice=west.practice_a, month=OCTOBER, made_by=west.mona, now=FIRST_RUN)
    monthly_reports_due(FIRST_RUN)
    assert made() == [("RV", OCTOBER, west.mona), ("RV", OCTOBER, None)]


def test_a_missed_1st_is_caught_up_in_the_first_week_only(west: World, inbox: Inbox) -> None:
    monthly_reports_due(datetime(2026, 11, 9, 12, 0, tzinfo=UTC))
    assert made() == []
    monthly_reports_due(datetime(2026, 11, 3, 12, 0, tzinfo=UTC))
    assert made() == [("HC", OCTOBER, None), ("RV", OCTOBER, None)]


def test_the_next_run_is_06_00_utc_the_next_day() -> None:
    assert next_run(datetime(2026, 10, 31, 6, 0, 3, tzinfo=UTC)) == FIRST_RUN
    assert next_run(datetime(2026, 10, 31, 23, 59, tzinfo=UTC)) == FIRST_RUN


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_them_and_queues_the_next_day(west: World, inbox: Inbox) -> None:
    with time_machine.travel(FIRST_RUN, tick=False):
        queue_monthly_reports()
        queue_monthly_reports()  # one run waiting is enough
        assert DBTaskResult.objects.filter(status="READY").count() == 1
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert made() == [("RV", OCTOBER, None)]
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.task_path == make_due_monthly_reports.module_path
    assert waiting.run_after == datetime(2026, 11, 2, 6, 0, tzinfo=UTC)


def test_a_day_given_counts_for_every_practice(west: World, inbox: Inbox) -> None:
    from datetime import date

    monthly_reports_due(FIRST_RUN, today=date(2026, 11, 1))  # Los Angeles too
    assert made() == [("HC", OCTOBER, None), ("RV", OCTOBER, None)]
