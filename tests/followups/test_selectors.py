"""What is due "today" and how late a task is are counted in the practice's own days."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from casepath.followups.selectors import end_of_day, task_rows, worklist
from tests.conftest import World
from tests.followups.builders import NOW, build_task

LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_today_ends_at_the_practice_s_midnight(world: World) -> None:
    practice = world.practice_a
    assert end_of_day(practice, NOW) == datetime(2026, 4, 3, tzinfo=ZoneInfo("America/New_York"))
    practice.time_zone = "America/Los_Angeles"
    late_evening = datetime(2026, 4, 3, 1, 30, tzinfo=ZoneInfo("America/New_York"))
    assert end_of_day(practice, late_evening) == datetime(2026, 4, 3, tzinfo=LOS_ANGELES)


def test_lateness_counts_calendar_days_of_the_practice(world: World) -> None:
    yesterday_evening = build_task(world, due_in=timedelta(hours=-15))  # April 1, 19:00
    this_morning = build_task(world, due_in=timedelta(hours=-2))
    in_an_hour = build_task(world, due_in=timedelta(hours=1))
    rows = task_rows(world.practice_a, [yesterday_evening, this_morning, in_an_hour], NOW)
    assert [(r.overdue, r.days_overdue) for r in rows] == [(True, 1), (True, 0), (False, 0)]


def test_the_worklist_splits_at_midnight_and_keeps_the_counts_beyond_its_limit(
    world: World,
) -> None:
    for hours in (-30, -1, 13):  # April 1, this morning, 23:00 tonight
        build_task(world, due_in=timedelta(hours=hours))
    build_task(world, due_in=timedelta(hours=14))  # tomorrow, 00:00
    build_task(world, due_in=timedelta(days=2), owner=world.fran)
    listed = worklist(world.practice_a, now=NOW, user=world.tess, limit=2)
    assert (listed.due_count, listed.later_count, len(listed.due), len(listed.later)) == (
        3,
        1,
        2,
        1,
    )
    assert [r.days_overdue for r in listed.due] == [1, 0]
    everyone = worklist(world.practice_a, now=NOW, later=False)
    assert (everyone.later_count, everyone.later) == (2, [])
