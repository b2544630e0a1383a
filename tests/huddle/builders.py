"""A hand-made day for the huddle: visits of every kind, cases at every stage.

Thursday April 2, 2026 in practice A (New York). Plans are "100-80-50-1500" PPOs
(annual maximum $1,500) with benefit years starting in January unless told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from casepath.cases.models import Case, CaseOption, CasePhase, CaseType, PlannedProcedure
from casepath.estimates.models import Estimate
from casepath.huddle.models import ImportedVisit, ScheduleImport
from casepath.insurance.models import Coverage
from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment
from tests.builders import build_patient
from tests.conftest import World
from tests.estimates.builders import nunez
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan, build_use
from tests.scheduling.builders import build_appointment

ZONE = ZoneInfo("America/New_York")
DAY = date(2026, 4, 2)
NOW = datetime(2026, 4, 2, 7, 30, tzinfo=ZONE)


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def visit(patient: Patient, hour: int, reason: str, **fields: Any) -> Appointment:
    return build_appointment(patient, at(hour), reason=reason, **fields)


def build_case_with(
    world: World,
    patient: Patient,
    *,
    status: str,
    fees: tuple[str, ...],
    title: str = "Missing lower left molar",
    portion: str | None = None,
    declined: tuple[int, ...] = (),
    other_option_fees: tuple[str, ...] = (),
) -> Case:
    """A case whose recommended option plans `fees` (estimated with the patient paying
    `portion`, when given); an accepted case accepted that option, with the procedures
    at the indexes `declined` declined."""
    case = Case.objects.create(
        practice=patient.practice,
        patient=patient,
        title=title,
        case_type=CaseType.FROM_HYGIENE,
        diagnosing_provider=nunez(world),
        diagnosed_on=DAY - timedelta(days=30),
        status=status,
    )
    chosen = _option(case, "Implant", fees, recommended=True, declined=declined)
    if other_option_fees:
        _option(case, "Partial denture", other_option_fees, recommended=False, position=1)
    if portion is not None:
        total = sum((Decimal(fee) for fee in fees), Decimal("0.00"))
        chosen.estimate = Estimate.objects.create(
            practice=case.practice,
            patient=patient,
            title=case.title,
            as_of=DAY,
            fee_total=total,
            patient_total=Decimal(portion),
            insurance_total=total - Decimal(portion),
        )
        chosen.save()
    if status == "accepted":
        case.accepted_option = chosen
        case.acceptance = "part" if declined else "whole"
        case.save()
    return case


def _option(
    case: Case,
    name: str,
    fees: tuple[str, ...],
    *,
    recommended: bool,
    declined: tuple[int, ...] = (),
    position: int = 0,
) -> CaseOption:
    option = CaseOption.objects.create(
        practice=case.practice, case=case, name=name, is_recommended=recommended, position=position
    )
    phase = CasePhase.objects.create(practice=case.practice, option=option, name="Phase 1")
    for index, fee in enumerate(fees):
        PlannedProcedure.objects.create(
            practice=case.practice,
            phase=phase,
            case=case,
            position=index,
            code="D6010",
            fee=Decimal(fee),
            decision="declined" if index in declined else "undecided",
        )
    return option


def insure(
    patient: Patient, *, used: str = "0.00", start_month: int = 1, **fields: Any
) -> Coverage:
    """A primary PPO (annual maximum $1,500) with `used` paid this benefit year."""
    carrier = build_carrier(patient.practice, f"Keystone {patient.pk}")
    plan = build_plan(patient.practice, carrier, benefit_year_start_month=start_month)
    coverage = build_coverage(patient, plan, **fields)
    if Decimal(used):
        build_use(coverage, service_date=DAY - timedelta(days=20), insurance_amount=used)
    return coverage


@dataclass
class Schedule:
    ana: Patient  # hygiene, presented case $3,850 (patient's part $1,200), $400 used
    ben: Patient  # emergency, ready case $195: under the threshold
    cara: Patient  # "crown seat" (other), presented case $5,000
    dan: Patient  # imported as hygiene though the reason says crown seat: accepted $2,400
    eve: Patient  # hygiene, scheduled case $4,000
    fay: Patient  # emergency, declined case $1,000.00 exactly, no insurance
    gus: Patient  # hygiene, draft case $6,000
    hal: Patient  # hygiene but cancelled, presented case $3,000
    ivy: Patient  # hygiene tomorrow, presented case $3,000


def hand_made_day(world: World) -> Schedule:
    a = world.practice_a
    ana = world.patient_a
    names = ("Ben", "Cara", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy")
    ben, cara, dan, eve, fay, gus, hal, ivy = (
        build_patient(a, first_name=name, last_name="Huddle") for name in names
    )
    visit(ana, 8, "Prophy and bitewings")
    build_case_with(world, ana, status="presented", fees=("2400.00", "1450.00"), portion="1200.00")
    insure(ana, used="400.00")
    visit(ben, 9, "Toothache upper right")
    build_case_with(world, ben, status="ready", fees=("195.00",))
    visit(cara, 10, "Crown seat")
    build_case_with(world, cara, status="presented", fees=("5000.00",))
    dan_visit = visit(dan, 11, "Crown seat")
    batch = ScheduleImport.objects.create(
        practice=a, imported_by=world.fran, first_day=DAY, last_day=DAY, visits_added=1
    )
    ImportedVisit.objects.create(
        practice=a, appointment=dan_visit, schedule_import=batch, kind="hygiene", line=2
    )
    build_case_with(world, dan, status="accepted", fees=("2400.00", "900.00"), declined=(1,))
    insure(dan, start_month=7)
    visit(eve, 13, "Recall")
    build_case_with(world, eve, status="scheduled", fees=("4000.00",))
    visit(fay, 14, "Broken tooth")
    build_case_with(world, fay, status="declined", fees=("1000.00",))
    visit(gus, 15, "Cleaning")
    build_case_with(world, gus, status="draft", fees=("6000.00",))
    visit(hal, 16, "Cleaning", status="cancelled")
    build_case_with(world, hal, status="presented", fees=("3000.00",))
    build_appointment(ivy, at(8, day=DAY + timedelta(days=1)), reason="Cleaning")
    build_case_with(world, ivy, status="presented", fees=("3000.00",))
    return Schedule(ana, ben, cara, dan, eve, fay, gus, hal, ivy)
