"""The worklist: my open tasks due by tonight (overdue first) then later ones, every
owner's for managers who ask, in a fixed number of queries; an outsider sees none."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casepath.followups.models import Priority, TaskKind, TaskReason
from tests.conftest import World, signed_in
from tests.followups.builders import build_task, build_tasks

pytestmark = pytest.mark.usefixtures("at_now")
URL = reverse("followups:worklist")


def text(response: Any) -> str:
    assert response.status_code == 200
    return str(html.unescape(response.content.decode()))


def section(page: str, heading: str) -> str:
    """The part of the page under the `<h2>` that starts with `heading`."""
    return page.split(f'">{heading}')[1].split("</section>")[0]


def test_the_menu_leads_to_the_worklist(world: World) -> None:
    page = text(signed_in(world.tess).get("/"))
    assert f'<a href="{URL}">Follow-ups</a>' in page
    worklist = text(signed_in(world.tess).get(URL))
    assert f'<a href="{URL}" aria-current="page">Follow-ups</a>' in worklist
    assert "<h1>Follow-ups: my tasks</h1>" in worklist


def test_due_and_overdue_first_ranked_by_due_time_then_priority(world: World) -> None:
    build_task(world, title="Later call", due_in=timedelta(days=3))
    build_task(world, title="Three days late", due_in=timedelta(days=-3))
    build_task(world, title="Tonight, normal", due_in=timedelta(hours=5))
    build_task(world, title="Tonight, high", due_in=timedelta(hours=5), priority=Priority.HIGH)
    build_task(world, title="This morning", due_in=timedelta(hours=-2))
    page = text(signed_in(world.tess).get(URL))
    due, later = section(page, "Due today"), section(page, "Later")
    order = ["Three days late", "This morning", "Tonight, high", "Tonight, normal"]
    assert [due.index(f'-title">{t}<') for t in order] == sorted(
        due.index(f'-title">{t}<') for t in order
    )
    assert "(4)" in page.split('id="due-heading"')[1].split("</h2>")[0]
    assert "Later call" in later and "Later call" not in due
    late_row = due.split('-title">Three days late')[0].rsplit("<tr", 1)[1]
    assert 'class="task is-overdue"' in late_row
    assert '<strong class="overdue">3 days overdue</strong>' in late_row
    morning = due.split('-title">This morning')[0].rsplit("<tr", 1)[1]
    assert '<strong class="overdue">Overdue</strong>' in morning
    tonight = due.split('-title">Tonight, high')[0].rsplit("<tr", 1)[1]
    assert "overdue" not in tonight and '<span class="badge priority-high">High</span>' in tonight


def test_a_row_shows_the_task_and_links_its_patient_and_case(world: World) -> None:
    (task,) = build_tasks(world, 1)
    page = text(signed_in(world.tess).get(URL))
    row = page.split(f'<tr id="task-{task.pk}"')[1].split("</tr>")[0]
    for words in (
        "Apr 3, 10:00 a.m.",
        "Normal",
        "Call",
        "Presented and not accepted",
        f'<a href="/patients/{task.patient_id}/">Pat0 Many</a>',
        f'<a href="/cases/{task.case_id}/">Case 0</a>',
        "Call Ana Lopez about her implant",
        "Tess Tester",
    ):
        assert words in row, words
    outcomes = [
        "Reached and scheduled",
        "Reached and thinking",
        "Reached and declined",
        "Left message",
        "No answer",
        "Wrong number",
    ]
    for label in outcomes:
        assert f'class="secondary small">{label}</button>' in row
    assert ">Skip</button>" in row
    assert f'name="task" value="{task.pk}" form="reassign"' in row


def test_a_letter_is_done_without_an_outcome(world: World) -> None:
    task = build_task(world, kind=TaskKind.LETTER, reason=TaskReason.NOT_SCHEDULED)
    row = text(signed_in(world.tess).get(URL)).split(f'<tr id="task-{task.pk}"')[1]
    row = row.split("</tr>")[0]
    assert 'class="secondary small">Done</button>' in row and "Left message" not in row


def test_my_tasks_are_mine_and_nobody_s_and_managers_may_see_everyone_s(world: World) -> None:
    build_task(world, title="For tess")
    build_task(world, title="For fran", owner=world.fran)
    build_task(world, title="For anyone", owner=None)
    mine = text(signed_in(world.tess).get(URL))
    assert "For tess" in mine and "For anyone" in mine and "For fran" not in mine
    assert "All staff" not in mine
    asked = text(signed_in(world.tess).get(URL + "?everyone=1"))
    assert "For fran" not in asked, "only managers see every owner's tasks"
    manager = text(signed_in(world.mona).get(URL))
    assert "For tess" not in manager and "For anyone" in manager
    assert f'<a href="{URL}?everyone=1">All staff</a>' in manager
    everyone = text(signed_in(world.mona).get(URL + "?everyone=1"))
    assert "<h1>Follow-ups: every owner's tasks</h1>" in everyone
    assert all(t in everyone for t in ("For tess", "For fran", "For anyone"))
    assert '<span class="muted">Anyone</span>' in everyone
    assert '<input type="hidden" name="everyone" value="1">' in everyone


def test_nothing_due(world: World) -> None:
    page = text(signed_in(world.tess).get(URL))
    assert "Nothing is due today." in page and "Nothing later." in page
    assert 'id="reassign"' not in page


def test_a_provider_sees_tasks_but_no_buttons(world: World) -> None:
    build_task(world, owner=None)
    page = text(signed_in(world.doc).get(URL))
    assert "Call Ana Lopez about her implant" in page
    assert "Left message" not in page and 'id="reassign"' not in page
    assert '<span class="muted">Open</span>' in page


def test_an_outsider_sees_none_of_practice_a_s_tasks(world: World) -> None:
    build_task(world, owner=None, title="Riverside only")
    page = text(signed_in(world.olga).get(URL))
    assert "Riverside only" not in page and "Nothing is due today." in page


def queries_of(client: Client, url: str, **extra: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **extra).status_code == 200
    return len(captured)


def test_the_worklist_takes_as_many_queries_for_3_tasks_as_for_20(world: World) -> None:
    client = signed_in(world.mona)
    client.get(URL)  # the first request of a session also records the practice chosen
    build_tasks(world, 3)
    few = queries_of(client, URL + "?everyone=1")
    build_tasks(world, 17, owner=world.fran)
    assert queries_of(client, URL + "?everyone=1") == few
    assert text(client.get(URL + "?everyone=1")).count('<tr id="task-') == 20
    assert few <= 12
