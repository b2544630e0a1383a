"""The demo's huddle: the seed's day ("today") in each practice has patients to talk with.

The TC imported the day's schedule from the practice management system (a schedule
import of hygiene visits, their type given by the file), and the front desk added the
emergencies in Casepath (their kind read from the reason). Among them:

- patients whose outstanding treatment is at least the default threshold ($1,000): four
  in hygiene visits, among them one whose case is accepted but not scheduled, and one
  emergency whose case was declined;
- two patients whose only outstanding treatment is small (fillings, planned here): they
  are counted on the huddle but not listed, unless the threshold is lowered;
- two hygiene patients with nothing outstanding.

Benefits expiring: calendar-year plans end within 90 days from October 3 on. On other
days, the plan of the most patients with outstanding treatment runs on a fiscal year
ending six to ten weeks after the seed's day, and its open estimates are made again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from casepath.audit.models import Action
from casepath.audit.services import audit_record
from casepath.cases import plan_services, services
from casepath.cases.models import Case, CaseEvent, CaseRevision, CaseType, Urgency
from casepath.core.cases import CaseStatus
from casepath.core.huddle import (
    DEFAULT_THRESHOLD,
    DEFAULT_WITHIN_DAYS,
    VisitKind,
    months_ending_within,
    over_threshold,
)
from casepath.demo.appointments import SLOTS
from casepath.estimates.bulk import recompute_batch
from casepath.estimates.models import Estimate, EstimateStatus
from casepath.estimates.selectors import practice_files
from casepath.huddle.models import ImportedVisit, ScheduleImport
from casepath.huddle.outstanding import CaseLine, case_lines, outstanding_cases, total_of
from casepath.insurance.models import Coverage, InsurancePlan
from casepath.patients.models import Patient, PatientStatus
from casepath.scheduling.models import Appointment, AppointmentStatus
from casepath.scheduling.selectors import visits_between
from casepath.tenancy.models import Membership, Operatory, Practice, Provider, ProviderKind
from casepath.tenancy.roles import Role

BATCH = 2000
ADULT = timedelta(days=18 * 365)
# The case status of each patient listed, the kind of their visit and its reason.
LISTED = (
    (CaseStatus.ACCEPTED, VisitKind.HYGIENE, "Checkup and cleaning"),
    (CaseStatus.PRESENTED, VisitKind.HYGIENE, "Periodontal maintenance"),
    (CaseStatus.DECLINED, VisitKind.EMERGENCY, "Broken tooth"),
    (CaseStatus.PENDING, VisitKind.HYGIENE, "Checkup and cleaning"),
    (CaseStatus.EXPIRED, VisitKind.HYGIENE, "Checkup and cleaning"),
    (CaseStatus.READY, VisitKind.HYGIENE, "Periodic exam"),
)
LISTED_HYGIENE = 4  # a status missing from a small seed leaves its turn to the next


@dataclass(frozen=True)
class Small:
    """A small plan, under the threshold: (code, tooth, surfaces) each."""

    title: str
    procedures: tuple[tuple[str, str, str], ...]
    kind: VisitKind
    reason: str


SMALL = (
    Small(
        "Two small cavities",
        (("D2392", "19", "MO"), ("D2391", "30", "O")),
        VisitKind.HYGIENE,
        "Checkup and cleaning",
    ),
    Small(
        "Chipped front tooth",
        (("D2331", "8", "MI"),),
        VisitKind.EMERGENCY,
        "Toothache, upper front",
    ),
)
NOTHING_OUTSTANDING = 2


@dataclass(frozen=True)
class Visit:
    patient_id: int
    kind: VisitKind
    reason: str


@dataclass
class Book:
    """The day's book: who sees patients, and the half hours each provider has taken."""

    practice: Practice
    day: date
    zone: ZoneInfo
    providers: dict[Any, list[Provider]]  # by ProviderKind
    rooms: list[Operatory]
    taken: set[tuple[int, datetime]] = field(default_factory=set)
    busy_patients: set[int] = field(default_factory=set)

    def room_of(self, provider: Provider) -> Operatory:
        """Each provider works in a chair of their own (as far as the chairs go)."""
        everyone = [p.pk for kind in sorted(self.providers) for p in self.providers[kind]]
        return self.rooms[everyone.index(provider.pk) % len(self.rooms)]


