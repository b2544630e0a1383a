"""A call "reached and declined" says why (the case's decline reasons); without a reason
it is refused and stays open; other outcomes keep no reason."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from casepath.audit.models import AuditEvent
from casepath.core.errors import CasepathError
from casepath.followups.models import Task
from casepath.followups.services import task_close
from tests.conftest import World, signed_in
from tests.followups.builders import NOW, build_tasks

pytestmark = pytest.mark.usefixtures("at_now")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _post(world: World, task: Task, **form: str) -> str:
    url = reverse("followups:task_close", args=[task.pk])
    data = {"status": "done", "place": "worklist", **form}
    response = signed_in(world.tess).post(url, data, **HTMX)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_declined_with_its_reason_is_kept_and_shown(world: World) -> None:
    (task,) = build_tasks(world, 1)
    row = _post(world, task, outcome="declined", decline_reason="cost")
    task.refresh_from_db()
    assert (task.status, task.outcome, task.decline_reason) == ("done", "declined", "cost")
    assert "Done: Reached and declined (The cost is too high)" in row
    audit = AuditEvent.objects.filter(object_id=str(task.pk)).latest("pk")
    assert "reached and declined (the cost is too high)" in audit.summary


def test_declined_without_a_reason_is_refused_and_stays_open(world: World) -> None:
    (task,) = build_tasks(world, 1)
    row = _post(world, task, outcome="declined")
    task.refresh_from_db()
    assert (task.status, task.outcome, task.decline_reason) == ("open", "", "")
    assert "Choose why the patient declined." in row


def test_an_unknown_reason_is_refused_at_its_field(world: World) -> None:
    (task,) = build_tasks(world, 1)
    with pytest.raises(CasepathError) as refused:
        task_close(
            acting_user=world.tess,
            task=task,
            status="done",
            outcome="declined",
            decline_reason="bored",
            now=NOW,
        )
    assert [e.path for e in refused.value.errors] == ["decline_reason"]


def test_another_outcome_keeps_no_reason(world: World) -> None:
    (task,) = build_tasks(world, 1)
    _post(world, task, outcome="no_answer", decline_reason="cost")
    task.refresh_from_db()
    assert (task.outcome, task.decline_reason) == ("no_answer", "")


def test_the_row_offers_the_reasons(world: World) -> None:
    build_tasks(world, 1)
    page = html.unescape(signed_in(world.tess).get(reverse("followups:worklist")).content.decode())
    assert "If declined, why" in page and '<option value="cost">The cost is too high' in page
