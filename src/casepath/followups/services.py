"""Writes for follow-up tasks: open one for an event (idempotently), close it, cancel
the open ones of an event that no longer needs them. Each is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from casepath.audit.models import Action
from casepath.audit.services import audit_record, diff
from casepath.core.cases import DECLINE_LABELS, DeclineReason
from casepath.core.errors import CasepathError
from casepath.core.money import ZERO
from casepath.followups.assignment import next_in_turn
from casepath.followups.models import Outcome, Priority, Task, TaskKind, TaskReason, TaskStatus
from casepath.followups.signals import task_closed
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped
from casepath.tenancy.selectors import staff_of

CLOSED = (TaskStatus.DONE, TaskStatus.SKIPPED, TaskStatus.CANCELLED)


def task_open(
    *,
    practice: Practice,
    key: str,
    reason: TaskReason,
    title: str,
    patient: Patient,
    due_at: datetime,
    case: Any = None,
    owner: Any = None,
    kind: TaskKind = TaskKind.CALL,
    priority: Priority = Priority.NORMAL,
    value_at_stake: Decimal = ZERO,
) -> Task:
    """The task of the event `key`: made the first time, the same one every time after.
    `value_at_stake` ranks it on the worklist (core.followups.value_at_stake)."""
    existing = scoped(Task, practice).filter(key=key).first()
    if existing is not None:
        return existing
    task = Task(
        practice=practice,
        key=key,
        reason=reason,
        title=title[:200],
        patient=patient,
        case=case,
        owner=owner,
        due_at=due_at,
        kind=kind,
        priority=priority,
        value_at_stake=value_at_stake,
    )
    try:
        with transaction.atomic():
            if owner is None:  # the next person in turn, when the practice shares them out
                task.owner = next_in_turn(practice)
            task.save()
    except IntegrityError:  # opened by a concurrent request for the same event
        return scoped(Task, practice).get(key=key)
    audit_record(
        practice=practice,
        actor=None,
        action=Action.CREATE,
        target=task,
        patient=patient,
        summary=f"Task opened: {task.title}",
    )
    return task


@transaction.atomic
def task_close(
    *,
    acting_user: Any,
    task: Task,
    status: str,
    now: datetime,
    outcome: str = "",
    note: str = "",
    decline_reason: str = "",
) -> Task:
    """Done (with the call's outcome for a call; "reached and declined" says why),
    skipped or cancelled."""
    task = scoped(Task, task.practice).select_for_update().get(pk=task.pk)
    _check_close(task, status, outcome)
    reason = _decline_reason(outcome, decline_reason)
    task.status, task.outcome, task.closed_at, task.closed_by = status, outcome, now, acting_user
    task.decline_reason = reason
    if note.strip():
        task.note = note.strip()
    fields = ["status", "outcome", "decline_reason", "closed_at", "closed_by", "note"]
    task.save(update_fields=[*fields, "updated_at"])
    words = TaskStatus(status).label.lower()
    if outcome:
        words += f": {Outcome(outcome).label.lower()}"
    if reason:
        words += f" ({DECLINE_LABELS[DeclineReason(reason)].lower()})"
    audit_record(
        practice=task.practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=task,
        patient=task.patient,
        summary=f"Task {words}: {task.title}",
        changes={"status": status, "outcome": outcome},
    )
    task_closed.send(sender=Task, task=task, acting_user=acting_user)
    return task


def _check_close(task: Task, status: str, outcome: str) -> None:
    if task.status != TaskStatus.OPEN:
        raise CasepathError.at(
            "status", f"This task is already {task.get_status_display().lower()}."
        )
    if status not in CLOSED:
        raise CasepathError.at("status", "Close a task as done, skipped or cancelled.")
    if outcome and outcome not in Outcome.values:
        raise CasepathError.at("outcome", f"{outcome!r} is not an outcome of a call.")
    if status == TaskStatus.DONE and task.kind == TaskKind.CALL and not outcome:
        raise CasepathError.at("outcome", "Say how the call went.")


def _decline_reason(outcome: str, given: str) -> str:
    """The reason of a "reached and declined" call (required then, and only then kept)."""
    if outcome != Outcome.DECLINED:
        return ""
    if given not in DeclineReason.__members__.values():
        raise CasepathError.at("decline_reason", "Choose why the patient declined.")
    return given


def tasks_cancel(*, practice: Practice, key_prefix: str, now: datetime, why: str) -> int:
    """Cancel the open tasks of events starting with `key_prefix`; how many."""
    open_tasks = scoped(Task, practice).filter(key__startswith=key_prefix, status=TaskStatus.OPEN)
    count = 0
    for task in open_tasks.select_related("patient"):
        task.status, task.closed_at, task.note = TaskStatus.CANCELLED, now, why[:300]
        task.save(update_fields=["status", "closed_at", "note", "updated_at"])
        audit_record(
            practice=practice,
            actor=None,
            action=Action.UPDATE,
            target=task,
            patient=task.patient,
            summary=f"Task cancelled ({why}): {task.title}",
        )
        count += 1
    return count


@transaction.atomic
def tasks_reassign(
    *, acting_user: Any, practice: Practice, task_ids: Iterable[int], owner: Any
) -> list[Task]:
    """Give open tasks of the practice to `owner`, a member of its staff; each audited."""
    wanted = set(task_ids)
    if not wanted:
        raise CasepathError.at("tasks", "Tick the tasks to reassign.")
    if owner is None or not staff_of(practice).filter(user=owner, is_active=True).exists():
        raise CasepathError.at("owner", "Choose someone on this practice's staff.")
    tasks = list(
        scoped(Task, practice)
        .select_for_update(of=("self",))
        .select_related("patient", "owner")
        .filter(pk__in=wanted)
        .order_by("pk")
    )
    _check_reassign(tasks, wanted)
    for task in tasks:
        _reassign(acting_user, practice, task, owner)
    return tasks


def _check_reassign(tasks: list[Task], wanted: set[int]) -> None:
    if len(tasks) != len(wanted):
        raise CasepathError.at("tasks", "Some of these tasks are not of this practice.")
    closed = next((t for t in tasks if t.status != TaskStatus.OPEN), None)
    if closed is not None:
        raise CasepathError.at(
            "tasks",
            f"“{closed.title}” is already {closed.get_status_display().lower()}: "
            "only open tasks can be reassigned.",
        )


def _reassign(acting_user: Any, practice: Practice, task: Task, owner: Any) -> None:
    if task.owner_id == owner.pk:
        return
    before = _name(task.owner)
    task.practice, task.owner = practice, owner  # the practice: saving reads it
    task.save(update_fields=["owner", "updated_at"])
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=task,
        patient=task.patient,
        summary=f"Task reassigned to {_name(owner)}: {task.title}",
        changes=diff({"owner": before}, {"owner": _name(owner)}),
    )


def _name(user: Any) -> str | None:
    return (user.get_full_name() or user.get_username()) if user else None