def huddle_for(practice: Practice, as_of: date) -> int:
    """Book the day's huddle visits and make benefits run out; how many visits were booked."""
    tc = _coordinator(practice)
    book = _open_book(practice, as_of)
    if tc is None or not book.providers.get(ProviderKind.DENTIST) or not book.rooms:
        return 0
    lines = case_lines(practice, outstanding_cases(practice))
    listed = _listed(lines, book.busy_patients)
    small = _small_cases(practice, tc, book, as_of)
    quiet = _without_cases(practice, book, as_of, NOTHING_OUTSTANDING)
    visits = listed + small + [Visit(pk, VisitKind.HYGIENE, "Checkup and cleaning") for pk in quiet]
    booked = [(visit, _book(book, visit)) for visit in visits]
    _import(practice, tc, as_of, [(v, a) for v, a in booked if v.kind is VisitKind.HYGIENE])
    _benefits_run_out(practice, as_of, set(lines))
    return len(booked)


def _coordinator(practice: Practice) -> Any:
    members = Membership.objects.filter(
        practice=practice, role=Role.TREATMENT_COORDINATOR, is_active=True
    )
    users = get_user_model().objects.filter(pk__in=members.values("user_id"))
    return users.order_by("username").first()


def _open_book(practice: Practice, day: date) -> Book:
    zone = ZoneInfo(practice.time_zone)
    in_house = Provider.objects.filter(practice=practice, is_external=False, is_active=True)
    providers: dict[Any, list[Provider]] = {}
    for provider in in_house.order_by("pk"):
        providers.setdefault(provider.kind, []).append(provider)
    rooms = Operatory.objects.filter(practice=practice, is_active=True).exclude(
        name__icontains="consult"
    )
    book = Book(practice, day, zone, providers, list(rooms.order_by("name")))
    for visit in visits_between(practice, day, day, zone):
        book.busy_patients.add(visit.patient_id)
        book.taken |= _half_hours(visit.provider_id, visit.starts_at, visit.duration_minutes)
    return book


def _half_hours(provider_id: int, start: datetime, minutes: int) -> set[tuple[int, datetime]]:
    return {(provider_id, start + timedelta(minutes=m)) for m in range(0, minutes, 30)}


def _listed(lines: dict[int, list[CaseLine]], busy: set[int]) -> list[Visit]:
    """Patients over the threshold, one per status of LISTED (the lowest id first)."""
    over = [
        (pid, {line.case.status for line in found})
        for pid, found in sorted(lines.items())
        if over_threshold(total_of(found), DEFAULT_THRESHOLD) and pid not in busy
    ]
    chosen: list[Visit] = []
    hygiene = 0
    for status, kind, reason in LISTED:
        pid = next((p for p, statuses in over if status in statuses), None)
        if pid is None or any(v.patient_id == pid for v in chosen):
            continue
        if kind is VisitKind.HYGIENE:
            if hygiene == LISTED_HYGIENE:
                continue
            hygiene += 1
        chosen.append(Visit(pid, kind, reason))
    return chosen


def _without_cases(practice: Practice, book: Book, as_of: date, count: int) -> list[int]:
    """Active adults with no case at all and no visit today (the lowest ids)."""
    patients = Patient.objects.filter(
        practice=practice,
        status=PatientStatus.ACTIVE,
        date_of_birth__lte=as_of - ADULT,
        cases__isnull=True,
    ).exclude(pk__in=book.busy_patients)
    found = list(patients.order_by("pk").values_list("pk", flat=True)[:count])
    book.busy_patients |= set(found)
    return found


def _small_cases(practice: Practice, tc: Any, book: Book, as_of: date) -> list[Visit]:
    """A ready case under the threshold for each of SMALL, planned at a recall visit."""
    patients = _without_cases(practice, book, as_of, len(SMALL))
    dentist = book.providers[ProviderKind.DENTIST][0]
    diagnosed = as_of - timedelta(days=21)
    diagnosed -= timedelta(days=max(diagnosed.weekday() - 4, 0))  # a weekday
    visits = []
    for spec, patient_id in zip(SMALL, patients, strict=False):
        patient = Patient.objects.get(pk=patient_id)
        _plan_small(spec, patient, tc, dentist, diagnosed, book.zone)
        visits.append(Visit(patient_id, spec.kind, spec.reason))
    return visits


def _plan_small(
    spec: Small, patient: Patient, tc: Any, dentist: Provider, day: date, zone: ZoneInfo
) -> None:
    case = services.case_create(
        acting_user=tc,
        patient=patient,
        diagnosing_provider=dentist,
        title=spec.title,
        case_type=CaseType.FROM_HYGIENE,
        urgency=Urgency.SOON,
        coordinator=tc,
        diagnosed_on=day,
    )
    option = plan_services.option_add(
        acting_user=tc, case=case, name="Fillings", summary="Tooth-colored fillings."
    )
    phase = option.phases.get()
    for code, tooth, surfaces in spec.procedures:
        plan_services.procedure_add(
            acting_user=tc, phase=phase, code=code, tooth=tooth, surfaces=surfaces, provider=dentist
        )
    plan_services.case_estimate(acting_user=tc, case=case, as_of=day)
    case = services.case_move(acting_user=tc, case=case, to=CaseStatus.READY)
    when = datetime.combine(day, time(11), zone)  # the timeline, dated to the recall visit
    for model in (CaseEvent, CaseRevision):
        model._default_manager.filter(case=case).update(created_at=when)
    Case.objects.filter(pk=case.pk).update(created_at=when, status_changed_at=when)


