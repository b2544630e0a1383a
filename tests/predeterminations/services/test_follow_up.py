"""The call after the payer answers: one high-priority task for the case's TC, due in 48
hours; the same answer never opens a second; a corrected answer opens its own; voiding
or expiry cancels what is open."""

from __future__ import annotations

from datetime import date, timedelta

from casepath.followups.models import Priority, Task, TaskReason, TaskStatus
from casepath.predeterminations import response_services, services
from casepath.predeterminations.models import Predetermination
from tests.conftest import World
from tests.predeterminations.builders import NOW, RECEIVED, received, sent
from tests.predeterminations.services.helpers import answer


def record(world: World, pd: Predetermination, received_on: date = RECEIVED) -> None:
    response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=pd,
        received_on=received_on,
        response_expiry=None,
        lines=answer(pd, "1000.00", "700.00"),
        today=RECEIVED,
        now=NOW,
    )


def test_the_answer_opens_a_call_for_the_coordinator(world: World) -> None:
    pd = received(world).pd
    [task] = Task.objects.all()
    assert (task.kind, task.reason, task.priority, task.status) == (
        "call",
        TaskReason.PREDETERMINATION,
        Priority.HIGH,
        TaskStatus.OPEN,
    )
    assert (task.owner, task.patient, task.case) == (world.tess, world.patient_a, pd.case)
    assert task.due_at == NOW + timedelta(hours=48)
    assert task.key == f"predetermination:{pd.pk}:received:2026-04-02"
    assert task.title == (
        "Call Ana Lopez: Keystone Dental answered the pre-determination ($1,700.00 approved)"
    )


def test_the_same_answer_twice_opens_one_task(world: World) -> None:
    pd = received(world).pd
    record(world, pd)
    assert Task.objects.count() == 1


def test_a_corrected_answer_opens_a_new_task(world: World) -> None:
    pd = received(world).pd
    record(world, pd, received_on=date(2026, 4, 1))
    keys = sorted(Task.objects.values_list("key", flat=True))
    assert keys == [
        f"predetermination:{pd.pk}:received:2026-04-01",
        f"predetermination:{pd.pk}:received:2026-04-02",
    ]


def test_no_task_before_the_answer(world: World) -> None:
    sent(world)
    assert not Task.objects.exists()


def test_voiding_cancels_the_open_task(world: World) -> None:
    pd = received(world).pd
    later = NOW + timedelta(hours=3)
    services.predetermination_close(
        acting_user=world.tess,
        predetermination=pd,
        to="voided",
        reason="Asked the wrong plan",
        now=later,
        as_of=RECEIVED,
    )
    [task] = Task.objects.all()
    assert (task.status, task.closed_at, task.note) == (
        TaskStatus.CANCELLED,
        later,
        "pre-determination voided",
    )


def test_expiry_cancels_the_open_task(world: World) -> None:
    received(world)
    response_services.predeterminations_expire(
        practice=world.practice_a, today=date(2027, 4, 3), now=NOW
    )
    [task] = Task.objects.all()
    assert (task.status, task.note) == (TaskStatus.CANCELLED, "answer expired")


def test_a_task_of_another_request_is_not_cancelled(world: World) -> None:
    pd = received(world).pd
    other = Task.objects.create(
        practice=world.practice_a,
        reason=TaskReason.PREDETERMINATION,
        title="Another request",
        patient=world.patient_a,
        due_at=NOW,
        key=f"predetermination:{pd.pk + 100}:received:2026-04-02",
    )
    services.predetermination_close(
        acting_user=world.tess, predetermination=pd, to="voided", reason="", now=NOW, as_of=RECEIVED
    )
    other.refresh_from_db()
    assert other.status == TaskStatus.OPEN
