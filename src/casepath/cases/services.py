"""Writes for a case as a whole: open it, change its header, move it through its
lifecycle, record the decision. Each runs in a transaction and lands on the timeline
and the audit trail (events.case_event). Plans: plan_services.py. Presenting and the
patient link: presentation_services.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases.events import case_event
from casepath.cases.models import (
    Acceptance,
    Case,
    CaseNote,
    CaseSettings,
    EventKind,
    PlannedProcedure,
)
from casepath.cases.selectors import case_settings, procedures_of_option
from casepath.cases.signals import plan_changed
from casepath.core.cases import (
    CaseStatus,
    Decision,
    acceptance_kind,
    check_decline,
    check_transition,
    is_expired,
)
from casepath.core.errors import CasepathError
from casepath.patients.models import Patient
from casepath.tenancy.models import Provider

HEADER_FIELDS = (
    "title",
    "case_type",
    "urgency",
    "diagnosing_provider",
    "coordinator",
    "diagnosed_on",
    "chief_concern",
    "goals",
    "missing_teeth",
)


@transaction.atomic
def case_create(
    *, acting_user: Any, patient: Patient, diagnosing_provider: Provider, **header: Any
) -> Case:
    """Open a draft case for `patient` (header: the other HEADER_FIELDS)."""
    case = Case(practice=patient.practice, patient=patient, diagnosing_provider=diagnosing_provider)
    for name, value in header.items():
        if name not in HEADER_FIELDS:
            raise TypeError(f"case_create() got an unexpected field {name!r}")
        setattr(case, name, value)
    _check_people(case)
    case.full_clean()
    case.save()
    case_event(
        case,
        kind=EventKind.CREATED,
        actor=acting_user,
        summary=f"Opened the case “{case.title}”",
        to_status=case.status,
        action=Action.CREATE,
    )
    return case


@transaction.atomic
def case_update(*, acting_user: Any, case: Case, **header: Any) -> Case:
    """Change the header fields given (never the status: see case_move)."""
    before = {name: getattr(case, name) for name in header}
    for name, value in header.items():
        if name not in HEADER_FIELDS:
            raise TypeError(f"case_update() got an unexpected field {name!r}")
        setattr(case, name, value)
    _check_people(case)
    case.full_clean()
    case.save()
    changed = [name for name in header if before[name] != getattr(case, name)]
    if changed:
        case_event(
            case,
            kind=EventKind.REVISED,
            actor=acting_user,
            summary=f"Changed the case's {', '.join(n.replace('_', ' ') for n in changed)}",
        )
    return case


@transaction.atomic
def case_move(*, acting_user: Any, case: Case, to: str, note: str = "") -> Case:
    """Move the case along its lifecycle; CasepathError at "status" when not allowed."""
    case = _locked(case)
    target = check_transition(case.status, to)
    if target == CaseStatus.READY:
        _check_ready(case)
    if target == CaseStatus.PRESENTED:
        raise CasepathError.at("status", "Present a case from its Present page.")
    if target == CaseStatus.DECLINED or (
        target == CaseStatus.ACCEPTED and case.status != CaseStatus.SCHEDULED
    ):
        raise CasepathError.at("status", "Record the patient's decision with Accept or Decline.")
    return _move(case, target, acting_user, note)


@transaction.atomic
def case_accept(
    *,
    acting_user: Any,
    case: Case,
    option_id: int,
    declined_procedure_ids: frozenset[int] = frozenset(),
    decided_on: date,
    by_patient: bool = False,
) -> Case:
    """The patient accepts `option_id`, whole or in part (the procedures not declined)."""
    case = _locked(case)
    check_transition(case.status, CaseStatus.ACCEPTED)
    option = case.options.filter(pk=option_id).first()
    if option is None:
        raise CasepathError.at("option", "Choose one of this case's options.")
    procedures = procedures_of_option(option)
    if not procedures:
        raise CasepathError.at("option", f"The option “{option.name}” has no procedures.")
    unknown = declined_procedure_ids - {p.pk for p in procedures}
    if unknown:
        raise CasepathError.at("procedures", "Decline only procedures of the chosen option.")
    decisions = _decide(case, procedures, declined_procedure_ids)
    kind = acceptance_kind(decisions)
    if kind == "none":
        raise CasepathError.at("procedures", "Accept at least one procedure, or decline the case.")
    case.accepted_option = option
    case.acceptance = Acceptance.WHOLE if kind == "whole" else Acceptance.PART
    case.decided_on = decided_on
    case.decline_reason, case.decline_detail = "", ""
    words = "the whole of" if kind == "whole" else "part of"
    summary = f"Accepted {words} “{option.name}”"
    return _move(case, CaseStatus.ACCEPTED, None if by_patient else acting_user, "", summary)


@transaction.atomic
def case_decline(
    *, acting_user: Any, case: Case, reason: str, detail: str = "", decided_on: date
) -> Case:
    """The patient declines the case; it stays reportable but leaves the work queues."""
    case = _locked(case)
    check_transition(case.status, CaseStatus.DECLINED)
    check_decline(reason, detail)
    scope = PlannedProcedure.objects.filter(case=case)
    scope.update(decision=Decision.DECLINED)
    plan_changed.send(sender=Case, case=case)
    case.decline_reason, case.decline_detail = reason, detail.strip()
    case.accepted_option, case.acceptance, case.decided_on = None, "", decided_on
    return _move(case, CaseStatus.DECLINED, acting_user, detail, f"Declined ({reason})")


@transaction.atomic
def case_note_add(*, acting_user: Any, case: Case, kind: str, text: str) -> CaseNote:
    if not text.strip():
        raise CasepathError.at("text", "Write the note.")
    note = CaseNote(practice=case.practice, case=case, kind=kind, text=text.strip())
    note.author = acting_user
    note.full_clean()
    note.save()
    case_event(
        case,
        kind=EventKind.NOTE,
        actor=acting_user,
        summary=f"{note.get_kind_display()}: {note.text[:200]}",
        data={"note": note.pk},
    )
    return note


@transaction.atomic
def case_settings_update(
    *, acting_user: Any, practice: Any, expiry_days: int, link_days: int
) -> CaseSettings:
    """Change how long a presented case and a patient link stay open."""
    rules = case_settings(practice)
    before = {"expiry_days": rules.expiry_days, "link_days": rules.link_days}
    rules.expiry_days, rules.link_days = expiry_days, link_days
    rules.full_clean()
    rules.save()
    audit_record(
        practice=practice,
        actor=acting_user,
        action=Action.UPDATE,
        target=rules,
        summary=f"Cases expire {expiry_days} days after presenting; links {link_days} days",
        changes={name: {"before": before[name], "after": getattr(rules, name)} for name in before},
    )
    return rules


def cases_expire(*, practice: Any, today: date) -> int:
    """Expire every presented or pending case whose last presentation is too old."""
    days = case_settings(practice).expiry_days
    due = Case.objects.filter(
        practice=practice, status__in=[CaseStatus.PRESENTED, CaseStatus.PENDING]
    ).exclude(presented_on=None)
    expired = 0
    for case in due:
        if is_expired(case.presented_on, days, today):
            with transaction.atomic():
                _move(
                    _locked(case),
                    CaseStatus.EXPIRED,
                    None,
                    "",
                    "Expired: no decision in time",
                    nobody="system",
                )
            expired += 1
    return expired


def _move(
    case: Case, target: str, actor: Any, note: str, summary: str = "", nobody: str = "patient"
) -> Case:
    before = case.status
    case.status = target
    case.status_changed_at = timezone.now()
    case.full_clean()
    case.save()
    words = summary or f"Moved from {_label(before)} to {_label(target)}"
    case_event(
        case,
        kind=EventKind.STATUS,
        actor=actor,
        summary=f"{words}. {note}".strip() if note else words,
        from_status=before,
        to_status=target,
        nobody=nobody,
    )
    return case


def _decide(case: Case, procedures: list[PlannedProcedure], declined: frozenset[int]) -> list[str]:
    PlannedProcedure.objects.filter(case=case).update(decision=Decision.UNDECIDED)
    decisions: Mapping[int, str] = {
        p.pk: Decision.DECLINED if p.pk in declined else Decision.ACCEPTED for p in procedures
    }
    for value in (Decision.ACCEPTED, Decision.DECLINED):
        ids = [pk for pk, decision in decisions.items() if decision == value]
        PlannedProcedure.objects.filter(pk__in=ids).update(decision=value)
    plan_changed.send(sender=Case, case=case)
    return list(decisions.values())


def _check_ready(case: Case) -> None:
    options = list(case.options.all())
    if not options:
        raise CasepathError.at("options", "Add at least one option before marking it ready.")
    for option in options:
        if not procedures_of_option(option):
            raise CasepathError.at("options", f"The option “{option.name}” has no procedures.")
    if sum(o.is_recommended for o in options) != 1:
        raise CasepathError.at("options", "Mark one option as recommended.")


def _check_people(case: Case) -> None:
    if case.diagnosing_provider.practice_id != case.practice_id:
        raise CasepathError.at("diagnosing_provider", "Choose a provider of this practice.")
    if case.patient.practice_id != case.practice_id:
        raise CasepathError.at("patient", "Choose a patient of this practice.")


def _locked(case: Case) -> Case:
    """The case row, locked for this transaction (two TCs cannot race a transition)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def _label(status: str) -> str:
    return Case(status=status).get_status_display().lower()
