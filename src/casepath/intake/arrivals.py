"""Reads for the day of the first visit: the new patients expected on a day (the arrival
list), and the hand-off the provider reads on the patient page and the case page.

The day list reads in one query whatever the number of patients; times are the
practice's (a day runs from midnight to midnight in `Practice.time_zone`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Q

from casepath.cases.models import Case
from casepath.core.intake import AT_THE_VISIT, BEFORE_THE_VISIT, Stage
from casepath.intake.models import Intake, IntakeMove
from casepath.patients.models import Patient
from casepath.scheduling.models import AppointmentStatus
from casepath.scheduling.selectors import day_start, practice_zone
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

HANDED_OFF = (Stage.HANDED_OFF, Stage.CASE_CREATED)


@dataclass(frozen=True)
class Arrival:
    """One new patient expected on the day, with the first visit's local start."""

    intake: Intake
    starts: datetime

    @property
    def ready(self) -> bool:
        i = self.intake
        return i.chart_prepared and i.forms_received and i.insurance_verified

    @property
    def waiting(self) -> bool:
        """The visit is still to come (or the patient is late): arrived or no-show."""
        return self.intake.stage in BEFORE_THE_VISIT

    @property
    def here(self) -> bool:
        return self.intake.stage in AT_THE_VISIT


@dataclass(frozen=True)
class ArrivalDay:
    day: date
    rows: list[Arrival]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def arrived(self) -> int:
        return sum(1 for r in self.rows if r.intake.arrived_at is not None)

    @property
    def no_shows(self) -> int:
        return sum(1 for r in self.rows if r.intake.stage == Stage.NO_SHOW)

    @property
    def handed_off(self) -> int:
        return sum(1 for r in self.rows if r.intake.stage in HANDED_OFF)


def arrivals_for_day(practice: Practice, day: date) -> ArrivalDay:
    """The new patients whose first visit starts on `day` (not cancelled, not closed),
    by time."""
    zone = practice_zone(practice)
    intakes = (
        _of_practice(practice)
        .filter(
            first_visit__starts_at__gte=day_start(day, zone),
            first_visit__starts_at__lt=day_start(day + timedelta(days=1), zone),
        )
        .exclude(first_visit__status=AppointmentStatus.CANCELLED)
        .exclude(stage=Stage.CLOSED)
        .order_by("first_visit__starts_at", "pk")
    )
    rows = [Arrival(i, i.first_visit.starts_at.astimezone(zone)) for i in intakes]  # type: ignore[union-attr]
    return ArrivalDay(day, rows)


def arrival_get(intake: Intake) -> Arrival | None:
    """The arrival row of one intake (None when it has no first visit)."""
    if intake.first_visit is None:
        return None
    zone = practice_zone(intake.practice)
    return Arrival(intake, intake.first_visit.starts_at.astimezone(zone))


def _of_practice(practice: Practice) -> Any:
    return scoped(Intake, practice).select_related(
        "practice", "patient", "first_visit__provider", "handed_off_to", "coordinator", "case"
    )


def hand_off_for_patient(patient: Patient) -> Intake | None:
    """The patient's latest hand-off (handed off, or the case is open), with
    `handed_off_by`: the user who handed the patient off."""
    intake = (
        _of_practice(patient.practice)
        .filter(patient=patient, stage__in=HANDED_OFF)
        .order_by("-handed_off_at", "-pk")
        .first()
    )
    return hand_off_of(intake) if intake else None


def hand_off_for_case(case: Case) -> Intake | None:
    """The hand-off that led to `case` (None when the case did not come from intake)."""
    intake = _of_practice(case.practice).filter(case=case).order_by("-pk").first()
    return hand_off_of(intake) if intake else None


def hand_off_of(intake: Intake) -> Intake:
    """`intake` with `handed_off_by`: the user who handed the patient off (or None)."""
    move = (
        scoped(IntakeMove, intake.practice)
        .filter(intake=intake, to_stage=Stage.HANDED_OFF)
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )
    intake.handed_off_by = move.by if move else None  # type: ignore[attr-defined]
    return intake


@dataclass(frozen=True)
class NewPatientsToday:
    arriving: int
    inquiries: int
    no_shows: int

    def __bool__(self) -> bool:
        return bool(self.arriving or self.inquiries or self.no_shows)


def new_patients_today(practice: Practice, day: date) -> NewPatientsToday:
    """For Today: first visits of `day`, inquiries without a visit, no-shows to rebook
    (one query)."""
    zone = practice_zone(practice)
    on_day = Q(
        first_visit__starts_at__gte=day_start(day, zone),
        first_visit__starts_at__lt=day_start(day + timedelta(days=1), zone),
    ) & ~Q(first_visit__status__in=(AppointmentStatus.CANCELLED, AppointmentStatus.NO_SHOW))
    counts = (
        scoped(Intake, practice)
        .exclude(stage__in=(Stage.CLOSED, Stage.CASE_CREATED))
        .aggregate(
            arriving=Count("pk", filter=on_day),
            inquiries=Count("pk", filter=Q(stage=Stage.INQUIRY)),
            no_shows=Count("pk", filter=Q(stage=Stage.NO_SHOW)),
        )
    )
    return NewPatientsToday(**counts)
