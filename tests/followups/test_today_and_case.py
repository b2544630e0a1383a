"""Today's "My tasks" card and the case page's tasks section: the same rows and buttons
as the worklist, in a fixed number of queries; an outsider sees none of it."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casepath.followups.services import task_close, tasks_cancel
from tests.conftest import World, signed_in
from tests.followups.builders import NOW, build_task, build_tasks

pytestmark = pytest.mark.usefixtures("at_now")
HTMX = {"HTTP_HX_REQUEST": "true"}


def text(response: Any) -> str:
    assert response.status_code == 200
    return str(html.unescape(response.content.decode()))


def card(page: str) -> str:
    return page.split('<h2 id="tasks-heading">My tasks</h2>')[1].split("</section>")[0]


def test_today_lists_my_tasks_due_by_tonight_with_the_outcome_buttons(world: World) -> None:
    late = build_task(world, title="Late call", due_in=timedelta(days=-2))
    build_task(world, title="Tonight", due_in=timedelta(hours=6))
    build_task(world, title="Tomorrow", due_in=timedelta(days=1))
    build_task(world, title="Next week", due_in=timedelta(days=7))
    build_task(world, title="Fran's", owner=world.fran)
    page = text(signed_in(world.tess).get("/"))
    mine = card(page)
    assert "Late call" in mine and "Tonight" in mine
    assert "Tomorrow" not in mine and "Fran's" not in mine
    assert mine.index("Late call") < mine.index("Tonight")
    assert '<strong class="overdue">2 days overdue</strong>' in mine
    assert "2 later tasks." in mine
    assert f'<a href="{reverse("followups:worklist")}">Open the worklist</a>' in mine
    row = mine.split(f'<tr id="task-{late.pk}"')[1].split("</tr>")[0]
    assert 'name="place" value="today"' in row and ">Left message</button>" in row
    assert 'name="task"' not in row, "no reassign boxes on Today"
    assert page.index('id="find-heading"') < page.index('id="tasks-heading"')


def test_today_with_nothing_due(world: World) -> None:
    mine = card(text(signed_in(world.tess).get("/")))
    assert "Nothing is due today." in mine and "later task" not in mine


def test_a_close_from_today_answers_with_today_s_row(world: World) -> None:
    task = build_task(world)
    form = {"status": "done", "outcome": "wrong_number", "place": "today"}
    url = reverse("followups:task_close", args=[task.pk])
    row = text(signed_in(world.tess).post(url, form, **HTMX))
    assert row.count("<td") == 9 and "Done: Wrong number" in row


def section_url(task: Any) -> str:
    return str(reverse("followups:case_tasks", args=[task.case_id]))


def test_the_case_page_loads_its_tasks_section(world: World) -> None:
    (task,) = build_tasks(world, 1)
    page = text(signed_in(world.tess).get(reverse("cases:detail", args=[task.case_id])))
    assert f'hx-get="{section_url(task)}"' in page


def test_the_case_section_lists_open_tasks_then_closed_ones(world: World) -> None:
    (task,) = build_tasks(world, 1)
    case, patient = task.case, task.patient
    other = build_task(world, case=case, patient=patient, title="Second call", owner=None)
    third = build_task(world, case=case, patient=patient, title="Letter about the plan")
    task_close(acting_user=world.tess, task=other, status="done", outcome="thinking", now=NOW)
    build_task(world, case=case, patient=patient, title="Cancelled one", key="event:1")
    tasks_cancel(practice=world.practice_a, key_prefix="event:", now=NOW, why="case accepted")
    section = text(signed_in(world.fran).get(section_url(task), **HTMX))
    assert section.startswith('<div id="case-tasks">') and "<html" not in section
    opened, closed = section.split("<h3>Done and closed</h3>")
    assert task.title in opened and third.title in opened
    assert 'name="place" value="case"' in opened and 'hx-target="#case-tasks"' in opened
    assert "Pat0 Many" not in opened, "the case's own patient is not repeated"
    assert "Second call" in closed and "Done: Reached and thinking · Tess Tester, " in closed
    assert "Cancelled · automatically, " in closed and "case accepted" in closed


def test_the_case_section_is_a_page_without_htmx(world: World) -> None:
    (task,) = build_tasks(world, 1)
    page = text(signed_in(world.tess).get(section_url(task)))
    assert "<h1>Case 0</h1>" in page and "Back to the case" in page
    assert "No closed tasks yet." in page


def test_an_outsider_gets_404_for_a_case_s_tasks(world: World) -> None:
    (task,) = build_tasks(world, 1)
    assert signed_in(world.olga).get(section_url(task), **HTMX).status_code == 404


def queries(client: Client, url: str, **extra: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **extra).status_code == 200
    return len(captured)


def test_today_and_the_case_section_take_as_many_queries_for_3_tasks_as_for_20(
    world: World,
) -> None:
    client = signed_in(world.tess)
    client.get("/")
    (first, *_) = build_tasks(world, 3)
    case, patient = first.case, first.patient
    for n in range(2):
        build_task(world, case=case, patient=patient, due_in=timedelta(hours=-n))
    few = (queries(client, "/"), queries(client, section_url(first), **HTMX))
    build_tasks(world, 17)
    for n in range(17):
        build_task(world, case=case, patient=patient, owner=None, due_in=timedelta(hours=-n))
    assert (queries(client, "/"), queries(client, section_url(first), **HTMX)) == few
    assert text(client.get(section_url(first), **HTMX)).count('<tr id="task-') == 20
