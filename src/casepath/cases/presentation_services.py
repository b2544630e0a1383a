"""Presenting a case: the plan, estimated again and frozen as the patient sees it.

Every presentation is kept; presenting again adds one with the next number. The
snapshot (snapshot.py, format in its docstring) is what the presentation mode, the
patient page, the consent and the consult packet show, never the live plan. Patient
links: links.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max

from casepath.cases import plan_services
from casepath.cases.events import case_event
from casepath.cases.models import (
    Case,
    CaseQuestion,
    EventKind,
    PlannedProcedure,
    Presentation,
    PresentationMode,
)
from casepath.cases.selectors import case_settings, procedures_of_option
from casepath.cases.signals import plan_changed
from casepath.cases.snapshot import build_snapshot, fingerprint
from casepath.core.cases import CaseStatus, Decision, check_transition, expiry_date
from casepath.core.errors import CasepathError
from casepath.core.explain import language_of


@transaction.atomic
def present_case(
    *, acting_user: Any, case: Case, mode: str, today: date, now: datetime
) -> Presentation:
    """Present `case` today: estimate every option again, freeze it, and move the case
    to presented. CasepathError (at "status", "options" or "mode") when it cannot be."""
    case = Case.objects.select_for_update().select_related("patient", "practice").get(pk=case.pk)
    before = case.status
    check_transition(before, CaseStatus.PRESENTED)
    if mode not in PresentationMode.values:
        raise CasepathError.at("mode", "Choose in person or remote.")
    _check_plan(case)
    options = plan_services.case_estimate(acting_user=acting_user, case=case, as_of=today)
    expires_on = expiry_date(today, case_settings(case.practice).expiry_days)
    language = language_of(case.patient.preferred_language)
    snapshot = build_snapshot(case, options, today=today, expires_on=expires_on, language=language)
    presentation = Presentation(
        practice=case.practice,
        case=case,
        number=_next_number(case),
        presented_at=now,
        presented_by=acting_user,
        mode=mode,
        plan_version=case.plan_version,
        language=language,
        estimated_on=today,
        expires_on=expires_on,
        snapshot=snapshot,
        fingerprint=fingerprint(snapshot),
    )
    presentation.full_clean()
    presentation.save()
    _mark_presented(case, acting_user, presentation, before)
    return presentation


def _check_plan(case: Case) -> None:
    """What presenting needs beyond the lifecycle: options, each with procedures."""
    options = list(case.options.all())
    if not options:
        raise CasepathError.at("options", "Add at least one option before presenting.")
    for option in options:
        if not procedures_of_option(option):
            raise CasepathError.at("options", f"The option “{option.name}” has no procedures.")
    if sum(o.is_recommended for o in options) != 1:
        raise CasepathError.at("options", "Mark one option as recommended.")


def _next_number(case: Case) -> int:
    last = case.presentations.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def _mark_presented(case: Case, acting_user: Any, presentation: Presentation, before: str) -> None:
    case.status = CaseStatus.PRESENTED
    case.status_changed_at = presentation.presented_at
    case.presented_on = presentation.estimated_on
    case.expires_on = presentation.expires_on
    case.first_presenter = case.first_presenter or acting_user
    case.last_presenter = acting_user
    # An earlier decision was on an earlier plan: the patient decides again (the timeline
    # keeps what they decided then).
    case.accepted_option, case.acceptance, case.decided_on = None, "", None
    case.decline_reason, case.decline_detail = "", ""
    PlannedProcedure.objects.filter(case=case).update(decision=Decision.UNDECIDED)
    plan_changed.send(sender=Case, case=case)
    case.full_clean()
    case.save()
    mode = presentation.get_mode_display().lower()
    case_event(
        case,
        kind=EventKind.PRESENTED,
        actor=acting_user,
        summary=f"Presented {mode} (presentation {presentation.number}, plan version "
        f"{presentation.plan_version}); the estimate holds until "
        f"{presentation.expires_on:%m/%d/%Y}",
        from_status=before,
        to_status=CaseStatus.PRESENTED,
        data={"presentation": presentation.number, "fingerprint": presentation.fingerprint},
    )


@transaction.atomic
def question_answer(
    *, acting_user: Any, question: CaseQuestion, note: str, now: datetime
) -> CaseQuestion:
    """Close a patient's question with a note of how it was answered."""
    if question.answered_at is not None:
        raise CasepathError.at("note", "This question is already answered.")
    if not note.strip():
        raise CasepathError.at("note", "Say how the question was answered.")
    question.answered_at = now
    question.answered_by = acting_user
    question.answer_note = note.strip()
    question.full_clean(exclude=["link"])  # a link deleted since leaves it empty
    question.save(update_fields=["answered_at", "answered_by", "answer_note", "updated_at"])
    case_event(
        question.case,
        kind=EventKind.QUESTION,
        actor=acting_user,
        summary=f"Answered the patient's question: {question.answer_note[:200]}",
        data={"question": question.pk},
    )
    return question
