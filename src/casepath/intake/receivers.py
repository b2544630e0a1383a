"""The pipeline ends when the provider opens a case for a handed-off new patient: the
case is linked, the intake moves to "case created", and the case inherits the chief
concern and the goals heard at intake (unless the provider already wrote them)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from casepath.cases.models import Case
from casepath.cases.signals import case_moved
from casepath.core.intake import Stage
from casepath.intake.models import Intake
from casepath.intake.services import intake_move
from casepath.tenancy.scoping import scoped


@receiver(case_moved, sender=Case, dispatch_uid="intake.case_opened")
def case_opened(sender: Any, *, case: Case, from_status: str, actor: Any, **_: Any) -> None:
    if from_status:  # only the case's first event (opened as a draft)
        return
    intake = (
        scoped(Intake, case.practice)
        .filter(patient_id=case.patient_id, stage=Stage.HANDED_OFF, case__isnull=True)
        .order_by("-handed_off_at")
        .first()
    )
    if intake is None:
        return
    inherit_from_intake(case, intake)
    intake.case = case
    intake.save(update_fields=["case", "updated_at"])
    intake_move(
        intake=intake,
        to_stage=Stage.CASE_CREATED,
        acting_user=actor,
        now=timezone.now(),
        note=f"case “{case.title}”",
    )


def inherit_from_intake(case: Case, intake: Intake) -> None:
    changed = []
    if not case.chief_concern.strip() and intake.chief_concern:
        case.chief_concern, changed = intake.chief_concern, [*changed, "chief_concern"]
    goals = inherited_goals(intake)
    if not case.goals.strip() and goals:
        case.goals, changed = goals, [*changed, "goals"]
    if changed:
        case.save(update_fields=[*changed, "updated_at"])


def inherited_goals(intake: Intake) -> str:
    """The case's goals from intake: the goals, what matters most, fears."""
    return "\n".join(x for x in (intake.goals, _more(intake)) if x)


def _more(intake: Intake) -> str:
    parts = []
    if intake.what_matters:
        parts.append(f"What matters most: {intake.what_matters}")
    if intake.fears:
        parts.append(f"Fears or anxiety: {intake.fears}")
    return "\n".join(parts)
