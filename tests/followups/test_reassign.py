"""Reassigning in bulk: the ticked tasks go to someone on the practice's staff, each
audited; bad input writes nothing; another practice's tasks answer 404."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.urls import reverse

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.followups.models import Task
from casepath.followups.services import task_close, tasks_reassign
from tests.builders import build_patient, build_user
from tests.conftest import World, signed_in
from tests.followups.builders import NOW, build_task, build_tasks

pytestmark = pytest.mark.usefixtures("at_now")
URL = reverse("followups:reassign")


def owners() -> list[str]:
    return [t.owner.username if t.owner else "" for t in Task.objects.order_by("pk")]


def reassigned() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(summary__startswith="Task reassigned").order_by("pk"))


def test_the_service_gives_each_task_to_the_new_owner_and_audits_it(world: World) -> None:
    first, second, nobody_s = [*build_tasks(world, 2), build_task(world, owner=None)]
    ids = [first.pk, second.pk, nobody_s.pk]
    moved = tasks_reassign(
        acting_user=world.mona, practice=world.practice_a, task_ids=ids, owner=world.fran
    )
    assert [t.pk for t in moved] == ids
    assert owners() == ["fran", "fran", "fran"]
    rows = reassigned()
    assert [(r.actor, r.object_id, r.patient_id) for r in rows] == [
        (world.mona, str(t.pk), t.patient_id) for t in (first, second, nobody_s)
    ]
    assert rows[0].changes == {"owner": {"before": "Tess Tester", "after": "Fran Tester"}}
    assert rows[2].changes == {"owner": {"before": None, "after": "Fran Tester"}}
    assert rows[0].summary == "Task reassigned to Fran Tester: Call Ana Lopez about her implant"


def test_a_task_already_theirs_is_left_alone(world: World) -> None:
    task = build_task(world)
    tasks_reassign(
        acting_user=world.mona, practice=world.practice_a, task_ids=[task.pk], owner=world.tess
    )
    assert owners() == ["tess"] and reassigned() == []


def refusal(world: World, **given: Any) -> tuple[str, str]:
    values = {"acting_user": world.mona, "practice": world.practice_a} | given
    with pytest.raises(CasepathError) as refused:
        tasks_reassign(**values)
    problem = refused.value.errors[0]
    return problem.path, problem.message


def test_the_service_refuses_bad_input_and_writes_nothing(world: World) -> None:
    task, closed = build_task(world), build_task(world, title="Called already")
    task_close(acting_user=world.tess, task=closed, status="skipped", now=NOW)
    olga_s = build_task(world, practice=world.practice_b, patient=world.patient_b, owner=world.olga)
    assert refusal(world, task_ids=[], owner=world.fran) == ("tasks", "Tick the tasks to reassign.")
    assert refusal(world, task_ids=[task.pk], owner=None) == (
        "owner",
        "Choose someone on this practice's staff.",
    )
    assert refusal(world, task_ids=[task.pk], owner=world.olga)[0] == "owner"
    gone = build_user("gone")
    assert refusal(world, task_ids=[task.pk], owner=gone)[0] == "owner"
    assert refusal(world, task_ids=[task.pk, olga_s.pk], owner=world.fran) == (
        "tasks",
        "Some of these tasks are not of this practice.",
    )
    assert refusal(world, task_ids=[task.pk, closed.pk], owner=world.fran) == (
        "tasks",
        "“Called already” is already skipped: only open tasks can be reassigned.",
    )
    assert owners() == ["tess", "tess", "olga"] and reassigned() == []


def test_the_worklist_reassigns_the_ticked_tasks(world: World) -> None:
    tasks = build_tasks(world, 3)
    client = signed_in(world.mona)
    form = {"task": [tasks[0].pk, tasks[2].pk], "owner": world.fran.pk, "everyone": "1"}
    response = client.post(URL, form, follow=True)
    assert response.redirect_chain == [(reverse("followups:worklist") + "?everyone=1", 302)]
    assert "Reassigned 2 task(s) to Fran Tester." in html.unescape(response.content.decode())
    assert owners() == ["fran", "tess", "fran"]


def test_the_owner_select_lists_the_practice_s_staff(world: World) -> None:
    build_task(world)
    page = signed_in(world.tess).get(reverse("followups:worklist")).content.decode()
    select = page.split('name="owner"')[1].split("</select>")[0]
    names = ["Doc Tester", "Fran Tester", "Mona Tester", "Tess Tester"]
    assert [n for n in names if n in select] == names
    assert "Olga" not in select


def test_a_refusal_shows_on_the_worklist_with_the_boxes_still_ticked(world: World) -> None:
    (task,) = build_tasks(world, 1)
    response = signed_in(world.tess).post(URL, {"task": [task.pk], "owner": ""})
    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Choose who does these tasks." in page
    assert f'name="task" value="{task.pk}" form="reassign" aria-label="Tick “' in page
    assert f'value="{task.pk}" form="reassign" aria-label="Tick “{task.title}”" checked>' in page
    nothing = html.unescape(
        signed_in(world.tess).post(URL, {"owner": world.fran.pk}).content.decode()
    )
    assert "Tick the tasks to reassign." in nothing
    assert owners() == ["tess"]


def test_another_practice_s_task_ids_answer_404(world: World) -> None:
    mine = build_task(world)
    patient = build_patient(world.practice_b, first_name="Hal")
    theirs = build_task(world, practice=world.practice_b, patient=patient, owner=world.olga)
    olga = signed_in(world.olga)
    assert olga.post(URL, {"task": [mine.pk], "owner": world.olga.pk}).status_code == 404
    tess = signed_in(world.tess)
    both = {"task": [mine.pk, theirs.pk], "owner": world.fran.pk}
    assert tess.post(URL, both).status_code == 404
    assert owners() == ["tess", "olga"] and reassigned() == []


def test_a_provider_cannot_reassign(world: World) -> None:
    task = build_task(world)
    response = signed_in(world.doc).post(URL, {"task": [task.pk], "owner": world.doc.pk})
    assert response.status_code == 403
    assert owners() == ["tess"]
