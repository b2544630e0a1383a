"""Logging a call from its row: one click closes it with the outcome (audited), the row
comes back closed for htmx; a call needs an outcome; who may close, and an outsider."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from casepath.audit.models import AuditEvent
from casepath.followups.models import Task, TaskKind, TaskReason
from tests.conftest import World, signed_in
from tests.followups.builders import NOW, build_task, build_tasks

pytestmark = pytest.mark.usefixtures("at_now")
HTMX = {"HTTP_HX_REQUEST": "true"}


def close_url(task: Task) -> str:
    return str(reverse("followups:task_close", args=[task.pk]))


def text(response: Any) -> str:
    assert response.status_code == 200
    return str(html.unescape(response.content.decode()))


def test_left_message_closes_the_call_in_one_click(world: World) -> None:
    (task,) = build_tasks(world, 1)
    form = {"status": "done", "outcome": "left_message", "place": "worklist"}
    row = text(signed_in(world.tess).post(close_url(task), form, **HTMX))
    task.refresh_from_db()
    assert (task.status, task.outcome, task.closed_by, task.closed_at) == (
        "done",
        "left_message",
        world.tess,
        NOW,
    )
    assert row.startswith(f'<tr id="task-{task.pk}"') and "<html" not in row
    assert 'role="status" tabindex="-1" autofocus>Done: Left message · Tess Tester, <time' in row
    assert 'datetime="2026-04-02T10:00:00-04:00">Apr 2, 10:00 a.m.</time>' in row
    assert "<button" not in row and 'name="task"' not in row
    assert row.count("<td") == 11, "the row keeps the worklist's columns"
    audit = AuditEvent.objects.filter(object_type="task", action="update").get()
    assert audit is not None
    assert (audit.actor, audit.summary, audit.patient_id) == (
        world.tess,
        "Task done: left message: Call Ana Lopez about her implant",
        task.patient_id,
    )
    assert audit.changes == {"status": "done", "outcome": "left_message"}


def test_a_call_cannot_be_done_without_an_outcome(world: World) -> None:
    task = build_task(world)
    row = text(signed_in(world.tess).post(close_url(task), {"status": "done"}, **HTMX))
    assert (
        f'<p class="errorlist" role="alert" id="task-{task.pk}-error">Say how the call went.</p>'
        in row
    )
    assert f'aria-describedby="task-{task.pk}-error"' in row
    assert 'value="scheduled" class="secondary small" autofocus>' in row
    task.refresh_from_db()
    assert (task.status, task.outcome, task.closed_at) == ("open", "", None)
    assert not AuditEvent.objects.filter(object_type="task", action="update").exists()


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"status": "done", "outcome": "maybe"}, "Choose one of the outcomes of a call."),
        ({"status": "cancelled"}, "Close a task as done or skipped."),
        ({"outcome": "no_answer"}, "Close a task as done or skipped."),
    ],
)
def test_bad_input_is_refused_beside_the_buttons(
    world: World, form: dict[str, str], message: str
) -> None:
    task = build_task(world)
    row = text(signed_in(world.tess).post(close_url(task), form, **HTMX))
    assert f'id="task-{task.pk}-error">{message}</p>' in row
    task.refresh_from_db()
    assert task.status == "open"


def test_skip_and_done_for_a_letter(world: World) -> None:
    call, letter = build_task(world), build_task(world, kind=TaskKind.LETTER)
    client = signed_in(world.fran)
    skipped = text(client.post(close_url(call), {"status": "skipped"}, **HTMX))
    assert ">Skipped · Fran Tester, <time" in skipped
    done = text(client.post(close_url(letter), {"status": "done"}, **HTMX))
    assert ">Done · Fran Tester, " in done
    assert [t.status for t in Task.objects.order_by("pk")] == ["skipped", "done"]


def test_a_closed_task_cannot_be_closed_again(world: World) -> None:
    task = build_task(world)
    client = signed_in(world.tess)
    client.post(close_url(task), {"status": "done", "outcome": "no_answer"}, **HTMX)
    again = text(client.post(close_url(task), {"status": "skipped"}, **HTMX))
    assert '<p class="errorlist" role="alert">This task is already done.</p>' in again
    task.refresh_from_db()
    assert (task.status, task.outcome) == ("done", "no_answer")


def test_without_htmx_the_post_goes_back_where_the_row_was(world: World) -> None:
    (first, second, third) = build_tasks(world, 3)
    client = signed_in(world.tess)
    done = {"status": "done", "outcome": "thinking"}
    response = client.post(close_url(first), done | {"place": "today"})
    assert response.status_code == 302 and response["Location"] == reverse("web:today")
    response = client.post(close_url(second), done | {"place": "case"})
    assert response["Location"] == f"/cases/{second.case_id}/#case-tasks"
    response = client.post(close_url(third), {"status": "done"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("followups:worklist")
    assert "Call Ana Lopez about her implant: Say how the call went." in text(response)


def test_the_case_section_answers_a_close_from_the_case_page(world: World) -> None:
    (task,) = build_tasks(world, 1)
    form = {"status": "done", "outcome": "scheduled", "place": "case"}
    section = text(signed_in(world.tess).post(close_url(task), form, **HTMX))
    assert section.startswith('<div id="case-tasks">')
    assert "No open tasks for this case." in section
    assert 'tabindex="-1" autofocus role="status">Done: Reached and scheduled · Tess' in section


def test_a_provider_cannot_close_a_task(world: World) -> None:
    task = build_task(world, owner=world.doc, reason=TaskReason.QUESTION)
    response = signed_in(world.doc).post(
        close_url(task), {"status": "done", "outcome": "no_answer"}, **HTMX
    )
    assert response.status_code == 403
    task.refresh_from_db()
    assert task.status == "open"


def test_an_outsider_gets_404_for_practice_a_s_task(world: World) -> None:
    task = build_task(world)
    olga = signed_in(world.olga)
    form = {"status": "done", "outcome": "no_answer"}
    assert olga.post(close_url(task), form, **HTMX).status_code == 404
    assert olga.post(reverse("followups:task_close", args=[999999]), form).status_code == 404
    task.refresh_from_db()
    assert task.status == "open"


def test_closing_asks_for_post(world: World) -> None:
    task = build_task(world, due_in=timedelta(days=1))
    assert signed_in(world.tess).get(close_url(task)).status_code == 405
