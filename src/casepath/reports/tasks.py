"""Background tasks of reports (django-tasks, database backend: `casepath worker`)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

RUN_AT = time(6, 0, tzinfo=UTC)


@task()
def make_due_monthly_reports() -> int:
    """Make the monthly reports due (on the 1st), then queue the next day's run."""
    from casepath.reports.monthly_due import monthly_reports_due

    now = timezone.now()
    made = monthly_reports_due(now)
    queue_monthly_reports(next_run(now))
    return len(made)


def next_run(now: datetime) -> datetime:
    """06:00 UTC on the day after `now`'s UTC day (every practice's 1st has begun by
    then from UTC-6 eastward; the run of the 2nd catches up zones further west)."""
    day = now.astimezone(UTC).date() + timedelta(days=1)
    return datetime.combine(day, RUN_AT)


def queue_monthly_reports(when: datetime | None = None) -> None:
    """Queue a run for `when` (now when None), unless a run is already waiting."""
    from django_tasks_db.models import DBTaskResult

    name = make_due_monthly_reports.module_path
    waiting = DBTaskResult.objects.filter(task_path=name, status="READY").exists()
    if waiting:
        return
    later = make_due_monthly_reports
    if when is not None and when > timezone.now():
        later = later.using(run_after=when)
    later.enqueue()
