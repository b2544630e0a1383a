"""Re-estimating every open estimate that depends on a changed fee schedule or plan.

`reestimate_start` records a run and queues the background task once the change
is committed; `reestimate_run` lists the estimates and queues them in parts that
every running worker shares, each part adding to the run's progress so the page
can show it. An estimate depends on the office fee
schedule it was priced from, on its treating provider's own schedule (the one it
was priced from, or one the provider has since been given), and on the plans of
the coverages it used (a PPO schedule through the plans that allow it).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from casepath.estimates.bulk import recompute_batch
from casepath.estimates.models import Estimate, EstimateStatus, ReestimateRun, RunStatus
from casepath.estimates.selectors import practice_files
from casepath.insurance.models import FeeSchedule, FeeScheduleKind, InsurancePlan
from casepath.tenancy.scoping import scoped

BATCH = 1000


def reestimate_start(
    *,
    reason: str,
    as_of: date,
    fee_schedule: FeeSchedule | None = None,
    plan: InsurancePlan | None = None,
) -> ReestimateRun | None:
    """Record a run for the change and queue it after the change commits.

    None when no open estimate depends on what changed.
    """
    owner = fee_schedule or plan
    if owner is None:
        raise ValueError("a run is about a fee schedule or a plan")
    run = ReestimateRun(
        practice=owner.practice,
        reason=reason[:200],
        fee_schedule=fee_schedule,
        plan=plan,
        as_of=as_of,
    )
    if not dependents(run).exists():
        return None
    run.save()
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from casepath.estimates.tasks import reestimate

    reestimate.enqueue(run_id)


def dependents(run: ReestimateRun) -> QuerySet[Estimate]:
    """The open estimates that the run's fee schedule or plan was used for."""
    estimates = scoped(Estimate, run.practice).filter(status=EstimateStatus.OPEN)
    if run.plan_id:
        return estimates.filter(plans=run.plan_id)
    schedule = run.fee_schedule_id
    plans = scoped(InsurancePlan, run.practice).filter(allowed_fees=schedule)
    owner = scoped(FeeSchedule, run.practice).filter(pk=schedule, kind=FeeScheduleKind.OFFICE)
    return estimates.filter(
        Q(fee_schedule=schedule)
        | Q(provider_fee_schedule=schedule)
        | Q(provider__in=owner.values("provider_id"))
        | Q(plans__in=plans)
    ).distinct()


def reestimate_run(run_id: int) -> ReestimateRun:
    """Start a run: a small one is done at once, a large one is split into parts that
    any number of workers share. A failure is recorded on the run, then raised."""
    run = ReestimateRun.objects.select_related("practice").get(pk=run_id)
    ids = list(dependents(run).order_by("pk").values_list("pk", flat=True))
    _progress(run, status=RunStatus.RUNNING, started_at=timezone.now(), estimates_total=len(ids))
    if len(ids) > BATCH:
        for part in _chunks(ids, BATCH):
            _enqueue_part(run.pk, list(part))
    else:
        reestimate_part(run.pk, ids)
    run.refresh_from_db()
    return run


def reestimate_part(run_id: int, estimate_ids: Sequence[int]) -> int:
    """Re-estimate one part of a run and add it to the run's progress."""
    run = ReestimateRun.objects.select_related("practice").get(pk=run_id)
    try:
        files = practice_files(run.practice)
        done = recompute_batch(run.practice, files, estimate_ids, run.as_of)
    except Exception as error:
        _progress(run, status=RunStatus.FAILED, problem=str(error)[:2000])
        raise
    _add_progress(run_id, len(estimate_ids), done)
    return done


def _enqueue_part(run_id: int, estimate_ids: list[int]) -> None:
    from casepath.estimates.tasks import reestimate_part as part_task

    part_task.enqueue(run_id, estimate_ids)


@transaction.atomic
def _add_progress(run_id: int, estimates: int, procedures: int) -> None:
    """Parts finish in any order, in any worker: add under a row lock."""
    run = ReestimateRun.objects.select_for_update().get(pk=run_id)
    run.estimates_done += estimates
    run.procedures_done += procedures
    finished = run.status == RunStatus.RUNNING and run.estimates_done >= run.estimates_total
    if finished:
        run.status, run.finished_at = RunStatus.FINISHED, timezone.now()
    _progress(run)


def _progress(run: ReestimateRun, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    names = ["estimates_done", "procedures_done", "status", "finished_at", "updated_at", *fields]
    run.save(update_fields=sorted(set(names)))


def _chunks(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
