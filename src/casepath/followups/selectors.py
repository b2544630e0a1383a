"""Reads for follow-up tasks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from casepath.followups.models import Task, TaskStatus
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped
from casepath.tenancy.selectors import staff_of

ROW_RELATED = ("patient", "case", "owner", "closed_by")
# Today's and overdue tasks: the most at stake first, then the soonest due.
RANKED = ("-value_at_stake", "due_at", "-priority", "pk")


def open_tasks(practice: Practice) -> QuerySet[Task]:
    """Open tasks, soonest due first, with what a list shows."""
    return (
        scoped(Task, practice)
        .filter(status=TaskStatus.OPEN)
        .select_related("patient", "case", "owner")
        .order_by("due_at", "-priority", "pk")
    )


def tasks_of_case(practice: Practice, case: Any) -> QuerySet[Task]:
    return scoped(Task, practice).filter(case=case).select_related("owner", "closed_by")


@dataclass(frozen=True)
class TaskRow:
    """A task as a list shows it: late or not, and by how many of the practice's days."""

    task: Task
    overdue: bool
    days_overdue: int


@dataclass(frozen=True)
class Worklist:
    """Open tasks due by the end of today, the most at stake first, then the later ones."""

    due: list[TaskRow]
    later: list[TaskRow]
    due_count: int
    later_count: int


def worklist(
    practice: Practice,
    *,
    now: datetime,
    user: Any = None,
    limit: int = 100,
    later: bool = True,
    later_limit: int | None = None,
) -> Worklist:
    """The open tasks of `user` (theirs and nobody's), or of all staff when `user` is None.

    At most three queries whatever the number of tasks: both counts, then each list
    (`limit` rows at most; the later ones `later_limit` if given, and only if `later`).
    Today's and overdue tasks come the most at stake first (the call most likely to
    bring treatment forward), then soonest due, then the highest priority; later ones
    soonest due first.
    """
    tasks = worklist_tasks(practice, user)
    end = end_of_day(practice, now)
    counts = tasks.aggregate(
        due=Count("pk", filter=Q(due_at__lt=end)), later=Count("pk", filter=Q(due_at__gte=end))
    )
    due = due_ranked(tasks, end, limit) if counts["due"] else []
    after = due_later(tasks, end, later_limit or limit) if counts["later"] and later else []
    return Worklist(
        due=task_rows(practice, due, now),
        later=task_rows(practice, after, now),
        due_count=counts["due"],
        later_count=counts["later"],
    )


def due_ranked(tasks: QuerySet[Task], end: datetime, limit: int) -> QuerySet[Task]:
    """The first `limit` tasks due before `end`, the most at stake first."""
    return _first(tasks.filter(due_at__lt=end).order_by(*RANKED), limit)


def due_later(tasks: QuerySet[Task], end: datetime, limit: int) -> QuerySet[Task]:
    """The first `limit` tasks due from `end` on, soonest first."""
    return _first(tasks.filter(due_at__gte=end), limit)


def _first(tasks: QuerySet[Task], limit: int) -> QuerySet[Task]:
    """The first `limit` tasks in their order, chosen before their patients and cases are
    joined: the database sorts the tasks alone (through an index), then reads `limit`
    patients and cases instead of joining all of them to sort."""
    chosen = tasks.select_related(None).values("pk")[:limit]
    return tasks.filter(pk__in=chosen)


def worklist_tasks(practice: Practice, user: Any = None) -> QuerySet[Task]:
    """Open tasks of `user` (theirs and nobody's), or of all staff when `user` is None."""
    tasks = open_tasks(practice)
    if user is not None:
        tasks = tasks.filter(Q(owner=user) | Q(owner__isnull=True))
    return tasks


def end_of_day(practice: Practice, now: datetime) -> datetime:
    """Midnight after `now`, in the practice's time zone."""
    zone = ZoneInfo(practice.time_zone)
    tomorrow = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(tomorrow, time.min, tzinfo=zone)


def task_rows(practice: Practice, tasks: Iterable[Task], now: datetime) -> list[TaskRow]:
    """Each task with its lateness, counted in the practice's days."""
    zone = ZoneInfo(practice.time_zone)
    today = now.astimezone(zone).date()
    rows = []
    for task in tasks:
        late = task.status == TaskStatus.OPEN and task.due_at < now
        days = (today - task.due_at.astimezone(zone).date()).days if late else 0
        rows.append(TaskRow(task=task, overdue=late, days_overdue=max(0, days)))
    return rows


def case_task_rows(
    practice: Practice, case: Any, now: datetime
) -> tuple[list[TaskRow], list[Task]]:
    """A case's open tasks (soonest due first) and its closed ones (latest first)."""
    tasks = list(tasks_of_case(practice, case).order_by("due_at", "-priority", "pk"))
    closed = [t for t in tasks if t.status != TaskStatus.OPEN]
    closed.sort(key=lambda t: (t.closed_at or t.updated_at, t.pk), reverse=True)
    opened = [t for t in tasks if t.status == TaskStatus.OPEN]
    return task_rows(practice, opened, now), closed


def task_row(practice: Practice, task_id: int, now: datetime) -> TaskRow:
    """One task of the practice with what its row shows (404 outside the practice)."""
    task = get_scoped_or_404(Task, practice, task_id, related=ROW_RELATED)
    return task_rows(practice, [task], now)[0]


def check_tasks_of(practice: Practice, task_ids: Iterable[int]) -> None:
    """404 unless every id names a task of the practice (another practice's task is
    never found, whatever else is asked with it)."""
    wanted = set(task_ids)
    if scoped(Task, practice).filter(pk__in=wanted).count() != len(wanted):
        raise Http404("No such task")


def staff_to_own(practice: Practice) -> QuerySet[Any]:
    """The users on the practice's active staff: who can own its tasks."""
    members = staff_of(practice).filter(is_active=True, user__is_active=True)
    users = get_user_model()._default_manager
    return users.filter(pk__in=members.values("user_id")).order_by(
        "first_name", "last_name", "username"
    )