def _book(book: Book, visit: Visit) -> Appointment:
    """The first free half hour of a hygienist (a dentist for an emergency)."""
    kind = ProviderKind.DENTIST if visit.kind is VisitKind.EMERGENCY else ProviderKind.HYGIENIST
    providers = book.providers.get(kind) or book.providers[ProviderKind.DENTIST]
    minutes = 30 if visit.kind is VisitKind.EMERGENCY else 60
    for slot in SLOTS:
        start = datetime.combine(book.day, slot, tzinfo=book.zone)
        for provider in providers:
            wanted = _half_hours(provider.pk, start, minutes)
            if not wanted & book.taken:
                book.taken |= wanted
                return _appointment(book, visit, provider, start, minutes)
    start = datetime.combine(book.day, SLOTS[-1], tzinfo=book.zone)  # a full book: squeeze in
    return _appointment(book, visit, providers[0], start, minutes)


def _appointment(
    book: Book, visit: Visit, provider: Provider, start: datetime, minutes: int
) -> Appointment:
    made: Appointment = Appointment.objects.create(
        practice=book.practice,
        patient_id=visit.patient_id,
        provider=provider,
        operatory=book.room_of(provider),
        starts_at=start,
        duration_minutes=minutes,
        status=AppointmentStatus.CONFIRMED,
        reason=visit.reason,
    )
    return made


def _import(
    practice: Practice, tc: Any, day: date, booked: list[tuple[Visit, Appointment]]
) -> None:
    """The hygiene visits, as the schedule file the TC imported gave them."""
    if not booked:
        return
    batch = ScheduleImport.objects.create(
        practice=practice,
        file_name=f"schedule-{day:%Y-%m-%d}.csv",
        imported_by=tc,
        first_day=day,
        last_day=day,
        visits_added=len(booked),
    )
    in_order = sorted(booked, key=lambda pair: (pair[1].starts_at, pair[1].pk))
    ImportedVisit.objects.bulk_create(
        ImportedVisit(
            practice=practice,
            organization_id=practice.organization_id,
            appointment=appointment,
            schedule_import=batch,
            kind=visit.kind.value,
            line=line,
        )
        for line, (visit, appointment) in enumerate(in_order, start=2)
    )
    audit_record(
        practice=practice,
        actor=tc,
        action=Action.CREATE,
        target=batch,
        summary=f"Imported the schedule of {day:%m/%d/%Y}: {len(booked)} visits added, "
        "0 already on the schedule",
    )


def _benefits_run_out(practice: Practice, as_of: date, patient_ids: set[int]) -> None:
    """Unless a plan of the patients with outstanding treatment ends its benefit year
    within the default window, the most common one ends its year six to ten weeks on."""
    months = months_ending_within(as_of, DEFAULT_WITHIN_DAYS)
    primaries = Coverage.objects.filter(practice=practice, patient_id__in=patient_ids, ordinal=1)
    starts = dict(primaries.values_list("plan_id", "plan__benefit_year_start_month"))
    if not starts or any(month in months for month in starts.values()):
        return
    counts = Counter(primaries.values_list("plan_id", flat=True))
    plan_id = min(counts, key=lambda pk: (-counts[pk], pk))
    start_month = (as_of + timedelta(days=45)).month % 12 + 1
    InsurancePlan.objects.filter(pk=plan_id).update(benefit_year_start_month=start_month)
    _estimate_again(practice, plan_id, as_of)


def _estimate_again(practice: Practice, plan_id: int, as_of: date) -> None:
    """The open estimates of the plan's patients (as a re-estimate run would)."""
    covered = Coverage.objects.filter(practice=practice, plan_id=plan_id).values("patient_id")
    estimates = Estimate.objects.filter(
        practice=practice, status=EstimateStatus.OPEN, patient_id__in=covered
    )
    ids = list(estimates.order_by("pk").values_list("pk", flat=True))
    files = practice_files(practice)
    for start in range(0, len(ids), BATCH):
        recompute_batch(practice, files, ids[start : start + BATCH], as_of)
