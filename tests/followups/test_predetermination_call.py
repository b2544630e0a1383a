"""The call a received pre-determination opens, worked from the screens: it is on tess's
Today, on the worklist and on the case; "Left message" closes it (audited). Practice B
never sees it and cannot touch it."""

from __future__ import annotations

import html
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from casepath.audit.models import AuditEvent
from casepath.followups.models import Task
from tests.conftest import World, signed_in
from tests.predeterminations.builders import received

HTMX = {"HTTP_HX_REQUEST": "true"}
# The answer came on April 2 at 10:00; the call is due within 48 hours.
NEW_YORK = ZoneInfo("America/New_York")
MORNING_IT_IS_DUE = datetime(2026, 4, 4, 9, 0, tzinfo=NEW_YORK)
TWO_DAYS_LATE = datetime(2026, 4, 6, 11, 0, tzinfo=NEW_YORK)


def text(response: Any) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def row_of(page: str, task: Task) -> str:
    return page.split(f'<tr id="task-{task.pk}"')[1].split("</tr>")[0]


def test_the_call_is_on_today_the_worklist_and_the_case_then_logged(world: World) -> None:
    asked = received(world)
    task = Task.objects.get(case=asked.pd.case)
    assert (task.owner, task.reason, task.priority) == (world.tess, "predetermination", 3)
    section_url = reverse("followups:case_tasks", args=[task.case_id])
    with time_machine.travel(MORNING_IT_IS_DUE, tick=False):
        tess = signed_in(world.tess)
        today = text(tess.get("/")).split('id="tasks-heading"')[1].split("</section>")[0]
        assert "Apr 4, 10:00 a.m." in row_of(today, task) and "overdue" not in row_of(today, task)
        assert "Pre-determination returned" in row_of(today, task)
        assert "answered the pre-determination ($1,700.00 approved)" in row_of(today, task)
        worklist = text(tess.get(reverse("followups:worklist")))
        assert "Ana Lopez" in row_of(worklist.split('id="later-heading"')[0], task)
        section = text(tess.get(section_url, **HTMX))
        assert ">Left message</button>" in row_of(section, task)

    with time_machine.travel(TWO_DAYS_LATE, tick=False):
        tess = signed_in(world.tess)  # a new day, a new sign-in
        late = row_of(text(tess.get(reverse("followups:worklist"))), task)
        assert '<strong class="overdue">2 days overdue</strong>' in late
        url = reverse("followups:task_close", args=[task.pk])
        form = {"status": "done", "outcome": "left_message", "place": "worklist"}
        logged = text(tess.post(url, form, **HTMX))
        assert "Done: Left message · Tess Tester" in logged
        task.refresh_from_db()
        assert (task.status, task.outcome, task.closed_by) == ("done", "left_message", world.tess)
        assert task.closed_at == TWO_DAYS_LATE
        audit = AuditEvent.objects.get(object_type="task", object_id=str(task.pk), action="update")
        assert audit.actor == world.tess and audit.patient_id == task.patient_id
        assert audit.summary == (
            "Task done: left message: Call Ana Lopez: Keystone Dental answered "
            "the pre-determination ($1,700.00 approved)"
        )
        assert f'id="task-{task.pk}"' not in text(tess.get("/"))
        closed = text(tess.get(section_url, **HTMX)).split("<h3>Done and closed</h3>")[1]
        assert "Done: Left message · Tess Tester, " in closed


def test_practice_b_never_sees_nor_touches_the_call(world: World) -> None:
    asked = received(world)
    task = Task.objects.get(case=asked.pd.case)
    with time_machine.travel(TWO_DAYS_LATE, tick=False):
        olga = signed_in(world.olga)
        assert "answered the pre-determination" not in text(olga.get("/"))
        for url in (reverse("followups:worklist"), reverse("followups:worklist") + "?everyone=1"):
            assert "answered the pre-determination" not in text(olga.get(url))
        close = reverse("followups:task_close", args=[task.pk])
        form = {"status": "done", "outcome": "left_message"}
        assert olga.post(close, form, **HTMX).status_code == 404
        section = reverse("followups:case_tasks", args=[task.case_id])
        assert olga.get(section, **HTMX).status_code == 404
        reassign = {"task": [task.pk], "owner": world.olga.pk}
        assert olga.post(reverse("followups:reassign"), reassign).status_code == 404
    task.refresh_from_db()
    assert (task.status, task.owner) == ("open", world.tess)
