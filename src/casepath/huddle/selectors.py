"""Reads for the huddle: the day's list, the benefits-expiring list, imported schedules.

Both lists read in a constant number of queries whatever their length: the day's visits
(1), the patients' outstanding cases, options and planned fees (3), their coverages,
benefits used and plans (3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from casepath.core.huddle import (
    HUDDLE_KINDS,
    Candidate,
    Expiring,
    VisitKind,
    benefits_expiring,
    kind_from_reason,
    months_ending_within,
    over_threshold,
)
from casepath.core.huddle.visits import LABELS
from casepath.huddle.benefits import PrimaryBenefits, primary_benefits
from casepath.huddle.models import HuddleSettings, ImportedVisit, ScheduleImport
from casepath.huddle.outstanding import (
    CaseLine,
    case_lines,
    outstanding_cases,
    portion_of,
    total_of,
)
from casepath.insurance.models import Coverage
from casepath.patients.models import Patient, PatientStatus
from casepath.scheduling.models import Appointment
from casepath.scheduling.selectors import practice_zone, visits_between
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import get_scoped_or_404, scoped

LIST_LIMIT = 500
"""More patients than this on the benefits-expiring list is a sign to narrow the days."""


def huddle_settings(practice: Practice) -> HuddleSettings:
    """The practice's huddle rules (the defaults, unsaved, until someone changes them)."""
    found = scoped(HuddleSettings, practice).first()
    return found or HuddleSettings(practice=practice, organization_id=practice.organization_id)


def visit_kind(visit: Appointment) -> VisitKind:
    """The kind the schedule file gave, else the kind its reason says."""
    imported: ImportedVisit | None = getattr(visit, "huddle_visit", None)
    return VisitKind(imported.kind) if imported else kind_from_reason(visit.reason)


@dataclass(frozen=True)
class HuddleRow:
    visit: Appointment
    kind: VisitKind
    cases: list[CaseLine]
    outstanding: Decimal
    patient_portion: Decimal | None
    benefits: PrimaryBenefits | None

    @property
    def patient(self) -> Patient:
        return self.visit.patient

    @property
    def kind_label(self) -> str:
        return LABELS[self.kind]


@dataclass(frozen=True)
class Huddle:
    day: date
    threshold: Decimal
    rows: list[HuddleRow]
    patients_seen: int  # patients in hygiene and emergency visits that day


def huddle_for_day(practice: Practice, day: date, *, threshold: Decimal) -> Huddle:
    """Patients in the day's hygiene and emergency visits whose outstanding treatment
    comes to at least `threshold`, in the order they come in."""
    first_visits: dict[int, Appointment] = {}
    for visit in _day_visits(practice, day):
        if visit_kind(visit) in HUDDLE_KINDS:
            first_visits.setdefault(visit.patient_id, visit)
    lines = case_lines(practice, outstanding_cases(practice, list(first_visits)))
    chosen = {
        pid: found for pid, found in lines.items() if over_threshold(total_of(found), threshold)
    }
    births = {pid: first_visits[pid].patient.date_of_birth for pid in chosen}
    benefits = primary_benefits(practice, births, day)
    rows = [
        HuddleRow(
            visit=first_visits[pid],
            kind=visit_kind(first_visits[pid]),
            cases=found,
            outstanding=total_of(found),
            patient_portion=portion_of(found),
            benefits=benefits.get(pid),
        )
        for pid, found in chosen.items()
    ]
    rows.sort(key=lambda row: (row.visit.starts_at, row.visit.pk))
    return Huddle(day, threshold, rows, len(first_visits))


def _day_visits(practice: Practice, day: date) -> QuerySet[Appointment]:
    return visits_between(practice, day, day, practice_zone(practice)).select_related(
        "huddle_visit"
    )


@dataclass(frozen=True)
class ExpiringRow:
    patient: Patient
    expiring: Expiring
    benefits: PrimaryBenefits
    cases: list[CaseLine]


@dataclass(frozen=True)
class ExpiringList:
    as_of: date
    within_days: int
    rows: list[ExpiringRow]
    truncated: bool


def benefits_expiring_list(
    practice: Practice, *, as_of: date, within_days: int, limit: int = LIST_LIMIT
) -> ExpiringList:
    """Active patients with unscheduled treatment whose primary plan's benefit year ends
    within `within_days` with annual maximum left: the soonest end first."""
    months = months_ending_within(as_of, within_days)
    cases = outstanding_cases(practice).filter(
        patient__status=PatientStatus.ACTIVE, patient__in=_insured_in(practice, months, as_of)
    )
    lines = case_lines(practice, cases)
    patients = {found[0].case.patient_id: found[0].case.patient for found in lines.values()}
    births = {pid: patient.date_of_birth for pid, patient in patients.items()}
    benefits = primary_benefits(practice, births, as_of)
    candidates = [
        Candidate(pid, b.start_month, b.remaining, total_of(lines[pid]))
        for pid, b in benefits.items()
    ]
    found = benefits_expiring(candidates, as_of=as_of, within_days=within_days)
    rows = [
        ExpiringRow(patients[e.patient_id], e, benefits[e.patient_id], lines[e.patient_id])
        for e in found[:limit]
    ]
    return ExpiringList(as_of, within_days, rows, len(found) > limit)


def _insured_in(practice: Practice, months: frozenset[int], as_of: date) -> QuerySet[Coverage]:
    """Patients with a coverage in force whose plan's year starts in one of `months`."""
    return (
        scoped(Coverage, practice)
        .filter(plan__benefit_year_start_month__in=sorted(months), effective_date__lte=as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
        .values("patient")
    )


def schedule_imports(practice: Practice, limit: int = 10) -> list[ScheduleImport]:
    return list(scoped(ScheduleImport, practice).select_related("imported_by")[:limit])


def schedule_import_get(practice: Practice, import_id: object) -> ScheduleImport:
    return get_scoped_or_404(ScheduleImport, practice, import_id, related=("imported_by",))


def imported_visits(schedule_import: ScheduleImport) -> list[ImportedVisit]:
    """The visits the import added or found on file, in the file's order."""
    return list(
        scoped(ImportedVisit, schedule_import.practice)
        .filter(schedule_import=schedule_import)
        .select_related("appointment__patient", "appointment__provider")
        .order_by("line")
    )
