"""The solver's request from an accepted case: visits, lengths, providers, the waits in
words, free time, the patient's own visits, and the split across benefit years."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import time_machine

from casepath.cases.models import PlannedProcedure
from casepath.core.scheduling import VisitKind
from casepath.insurance.models import Coverage, InsurancePlan
from casepath.scheduling.models import AppointmentStatus, AppointmentType
from casepath.tenancy.models import Provider, ProviderKind
from tests.builders import build_patient
from tests.scheduling.builders import build_appointment
from tests.scheduling.plan_builders import ACCEPTED_AT
from tests.scheduling.test_plan_support import (  # noqa: F401  (the fixture)
    NEW_YORK,
    Setup,
    keys_of,
    local,
    request_of,
    setup_fixture,
)


def test_one_visit_per_phase_and_provider_with_the_types_length(setup: Setup) -> None:
    plan = request_of(setup.case)
    surgeon, dentist = setup.calendar.surgeon.pk, setup.calendar.dentist.pk
    shown = [
        (
            v.visit.phase,
            v.phase_name,
            v.visit.label,
            v.visit.kind,
            v.minutes,
            v.visit.providers,
            [p.code for p in v.procedures],
            v.visit.teeth,
            v.appointment_type.name if v.appointment_type else None,
        )
        for v in plan.visits
    ]
    assert shown == [
        (
            1,
            "Phase 1",
            "Extraction and bone graft",
            VisitKind.EXTRACTION,
            60,  # the extraction's type (60) is longer than the graft's (45)
            (surgeon,),
            ["D7140", "D7953"],
            frozenset({"19"}),
            "Extraction",
        ),
        (
            2,
            "Implant",
            "Implant placement",
            VisitKind.IMPLANT,
            90,
            (surgeon,),
            ["D6010"],
            frozenset({"19"}),
            "Implant placement",
        ),
        (
            3,
            "Crown",
            "Implant crown or abutment",
            VisitKind.IMPLANT_RESTORATION,
            60,
            (dentist,),
            ["D6058"],
            frozenset({"19"}),
            "Implant crown or abutment",
        ),
    ]
    assert plan.phases == ((1, "Phase 1"), (2, "Implant"), (3, "Crown"))
    assert plan.request.provider_names == {surgeon: "Dr Reyes", dentist: "Dr Nunez"}


def test_the_waits_are_said_in_words(setup: Setup) -> None:
    plan = request_of(setup.case)
    first, implant, crown = keys_of(plan)
    assert plan.waits_for(first) == []
    assert plan.waits_for(implant) == [
        "Implant placement at least 90 days after Extraction and bone graft: "
        "phase 1 needs 90 days to heal",
        "Implant placement at least 90 days after Extraction and bone graft: "
        "the socket and graft heal",
        "Implant placement at least 90 days after Extraction and bone graft: "
        "the bone graft heals",  # the graft done at the extraction's visit
    ]
    assert plan.waits_for(crown) == [
        "Implant crown or abutment at least 90 days after Implant placement: "
        "phase 2 needs 90 days to heal",
        "Implant crown or abutment at least 90 days after Implant placement: "
        "the implant fuses with the bone",
    ]


def test_free_time_is_working_hours_from_now_minus_what_is_booked(setup: Setup) -> None:
    world, surgeon = setup.world, setup.calendar.surgeon
    other = build_patient(world.practice_a, first_name="Cal", last_name="Diaz")
    with time_machine.travel(ACCEPTED_AT, tick=False):
        build_appointment(other, local(date(2026, 3, 17), time(9)), provider=surgeon)
        build_appointment(
            other,
            local(date(2026, 3, 19), time(9)),
            provider=surgeon,
            status=AppointmentStatus.CANCELLED,
        )
    plan = request_of(setup.case)
    request = plan.request
    assert request.not_before == ACCEPTED_AT
    assert request.until == local(date(2026, 9, 16), time(0))
    tuesday = [
        (w.start.astimezone(NEW_YORK).time(), w.end.astimezone(NEW_YORK).time())
        for w in request.free
        if w.provider == surgeon.pk and w.start.astimezone(NEW_YORK).date() == date(2026, 3, 17)
    ]
    assert tuesday == [(time(8), time(9)), (time(10), time(16))]
    thursday = [
        w
        for w in request.free
        if w.provider == surgeon.pk and w.start.astimezone(NEW_YORK).date() == date(2026, 3, 19)
    ]
    assert len(thursday) == 1  # the cancelled visit does not count
    surgeon_days = {
        w.start.astimezone(NEW_YORK).weekday() for w in request.free if w.provider == surgeon.pk
    }
    assert surgeon_days == {1, 3}
    assert min(w.start for w in request.free) >= ACCEPTED_AT


def test_the_patients_own_visits_are_busy_time(setup: Setup) -> None:
    patient = setup.world.patient_a
    with time_machine.travel(ACCEPTED_AT, tick=False):
        build_appointment(patient, local(date(2026, 3, 24), time(14)), duration_minutes=30)
    plan = request_of(setup.case)
    assert plan.request.patient_busy == (
        (local(date(2026, 3, 24), time(14)), local(date(2026, 3, 24), time(14, 30))),
    )


def test_a_procedure_over_two_visits_makes_two_a_week_apart(setup: Setup) -> None:
    crown = PlannedProcedure.objects.get(case=setup.case, code="D6058")
    PlannedProcedure.objects.filter(pk=crown.pk).update(visits=2)
    plan = request_of(setup.case)
    labels = [v.visit.label for v in plan.visits]
    assert labels[2:] == [
        "Implant crown or abutment (visit 1 of 2)",
        "Implant crown or abutment (visit 2 of 2)",
    ]
    first, second = keys_of(plan)[2:]
    [repeat] = [g for g in plan.request.gaps if (g.before, g.after) == (first, second)]
    assert repeat.min_days == 7
    assert plan.waits_for(second) == [
        "Implant crown or abutment (visit 2 of 2) at least 90 days after Implant placement: "
        "phase 2 needs 90 days to heal",
        "Implant crown or abutment (visit 2 of 2) at least 90 days after Implant placement: "
        "the implant fuses with the bone",
        "Implant crown or abutment visit 2 at least 7 days after visit 1: visits of one "
        "treatment are a week or more apart",
    ]
    assert [p.code for p in plan.visits[3].procedures] == ["D6058"]


def test_declined_procedures_are_not_booked(setup: Setup) -> None:
    PlannedProcedure.objects.filter(case=setup.case, code="D6058").update(decision="declined")
    plan = request_of(setup.case)
    assert [v.visit.kind for v in plan.visits] == [VisitKind.EXTRACTION, VisitKind.IMPLANT]


def test_without_a_provider_the_type_says_who_else_the_dentists(setup: Setup) -> None:
    world = setup.world
    with time_machine.travel(ACCEPTED_AT, tick=False):
        other_surgeon = Provider.objects.create(
            practice=world.practice_a,
            kind=ProviderKind.SPECIALIST,
            first_name="Ines",
            last_name="Ortiz",
            specialty="Oral surgery",
        )
        Provider.objects.create(
            practice=world.practice_a,
            kind=ProviderKind.SPECIALIST,
            first_name="Out",
            last_name="Side",
            is_external=True,
        )
        second_dentist = Provider.objects.create(
            practice=world.practice_a, kind=ProviderKind.DENTIST, first_name="Bo", last_name="Kim"
        )
    PlannedProcedure.objects.filter(case=setup.case).update(provider=None)
    plan = request_of(setup.case)
    surgeons = (setup.calendar.surgeon.pk, other_surgeon.pk)
    dentists = (setup.calendar.dentist.pk, second_dentist.pk)
    # The extraction and implant types ask for a specialist; the crown's type for anyone.
    assert [v.visit.providers for v in plan.visits] == [surgeons, surgeons, dentists]
    AppointmentType.objects.filter(practice=world.practice_a, kind="implant").update(
        specialty="Periodontics"
    )
    plan = request_of(setup.case)
    assert plan.visits[1].visit.providers == dentists  # nobody fits: the dentists
    assert [v.visit.key for v in plan.visits] == [
        f"ph{v.procedures[0].phase_id}-pr0-v1" for v in plan.visits
    ]


def test_without_a_type_an_hour(setup: Setup) -> None:
    AppointmentType.objects.filter(practice=setup.world.practice_a, kind="implant").update(
        is_active=False
    )
    plan = request_of(setup.case)
    assert [v.minutes for v in plan.visits] == [60, 60, 60]
    assert plan.visits[1].appointment_type is None


def test_split_waits_for_the_next_benefit_year_of_the_primary_plan(setup: Setup) -> None:
    InsurancePlan.objects.filter(practice=setup.world.practice_a).update(benefit_year_start_month=7)
    plan = request_of(setup.case, split_phase=2)
    assert [v.visit.earliest for v in plan.visits] == [None, date(2026, 7, 1), date(2026, 7, 1)]
    assert plan.next_year_starts == date(2026, 7, 1)
    [note] = plan.notes
    assert note.startswith("The next benefit year of ")
    assert note.endswith(" starts on 07/01/2026.")


def test_split_without_insurance_waits_for_january(setup: Setup) -> None:
    Coverage.objects.filter(patient=setup.world.patient_a).update(end_date=date(2026, 1, 31))
    plan = request_of(setup.case, split_phase=3)
    assert [v.visit.earliest for v in plan.visits] == [None, None, date(2027, 1, 1)]
    assert plan.notes == (
        "No primary insurance is on file: the next benefit year is taken to start on "
        "01/01/2027 (January 1).",
    )


def test_the_horizon_and_the_start_day(setup: Setup) -> None:
    plan = request_of(setup.case, start_on=date(2026, 4, 1), months=2)
    assert plan.request.not_before == local(date(2026, 4, 1), time(0))
    assert plan.request.until == local(date(2026, 6, 1), time(0))
    last = max(w.end for w in plan.request.free)
    assert last.astimezone(NEW_YORK).date() == date(2026, 5, 29)  # the last Friday of May
    assert all(isinstance(w.start, datetime) for w in plan.request.free)
    assert last - timedelta(hours=4) == local(date(2026, 5, 29), time(13))


def test_an_outside_specialists_own_office_visits_are_left_to_them(setup: Setup) -> None:
    """An outside specialist with no hours on our calendar books their part themselves:
    the plan leaves it out and says so, and the rest is still scheduled."""
    from casepath.tenancy.models import Provider

    surgeon = setup.calendar.surgeon
    Provider.objects.filter(pk=surgeon.pk).update(is_external=True)
    surgeon.working_hours.all().delete()
    plan = request_of(setup.case)
    assert [v.visit.label for v in plan.visits] == ["Implant crown or abutment"]
    # The crown still waits for the healing of the specialist's two phases (90 + 90 days).
    assert plan.visits[0].visit.earliest == date(2026, 9, 12)
    assert plan.notes[:3] == (
        "D7140 #19 is done by Alan Reyes, DDS in their own office: not booked here "
        "(refer it from the case; the specialist books it).",
        "D7953 #19 is done by Alan Reyes, DDS in their own office: not booked here "
        "(refer it from the case; the specialist books it).",
        "D6010 #19 is done by Alan Reyes, DDS in their own office: not booked here "
        "(refer it from the case; the specialist books it).",
    )


def test_a_visiting_specialist_with_hours_here_is_booked_here(setup: Setup) -> None:
    from casepath.tenancy.models import Provider

    Provider.objects.filter(pk=setup.calendar.surgeon.pk).update(is_external=True)
    assert len(request_of(setup.case).visits) == 3
