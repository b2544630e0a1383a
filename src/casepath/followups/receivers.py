"""How follow-ups react to other areas' events (connected in FollowupsConfig.ready).

A case presented starts its cadence; a case decided, expired or back to draft stops it;
a cadence's task closed opens the next step. Each runs inside the sender's transaction
and is idempotent: the same event twice gives the same run and the same task.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from casepath.cases.signals import case_moved
from casepath.core.cases import AWAITING_DECISION, CaseStatus
from casepath.followups import cadence_services
from casepath.followups.cadence_models import StopReason
from casepath.followups.signals import task_closed

STOPPED_BY = {
    CaseStatus.ACCEPTED: StopReason.ACCEPTED,
    CaseStatus.DECLINED: StopReason.DECLINED,
    CaseStatus.EXPIRED: StopReason.EXPIRED,
    CaseStatus.DRAFT: StopReason.DRAFT,
}


def connect() -> None:
    case_moved.connect(case_moved_cadence, dispatch_uid="followups.cadence.case_moved")
    task_closed.connect(task_closed_cadence, dispatch_uid="followups.cadence.task_closed")


def case_moved_cadence(
    sender: Any, *, case: Any, from_status: str, to_status: str, **kwargs: Any
) -> None:
    """Presented: start (the time it was presented is the start). Pending: it still waits
    for the patient, the run goes on. Anything else: the patient is no longer chased (a
    case just opened has nothing to stop)."""
    now = case.status_changed_at or timezone.now()
    if to_status == CaseStatus.PRESENTED:
        cadence_services.cadence_run_start(case=case, now=now)
    elif from_status and to_status not in AWAITING_DECISION:
        reason = STOPPED_BY.get(CaseStatus(to_status), StopReason.CASE_MOVED)
        cadence_services.cadence_runs_stop(case=case, reason=reason, now=now)


def task_closed_cadence(sender: Any, *, task: Any, **kwargs: Any) -> None:
    cadence_services.cadence_step_closed(task=task, now=task.closed_at or timezone.now())
