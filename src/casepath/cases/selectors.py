"""Reads for cases. Every query starts from `scoped()`."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from casepath.cases.models import (
    Case,
    CaseOption,
    CasePhase,
    CaseQuestion,
    CaseSettings,
    PlannedProcedure,
)
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped


def case_settings(practice: Practice) -> CaseSettings:
    """The practice's case rules (made with the defaults the first time)."""
    found = scoped(CaseSettings, practice).first()
    if found is None:
        found = CaseSettings(practice=practice)
        found.save()
    return found


def procedures_of_option(option: CaseOption) -> list[PlannedProcedure]:
    return list(
        scoped(PlannedProcedure, option.practice)
        .filter(phase__option=option)
        .order_by("phase__position", "phase__pk", "position", "pk")
    )


def case_plan(case: Case) -> list[CaseOption]:
    """The options of a case, each with its phases and their procedures (3 queries)."""
    practice = case.practice
    procedures = scoped(PlannedProcedure, practice).select_related("provider")
    phases = scoped(CasePhase, practice).prefetch_related(Prefetch("procedures", procedures))
    return list(
        scoped(CaseOption, practice)
        .filter(case=case)
        .prefetch_related(Prefetch("phases", phases))
        .order_by("position", "pk")
    )


def cases_of(practice: Practice) -> QuerySet[Case]:
    return scoped(Case, practice).select_related(
        "patient", "diagnosing_provider", "coordinator", "accepted_option"
    )


def open_questions(practice: Practice) -> QuerySet[CaseQuestion]:
    return (
        scoped(CaseQuestion, practice)
        .filter(answered_at=None)
        .select_related("case", "case__patient", "case__coordinator")
    )
