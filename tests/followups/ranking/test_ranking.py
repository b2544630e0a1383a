"""The worklist ranks today's and overdue tasks by the value at stake, then by due time;
later tasks by due time only; in the same number of queries for 3 tasks as for 30."""

from __future__ import annotations

import html
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casepath.core.followups import value_at_stake
from casepath.followups.models import Priority, Task
from casepath.followups.selectors import worklist
from casepath.followups.views import DUE_ROWS, LATER_ROWS
from tests.conftest import World, signed_in
from tests.followups.builders import NOW, build_task, build_tasks

pytestmark = pytest.mark.usefixtures("at_now")
URL = reverse("followups:worklist")


def at_stake(task: Task, amount: str, stage: str = "presented") -> Task:
    """The value a cadence gives the task of a case of `amount` at `stage`."""
    task.value_at_stake = value_at_stake(Decimal(amount), stage)
    task.save(update_fields=["value_at_stake"])
    return task


def titles(rows: list[Any]) -> list[str]:
    return [row.task.title for row in rows]


def page_of(client: Client, url: str = URL) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return str(html.unescape(response.content.decode()))


def test_a_5000_case_comes_before_a_500_one_due_earlier_today(world: World) -> None:
    at_stake(build_task(world, title="Small, this morning", due_in=timedelta(hours=-2)), "500")
    at_stake(build_task(world, title="Large, tonight", due_in=timedelta(hours=6)), "5000")
    listed = worklist(world.practice_a, now=NOW, user=world.tess)
    assert titles(listed.due) == ["Large, tonight", "Small, this morning"]
    assert [row.task.value_at_stake for row in listed.due] == [
        Decimal("4000.00"),
        Decimal("400.00"),
    ]
    page = page_of(signed_in(world.tess))
    assert page.index('-title">Large, tonight<') < page.index('-title">Small, this morning<')


def test_the_same_value_ranks_the_soonest_due_then_the_highest_priority(world: World) -> None:
    for title, hours, priority in [
        ("Tonight, normal", 5, Priority.NORMAL),
        ("Two days late", -48, Priority.NORMAL),
        ("Tonight, high", 5, Priority.HIGH),
        ("No case, this morning", -1, Priority.HIGH),
    ]:
        task = build_task(world, title=title, due_in=timedelta(hours=hours), priority=priority)
        if title != "No case, this morning":
            at_stake(task, "2000", "pending")
    listed = worklist(world.practice_a, now=NOW, user=world.tess)
    assert titles(listed.due) == [
        "Two days late",
        "Tonight, high",
        "Tonight, normal",
        "No case, this morning",
    ]


def test_overdue_and_today_come_before_later_ones_whatever_their_value(world: World) -> None:
    at_stake(build_task(world, title="Tomorrow, large", due_in=timedelta(days=1)), "30000")
    build_task(world, title="Overdue, nothing at stake", due_in=timedelta(days=-3))
    at_stake(build_task(world, title="Next week, small", due_in=timedelta(days=7)), "100")
    at_stake(build_task(world, title="In three days", due_in=timedelta(days=3)), "9000")
    listed = worklist(world.practice_a, now=NOW, user=world.tess)
    assert titles(listed.due) == ["Overdue, nothing at stake"]
    assert titles(listed.later) == ["Tomorrow, large", "In three days", "Next week, small"]
    page = page_of(signed_in(world.tess))
    due, later = page.split('id="later-heading"')
    assert "Overdue, nothing at stake" in due and "Tomorrow, large" in later


def test_the_first_rows_are_the_most_at_stake_when_there_are_more(world: World) -> None:
    for n, amount in enumerate(["100", "8000", "300", "6000", "50"]):
        at_stake(build_task(world, title=f"Task {amount}", due_in=timedelta(hours=-n)), amount)
    listed = worklist(world.practice_a, now=NOW, user=world.tess, limit=2)
    assert titles(listed.due) == ["Task 8000", "Task 6000"]
    assert listed.due_count == 5


def test_the_worklist_shows_the_value_at_stake(world: World) -> None:
    large = at_stake(build_task(world, title="Large"), "12500", "accepted")
    none = build_task(world, title="No case")
    page = page_of(signed_in(world.tess))
    assert '<th scope="col" class="num">At stake</th>' in page
    assert "The most at stake first" in page
    row = page.split(f'<tr id="task-{large.pk}"')[1].split("</tr>")[0]
    assert '<td class="num">$12,500.00</td>' in row
    empty = page.split(f'<tr id="task-{none.pk}"')[1].split("</tr>")[0]
    assert '<td class="num"><span class="muted">—</span></td>' in empty
    today = page_of(signed_in(world.tess), reverse("web:today"))
    assert "$12,500.00" not in today, "Today's card keeps its columns"


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("whose", ["", "?everyone=1"])
def test_the_page_takes_as_many_queries_for_30_tasks_as_for_3(world: World, whose: str) -> None:
    client = signed_in(world.mona)
    client.get(URL)  # the first request of a session records the practice chosen
    for n, task in enumerate(build_tasks(world, 3, owner=None)):
        at_stake(task, str(1000 * (n + 1)))
    few = queries_of(client, URL + whose)
    for n, task in enumerate(build_tasks(world, 27, owner=None)):
        at_stake(task, str(100 * (n + 1)))
    assert queries_of(client, URL + whose) == few
    assert few <= 10


def test_the_selector_takes_three_queries(world: World) -> None:
    build_tasks(world, 6)
    with CaptureQueriesContext(connection) as captured:
        listed = worklist(world.practice_a, now=NOW, user=world.tess)
        assert [row.task.patient.display_name for row in listed.due + listed.later]
        assert [row.task.case.title for row in listed.due + listed.later]
    assert len(captured) == 3


def test_the_page_lists_a_day_of_calls_and_the_next_ones(world: World) -> None:
    for n in range(DUE_ROWS + 2):
        build_task(world, title=f"Due {n}", due_in=timedelta(minutes=-n))
    for n in range(LATER_ROWS + 1):
        build_task(world, title=f"Later {n}", due_in=timedelta(days=2, minutes=n))
    page = page_of(signed_in(world.tess))
    due, later = page.split('id="later-heading"')
    assert (DUE_ROWS, LATER_ROWS) == (40, 20)
    assert due.count('<tr id="task-') == 40
    assert "The first 40 of 42: log these to see the next ones." in due
    assert later.count('<tr id="task-') == 20
    assert "The first 20 of 21." in later
    assert "Later 19" in later and "Later 20" not in later
