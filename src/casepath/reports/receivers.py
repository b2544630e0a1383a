"""Reports listens to the cases app: a case's figures follow its plan and decisions.

A new option or phase holds no procedures yet: saving one changes no figure, so only
changes to existing ones (the recommended option, a phase moved) sum the case again.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casepath.cases.models import Case, CaseOption, CasePhase, PlannedProcedure
from casepath.cases.signals import plan_changed
from casepath.reports.case_figures import case_figures_refresh


@receiver(plan_changed, sender=Case)
def plan_changed_in_bulk(sender: Any, case: Case, **kwargs: Any) -> None:
    case_figures_refresh(case.practice, case.pk)


@receiver(post_save, sender=PlannedProcedure)
@receiver(post_delete, sender=PlannedProcedure)
def procedure_changed(sender: Any, instance: PlannedProcedure, **kwargs: Any) -> None:
    if not _case_going(kwargs):
        case_figures_refresh(instance.practice, instance.case_id)


@receiver(post_save, sender=CaseOption)
@receiver(post_delete, sender=CaseOption)
def option_changed(sender: Any, instance: CaseOption, **kwargs: Any) -> None:
    if not kwargs.get("created") and not _case_going(kwargs):
        case_figures_refresh(instance.practice, instance.case_id)


@receiver(post_save, sender=CasePhase)
@receiver(post_delete, sender=CasePhase)
def phase_changed(sender: Any, instance: CasePhase, **kwargs: Any) -> None:
    if kwargs.get("created") or _case_going(kwargs):
        return
    option = CaseOption.objects.filter(pk=instance.option_id).values_list("case_id", flat=True)
    for case_id in option:
        case_figures_refresh(instance.practice, case_id)


def _case_going(signal: dict[str, Any]) -> bool:
    """Deleting the case itself removes its figures (cascade): nothing to sum again."""
    return isinstance(signal.get("origin"), Case)
