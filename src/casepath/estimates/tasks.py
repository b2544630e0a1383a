"""Background tasks (django-tasks, database backend: `casepath worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from casepath.estimates.runs import reestimate_part as _part
from casepath.estimates.runs import reestimate_run


@task()
def reestimate(run_id: int) -> int:
    """Re-estimate what a fee schedule or plan change affects (a large run queues parts)."""
    return reestimate_run(run_id).estimates_total


@task()
def reestimate_part(run_id: int, estimate_ids: list[int]) -> int:
    """One part of a run; returns the procedures it re-estimated."""
    return _part(run_id, estimate_ids)
