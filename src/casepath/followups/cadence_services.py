"""Cadences at work: a run starts when a case is presented, opens one step's task at a
time, moves on when that task is closed, and stops when the case no longer waits for
the patient. Also the practice's cadence settings and the time agreed with a patient.

The receivers (receivers.py) call these from `case_moved` and `task_closed`, inside the
transaction of the service that sent them; opening twice for the same event gives the
same run and the same task (the task's key names the run and the step).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.cases.models import Case, CaseOption
from casepath.cases.selectors import procedures_of_option
from casepath.core.errors import CasepathError, FieldError
from casepath.core.followups import (
    DEFAULT_PRESENTED,
    Step,
    check_steps,
    next_step,
    open_at,
    step_title,
    steps_json,
    value_at_stake,
)
from casepath.core.money import ZERO
from casepath.followups.cadence_models import Cadence, CadenceReason, CadenceRun, StopReason
from casepath.followups.models import (
    Outcome,
    Priority,
    Task,
    TaskKind,
    TaskReason,
    TaskStatus,
)
from casepath.followups.services import task_open, tasks_cancel
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

DEFAULTS = {CadenceReason.PRESENTED: ("Presented, not accepted", DEFAULT_PRESENTED)}
# A call that reached the patient and ended in a decision ends the cadence: the TC
# records the decision on the case.
DECIDED = {
    Outcome.SCHEDULED: StopReason.REACHED_SCHEDULED,
    Outcome.DECLINED: StopReason.REACHED_DECLINED,
}


def cadence_of(practice: Practice, reason: str = CadenceReason.PRESENTED) -> Cadence:
    """The practice's cadence for `reason`, made with the default the first time."""
    found = scoped(Cadence, practice).filter(reason=reason).first()
    if found is not None:
        return found
    name, steps = DEFAULTS[CadenceReason(reason)]
    made = Cadence(practice=practice, reason=reason, name=name, steps=steps_json(steps))
    try:
        with transaction.atomic():
            made.save()
    except IntegrityError:  # made by a concurrent request
        return scoped(Cadence, practice).get(reason=reason)
    return made


def steps_of(cadence_or_run: Cadence | CadenceRun) -> tuple[Step, ...]:
    return check_steps(cadence_or_run.steps)


@transaction.atomic
def cadence_update(
    *,
    acting_user: Any,
    practice: Practice,
    reason: str,
    name: str,
    steps: Sequence[Mapping[str, object]],
    is_active: bool,
) -> Cadence:
    """Change the practice's cadence; CasepathError naming every bad field (nothing saved).
    Runs already started keep the steps they started with."""
    problems = [] if name.strip() else [FieldError("name", "Give the cadence a name.")]
    try:
        checked = steps_json(check_steps(steps))
    except CasepathError as refused:
        problems += refused.errors
    if problems:
        raise CasepathError(*problems)
    cadence = scoped(Cadence, practice).select_for_update().get(pk=cadence_of(practice, reason).pk)
    before = {"name": cadence.name, "steps": cadence.steps, "active": cadence.is_active}
    after = {"name": name.strip(), "steps": checked, "active": is_active}
    changes = diff(before, after)
    if changes:
        cadence.name, cadence.steps, cadence.is_active = after["name"], checked, is_active
        cadence.full_clean()
        cadence.save()
        audit_record(
            practice=practice,
            actor=acting_user,
            action=Action.UPDATE,
            target=cadence,
            summary=f"Changed the follow-up cadence “{cadence.name}”: {', '.join(changes)}",
            changes=changes,
        )
    return cadence


def open_run_of(case: Case) -> CadenceRun | None:
    return (
        scoped(CadenceRun, case.practice)
        .filter(case=case, stopped_at__isnull=True)
        .select_related("cadence")
        .first()
    )


def last_run_of(case: Case) -> CadenceRun | None:
    return scoped(CadenceRun, case.practice).filter(case=case).select_related("cadence").first()


@transaction.atomic
def cadence_run_start(*, case: Case, now: datetime) -> CadenceRun | None:
    """Start the presented-case cadence (None when the practice turned it off); the case's
    open run if it has one."""
    cadence = cadence_of(case.practice)
    running = open_run_of(case)
    if running is not None or not cadence.is_active:
        return running
    run = CadenceRun(
        practice=case.practice, case=case, cadence=cadence, steps=cadence.steps, started_at=now
    )
    try:
        with transaction.atomic():
            run.save()
    except IntegrityError:  # started by a concurrent request
        return open_run_of(case)
    audit_record(
        practice=case.practice,
        actor=None,
        action=Action.CREATE,
        target=run,
        patient=case.patient,
        summary=f"Follow-up cadence “{cadence.name}” started for “{case.title}”",
    )
    _open_step(run, 1, now)
    return run


@transaction.atomic
def cadence_runs_stop(*, case: Case, reason: StopReason, now: datetime) -> int:
    """Stop the case's open run and cancel its open task; how many runs stopped."""
    running = (
        scoped(CadenceRun, case.practice)
        .select_for_update()
        .filter(case=case, stopped_at__isnull=True)
    )
    stopped = 0
    for run in running:
        run.case = case
        _stop(run, reason, now)
        stopped += 1
    return stopped


