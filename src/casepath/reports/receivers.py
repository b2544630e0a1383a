"""Reports listens to the cases app: a case's figures follow its plan and decisions."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casepath.cases.models import Case, CaseOption, CasePhase, PlannedProcedure
from casepath.cases.signals import plan_changed
from casepath.reports.case_figures import case_figures_refresh


@receiver(plan_changed, sender=Case)
def plan_changed_in_bulk(sender: Any, case: Case, **kwargs: Any) -> None:
    case_figures_refresh(case)


@receiver(post_save, sender=PlannedProcedure)
@receiver(post_delete, sender=PlannedProcedure)
def procedure_changed(sender: Any, instance: PlannedProcedure, **kwargs: Any) -> None:
    _refresh(instance.case_id, kwargs)


@receiver(post_save, sender=CasePhase)
@receiver(post_delete, sender=CasePhase)
@receiver(post_save, sender=CaseOption)
@receiver(post_delete, sender=CaseOption)
def option_changed(sender: Any, instance: CasePhase | CaseOption, **kwargs: Any) -> None:
    if isinstance(instance, CaseOption):
        _refresh(instance.case_id, kwargs)
        return
    option = CaseOption.objects.filter(pk=instance.option_id).values_list("case_id", flat=True)
    for case_id in option:
        _refresh(case_id, kwargs)


def _refresh(case_id: int, signal: dict[str, Any]) -> None:
    # Deleting the case itself removes its figures (cascade): nothing to sum again.
    if isinstance(signal.get("origin"), Case):
        return
    case = Case.objects.filter(pk=case_id).select_related("practice").first()
    if case is not None:
        case_figures_refresh(case)
