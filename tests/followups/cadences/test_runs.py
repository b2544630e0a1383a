"""Cadences run by the case's events: presenting opens the 48-hour call, a decision
stops it, each step closed opens the next one, to the end of day 90."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from casepath.audit.models import AuditEvent
from casepath.cases import services as case_services
from casepath.cases.models import Case
from casepath.cases.signals import case_moved
from casepath.followups import cadence_services
from casepath.followups.cadence_models import CadenceRun
from casepath.followups.models import Priority, Task
from casepath.followups.services import task_close
from casepath.followups.signals import task_closed
from tests.cases.builders import TwoOptions
from tests.conftest import World
from tests.followups.builders import NOW
from tests.followups.cadences.conftest import cadence_tasks, present

DAY = timedelta(days=1)


def _run(case: Case) -> CadenceRun:
    return CadenceRun.objects.get(case=case, stopped_at=None)


def _open(case: Case) -> list[Task]:
    return [t for t in cadence_tasks(case) if t.status == "open"]


def _close(world: World, task: Task, outcome: str = "no_answer", **kw: Any) -> Task:
    status = kw.pop("status", "done")
    when = kw.pop("at", NOW)
    return task_close(
        acting_user=world.tess, task=task, status=status, outcome=outcome, now=when, **kw
    )


def test_presenting_opens_the_48_hour_call(world: World, presented: TwoOptions) -> None:
    run = _run(presented.case)
    [task] = cadence_tasks(presented.case)
    assert task.key == f"cadence:{run.pk}:step:1"
    assert (task.kind, task.reason, task.status) == ("call", "presented", "open")
    assert task.due_at == NOW + timedelta(hours=48)
    assert task.owner == world.tess
    assert task.patient == world.patient_a
    assert task.priority == Priority.HIGH
    # The implant (recommended): 2400.00 + 1450.00, presented weighs 0.8.
    assert task.value_at_stake == Decimal("3080.00")
    assert task.title == (
        "Call Ana Lopez about “Missing lower left molar” (follow-up 1 of 6, within 48 hours)"
    )
    assert (run.started_at, run.step, run.agreed_at) == (NOW, 1, None)
    assert run.cadence.name == "Presented, not accepted"


def test_accepting_cancels_the_call(world: World, presented: TwoOptions) -> None:
    run = _run(presented.case)
    case_services.case_accept(
        acting_user=world.tess,
        case=presented.case,
        option_id=presented.implant.pk,
        decided_on=NOW.date(),
    )
    [task] = cadence_tasks(presented.case)
    assert (task.status, task.note, task.closed_at) == ("cancelled", "Case accepted", NOW)
    run.refresh_from_db()
    assert (run.stopped_at, run.stop_reason) == (NOW, "accepted")
    assert AuditEvent.objects.filter(
        object_type="cadencerun", object_id=str(run.pk), changes={"stop_reason": "accepted"}
    ).exists()


def test_declining_stops_and_presenting_again_restarts(world: World, presented: TwoOptions) -> None:
    first = _run(presented.case)
    case_services.case_decline(
        acting_user=world.tess, case=presented.case, reason="cost", decided_on=NOW.date()
    )
    first.refresh_from_db()
    assert first.stop_reason == "declined"
    assert _open(presented.case) == []

    present(world, presented.case, after=3 * DAY)
    second = _run(presented.case)
    assert second.pk != first.pk
    assert second.started_at == NOW + 3 * DAY
    [task] = _open(presented.case)
    assert task.key == f"cadence:{second.pk}:step:1"
    assert task.due_at == NOW + 5 * DAY
    assert [t.status for t in cadence_tasks(presented.case)] == ["cancelled", "open"]


def test_expiry_and_back_to_draft_stop(world: World, presented: TwoOptions) -> None:
    case_services.cases_expire(practice=world.practice_a, today=date(2027, 1, 1))
    run = CadenceRun.objects.get(case=presented.case)
    assert run.stop_reason == "expired"
    assert _open(presented.case) == []


def test_pending_decision_keeps_the_cadence(world: World, presented: TwoOptions) -> None:
    case_services.case_move(acting_user=world.tess, case=presented.case, to="pending")
    assert _run(presented.case).step == 1
    assert len(_open(presented.case)) == 1


def test_no_answer_opens_the_email_of_day_7(world: World, presented: TwoOptions) -> None:
    [call] = cadence_tasks(presented.case)
    _close(world, call, "no_answer", at=NOW + DAY)
    run = _run(presented.case)
    assert run.step == 2
    [email] = _open(presented.case)
    assert email.key == f"cadence:{run.pk}:step:2"
    assert (email.kind, email.due_at, email.priority) == ("email", NOW + 7 * DAY, Priority.NORMAL)
    assert email.title.endswith("(follow-up 2 of 6, on day 7)")
    assert email.value_at_stake == Decimal("3080.00")


def test_the_sequence_to_day_90_ends(world: World, presented: TwoOptions) -> None:
    seen = []
    for _ in range(6):
        [task] = _open(presented.case)
        seen.append((task.kind, task.due_at - NOW))
        outcome = "left_message" if task.kind == "call" else ""
        _close(world, task, outcome, at=task.due_at)
    assert seen == [
        ("call", timedelta(hours=48)),
        ("email", 7 * DAY),
        ("call", 14 * DAY),
        ("letter", 30 * DAY),
        ("call", 60 * DAY),
        ("call", 90 * DAY),
    ]
    run = CadenceRun.objects.get(case=presented.case)
    assert (run.stop_reason, run.stopped_at, run.step) == ("finished", NOW + 90 * DAY, 6)
    assert _open(presented.case) == []
    assert [t.status for t in cadence_tasks(presented.case)] == ["done"] * 6


def test_a_step_reached_late_is_due_at_once(world: World, presented: TwoOptions) -> None:
    [call] = cadence_tasks(presented.case)
    _close(world, call, "wrong_number", at=NOW + 10 * DAY)
    [email] = _open(presented.case)
    assert email.due_at == NOW + 10 * DAY


def test_skipping_moves_on(world: World, presented: TwoOptions) -> None:
    [call] = cadence_tasks(presented.case)
    _close(world, call, "", status="skipped")
    assert [t.kind for t in _open(presented.case)] == ["email"]


def test_reached_and_declined_stops_only_the_cadence(world: World, presented: TwoOptions) -> None:
    [call] = cadence_tasks(presented.case)
    _close(world, call, "declined", decline_reason="timing")
    run = CadenceRun.objects.get(case=presented.case)
    assert run.stop_reason == "reached_declined"
    assert _open(presented.case) == []
    presented.case.refresh_from_db()
    assert presented.case.status == "presented"  # the TC records the decision on the case


def test_reached_and_scheduled_stops(world: World, presented: TwoOptions) -> None:
    [call] = cadence_tasks(presented.case)
    _close(world, call, "scheduled")
    assert CadenceRun.objects.get(case=presented.case).stop_reason == "reached_scheduled"
    assert _open(presented.case) == []


def test_cancelling_by_hand_stops(world: World, presented: TwoOptions) -> None:
    [call] = cadence_tasks(presented.case)
    _close(world, call, "", status="cancelled")
    assert CadenceRun.objects.get(case=presented.case).stop_reason == "task_cancelled"
    assert len(cadence_tasks(presented.case)) == 1


def test_the_signals_twice_give_one_task(world: World, presented: TwoOptions) -> None:
    case = presented.case
    for _ in range(2):
        case_moved.send(
            sender=Case, case=case, from_status="ready", to_status="presented", actor=world.tess
        )
    assert CadenceRun.objects.filter(case=case).count() == 1
    assert len(cadence_tasks(case)) == 1

    [call] = cadence_tasks(case)
    closed = _close(world, call, "thinking")
    task_closed.send(sender=Task, task=closed, acting_user=world.tess)
    assert [t.kind for t in cadence_tasks(case)] == ["call", "email"]
    assert _run(case).step == 2


def test_presenting_again_while_waiting_keeps_the_run(world: World, presented: TwoOptions) -> None:
    first = _run(presented.case)
    present(world, presented.case, after=DAY)
    assert _run(presented.case).pk == first.pk
    assert len(cadence_tasks(presented.case)) == 1


def test_other_tasks_closing_do_nothing(world: World, presented: TwoOptions) -> None:
    from tests.followups.builders import build_task

    other = build_task(world, case=presented.case, key="cadence:999:step:1")
    _close(world, other, "no_answer")
    assert len(_open(presented.case)) == 1
    assert _run(presented.case).step == 1


def test_patient_opt_out_stops_every_run(world: World, presented: TwoOptions) -> None:
    stopped = cadence_services.patient_opt_out(patient=world.patient_a, now=NOW + DAY)
    assert stopped == 1
    run = CadenceRun.objects.get(case=presented.case)
    assert (run.stop_reason, run.stopped_at) == ("opted_out", NOW + DAY)
    [task] = cadence_tasks(presented.case)
    assert (task.status, task.note) == ("cancelled", "Patient asked not to be contacted")
    assert cadence_services.patient_opt_out(patient=world.patient_a, now=NOW + DAY) == 0


def test_an_inactive_cadence_starts_nothing(world: World, ready: TwoOptions) -> None:
    cadence = cadence_services.cadence_of(world.practice_a)
    cadence.is_active = False
    cadence.save()
    present(world, ready.case)
    assert not CadenceRun.objects.filter(case=ready.case).exists()
    assert cadence_tasks(ready.case) == []


def test_a_run_keeps_the_steps_it_started_with(world: World, presented: TwoOptions) -> None:
    cadence_services.cadence_update(
        acting_user=world.mona,
        practice=world.practice_a,
        reason="presented",
        name="Short",
        steps=[{"kind": "call", "offset": 1}, {"kind": "sms", "offset": 3}],
        is_active=True,
    )
    [call] = cadence_tasks(presented.case)
    _close(world, call, "no_answer")
    [email] = _open(presented.case)
    assert (email.kind, email.due_at) == ("email", NOW + 7 * DAY)


def test_each_practice_has_its_own_cadence(world: World) -> None:
    a = cadence_services.cadence_of(world.practice_a)
    b = cadence_services.cadence_of(world.practice_b)
    assert a.pk != b.pk
    assert cadence_services.cadence_of(world.practice_a).pk == a.pk
    assert len(a.steps) == 6