@transaction.atomic
def patient_opt_out(*, patient: Patient, now: datetime) -> int:
    """The patient asked not to be contacted: stop every run of theirs; how many."""
    cases = scoped(Case, patient.practice).filter(patient=patient, cadence_runs__stopped_at=None)
    return sum(
        cadence_runs_stop(case=case, reason=StopReason.OPTED_OUT, now=now)
        for case in cases.distinct().select_related("patient", "practice")
    )


@transaction.atomic
def cadence_step_closed(*, task: Task, now: datetime) -> Task | None:
    """A cadence's task was closed: open the next step, or stop the run (a decision was
    reached, the task was cancelled by hand, or it was the last step). The next task, if
    one opened. Closing any other task, or a step already passed, does nothing."""
    found = _run_and_step(task)
    if found is None:
        return None
    run, number = found
    stop = _stop_reason(task)
    upcoming = None if stop else next_step(steps_of(run), number)
    if upcoming is None:
        _stop(run, stop or StopReason.FINISHED, now)
        return None
    run.step = upcoming
    run.save(update_fields=["step", "updated_at"])
    return _open_step(run, upcoming, now)


def _run_and_step(task: Task) -> tuple[CadenceRun, int] | None:
    """The open run the task is the current step of (locked), and the step's number."""
    parts = task.key.split(":")
    if len(parts) != 4 or parts[0] != "cadence" or parts[2] != "step":
        return None
    if not (parts[1].isdigit() and parts[3].isdigit()):
        return None
    run = (
        scoped(CadenceRun, task.practice)
        .select_for_update()
        .filter(pk=int(parts[1]), stopped_at__isnull=True)
        .first()
    )
    if run is None or run.step != int(parts[3]):
        return None
    run.case = scoped(Case, task.practice).select_related("patient", "practice").get(pk=run.case_id)
    return run, run.step


def _stop_reason(task: Task) -> StopReason | None:
    if task.status == TaskStatus.CANCELLED:
        return StopReason.TASK_CANCELLED
    if task.status == TaskStatus.DONE:
        return DECIDED.get(Outcome(task.outcome)) if task.outcome else None
    return None


@transaction.atomic
def cadence_agree(*, acting_user: Any, run: CadenceRun, at: datetime, now: datetime) -> Task:
    """The patient agreed to be contacted `at`: step 1's open task (or the open step's,
    once step 1 is done) is moved there. CasepathError at "agreed_at" otherwise."""
    run = scoped(CadenceRun, run.practice).select_for_update().get(pk=run.pk)
    if run.stopped_at is not None:
        raise CasepathError.at("agreed_at", "This cadence has stopped: nothing to move.")
    if at < now:
        raise CasepathError.at("agreed_at", "Give a time from now on.")
    task = scoped(Task, run.practice).filter(key=run.step_key(run.step)).first()
    if task is None or task.status != TaskStatus.OPEN:
        raise CasepathError.at("agreed_at", "This cadence has no open task to move.")
    before = task.due_at
    run.agreed_at = at
    run.save(update_fields=["agreed_at", "updated_at"])
    task.due_at = at
    task.save(update_fields=["due_at", "updated_at"])
    audit_record(
        practice=run.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=task,
        patient=task.patient,
        summary=f"Follow-up time agreed with the patient: {task.title}",
        changes={"due_at": [before.isoformat(), at.isoformat()]},
    )
    return task


def _open_step(run: CadenceRun, number: int, now: datetime) -> Task:
    case, steps = run.case, steps_of(run)
    step = steps[number - 1]
    agreed = run.agreed_at if number == 1 else None
    task = task_open(
        practice=run.practice,
        key=run.step_key(number),
        reason=TaskReason.PRESENTED,
        title=step_title(step, number, len(steps), case.patient.display_name, case.title),
        patient=case.patient,
        case=case,
        owner=case.coordinator,
        kind=TaskKind(step.kind),
        priority=Priority.HIGH if number == 1 else Priority.NORMAL,
        due_at=open_at(run.started_at, steps, number, now, agreed),
    )
    stake = value_at_stake(_recommended_fees(case), case.status)
    if task.status == TaskStatus.OPEN and task.value_at_stake != stake:
        task.value_at_stake = stake
        task.save(update_fields=["value_at_stake", "updated_at"])
    return task


def _recommended_fees(case: Case) -> Decimal:
    """The recommended option's fees after discounts (0 without one)."""
    option = scoped(CaseOption, case.practice).filter(case=case, is_recommended=True).first()
    if option is None:
        return ZERO
    return sum((p.net_fee for p in procedures_of_option(option)), ZERO)


def _stop(run: CadenceRun, reason: StopReason, now: datetime) -> None:
    run.stopped_at, run.stop_reason = now, reason
    run.save(update_fields=["stopped_at", "stop_reason", "updated_at"])
    tasks_cancel(practice=run.practice, key_prefix=run.key_prefix, now=now, why=str(reason.label))
    audit_record(
        practice=run.practice,
        actor=None,
        action=Action.UPDATE,
        target=run,
        patient=run.case.patient,
        summary=f"Follow-up cadence stopped ({reason.label.lower()}) for “{run.case.title}”",
        changes={"stop_reason": reason.value},
    )
