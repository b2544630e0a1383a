"""Booking every visit of the plan in one step (all or nothing), and the case following
its visits (scheduled -> in progress -> completed; every visit cancelled -> accepted)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine

from casepath.audit.models import AuditEvent
from casepath.cases.models import Case, CaseEvent
from casepath.core.errors import CasepathError
from casepath.core.scheduling import Placed, Preferences
from casepath.messaging.models import Message
from casepath.scheduling.models import (
    Appointment,
    AppointmentProcedure,
    AppointmentStatus,
    PlanBooking,
)
from casepath.scheduling.plan_services import PlanChoices, PlanRefused, plan_book
from casepath.scheduling.services import appointment_set_status
from casepath.scheduling.signals import appointment_status_changed
from tests.builders import build_patient
from tests.scheduling.builders import build_appointment
from tests.scheduling.plan_builders import ACCEPTED_AT, ACCEPTED_ON
from tests.scheduling.test_plan_support import (  # noqa: F401  (the fixture)
    Setup,
    keys_of,
    local,
    request_of,
    setup_fixture,
)

CHOICES = PlanChoices(start_on=ACCEPTED_ON, preferences=Preferences())
FIRST = local(date(2026, 3, 17), time(8))  # Tuesday: the surgeon works
IMPLANT = local(date(2026, 6, 16), time(8))  # 91 days later, a Tuesday
CROWN = local(date(2026, 9, 14), time(8))  # 90 days later, a Monday


def placed(
    setup: Setup,
    *,
    first: datetime = FIRST,
    implant: datetime = IMPLANT,
    crown: datetime = CROWN,
    crown_by: int | None = None,
) -> list[Placed]:
    """The three visits at their earliest times, unless moved."""
    keys = keys_of(request_of(setup.case))
    surgeon, dentist = setup.calendar.surgeon.pk, setup.calendar.dentist.pk
    rows = [(surgeon, first, 60), (surgeon, implant, 90), (crown_by or dentist, crown, 60)]
    return [
        Placed(key, who, at, at + timedelta(minutes=minutes))
        for key, (who, at, minutes) in zip(keys, rows, strict=True)
    ]


def book(setup: Setup, rows: Sequence[Placed], **extra: Any) -> PlanBooking:
    with time_machine.travel(ACCEPTED_AT, tick=False):
        booked = plan_book(
            case=setup.case,
            choices=CHOICES,
            placed=rows,
            acting_user=setup.world.tess,
            now=ACCEPTED_AT,
            **extra,
        )
    assert booked.appointments == list(booked.booking.appointments.order_by("starts_at"))
    return booked.booking


def nothing_written(setup: Setup) -> None:
    assert not Appointment.objects.filter(patient=setup.world.patient_a).exists()
    assert not PlanBooking.objects.exists()
    setup.case.refresh_from_db()
    assert setup.case.status == "accepted"


def test_book_all_writes_every_visit_with_its_procedures_and_schedules_the_case(
    setup: Setup,
) -> None:
    booking = book(setup, placed(setup))
    rows = list(Appointment.objects.filter(booking=booking).order_by("starts_at"))
    first, implant, crown = keys_of(request_of(setup.case))
    assert [
        (
            a.plan_visit,
            a.provider.last_name,
            a.starts_at,
            a.duration_minutes,
            a.appointment_type.name if a.appointment_type else None,
            a.reason,
            a.status,
            a.case_id,
        )
        for a in rows
    ] == [
        (
            first,
            "Reyes",
            FIRST,
            60,
            "Extraction",
            "Extraction and bone graft",
            "scheduled",
            setup.case.pk,
        ),
        (
            implant,
            "Reyes",
            IMPLANT,
            90,
            "Implant placement",
            "Implant placement",
            "scheduled",
            setup.case.pk,
        ),
        (
            crown,
            "Nunez",
            CROWN,
            60,
            "Implant crown or abutment",
            "Implant crown or abutment",
            "scheduled",
            setup.case.pk,
        ),
    ]
    linked = [
        list(
            AppointmentProcedure.objects.filter(appointment=a)
            .order_by("procedure__position")
            .values_list("procedure__code", flat=True)
        )
        for a in rows
    ]
    assert linked == [["D7140", "D7953"], ["D6010"], ["D6058"]]
    assert (booking.case_id, booking.booked_by, booking.booked_at) == (
        setup.case.pk,
        setup.world.tess,
        ACCEPTED_AT,
    )
    setup.case.refresh_from_db()
    assert setup.case.status == "scheduled"
    [event] = CaseEvent.objects.filter(case=setup.case, to_status="scheduled")
    assert event.summary == (
        "Moved from accepted to scheduled. 3 visit(s) booked, the first on 03/17/2026."
    )
    audits = AuditEvent.objects.filter(practice=setup.world.practice_a, object_type="appointment")
    assert audits.count() == 3
    [summary] = AuditEvent.objects.filter(object_type="planbooking").values_list(
        "summary", flat=True
    )
    assert summary == (
        "Booked the plan of “Replace lower left molar”: 3 visit(s) from 03/17/2026 to 09/14/2026"
    )
    assert Message.objects.filter(
        patient=setup.world.patient_a, idempotency_key=f"scheduling:booking:{booking.pk}:booked"
    ).exists()


def test_a_broken_healing_wait_refuses_everything(setup: Setup) -> None:
    too_soon = local(date(2026, 5, 14), time(8))  # a Thursday, 58 days after the extraction
    with pytest.raises(PlanRefused) as refused:
        book(setup, placed(setup, implant=too_soon))
    implant = keys_of(request_of(setup.case))[1]
    blocking = [c for c in refused.value.conflicts if c.blocking]
    assert blocking and {c.visit for c in blocking} == {implant}
    words = " ".join(c.message for c in blocking)
    assert "Implant placement" in words and "90 days" in words
    assert [e.path for e in refused.value.errors] == [f"visits.{implant}"] * len(blocking)
    nothing_written(setup)


def test_a_double_booking_that_appeared_since_the_proposal_refuses_everything(
    setup: Setup,
) -> None:
    rows = placed(setup)  # the proposal the TC reviewed
    other = build_patient(setup.world.practice_a, first_name="Cal", last_name="Diaz")
    with time_machine.travel(ACCEPTED_AT, tick=False):
        taken = build_appointment(
            other, FIRST + timedelta(minutes=30), provider=setup.calendar.surgeon
        )
    with pytest.raises(PlanRefused) as refused:
        book(setup, rows)
    [conflict] = refused.value.conflicts
    assert conflict.blocking and conflict.visit == keys_of(request_of(setup.case))[0]
    assert list(Appointment.objects.values_list("pk", flat=True)) == [taken.pk]
    nothing_written(setup)


def test_the_patient_booked_twice_refuses(setup: Setup) -> None:
    with time_machine.travel(ACCEPTED_AT, tick=False):
        build_appointment(
            setup.world.patient_a,
            CROWN + timedelta(minutes=30),
            provider=setup.calendar.surgeon,
            duration_minutes=30,
        )
    with pytest.raises(PlanRefused) as refused:
        book(setup, placed(setup))
    [conflict] = refused.value.conflicts
    assert conflict.blocking and conflict.visit == keys_of(request_of(setup.case))[2]
    assert PlanBooking.objects.count() == 0


def test_a_provider_who_does_not_do_the_visit_refuses(setup: Setup) -> None:
    with pytest.raises(PlanRefused) as refused:
        book(setup, placed(setup, crown_by=setup.calendar.surgeon.pk))
    assert [c.message for c in refused.value.conflicts] == [
        "Implant crown or abutment is done by Dr Nunez, not by the provider chosen."
    ]
    nothing_written(setup)


def test_warnings_book_only_when_the_tc_books_anyway(setup: Setup) -> None:
    late = local(date(2026, 9, 14), time(16, 30))  # ends at 17:30, after Dr Nunez's day
    rows = placed(setup, crown=late)
    with pytest.raises(PlanRefused) as refused:
        book(setup, rows)
    assert refused.value.conflicts and not any(c.blocking for c in refused.value.conflicts)
    assert refused.value.errors[0].path == "accept_warnings"
    nothing_written(setup)
    booking = book(setup, rows, accept_warnings=True)
    assert Appointment.objects.filter(booking=booking).count() == 3
    assert refused.value.conflicts[0].message in booking.notes


def test_a_case_no_longer_accepted_is_refused_in_words(setup: Setup) -> None:
    book(setup, placed(setup))
    with pytest.raises(CasepathError) as refused:
        book(setup, placed(setup))
    assert [e.message for e in refused.value.errors] == [
        "Only an accepted case is booked from its plan: this case is scheduled."
    ]
    assert Appointment.objects.count() == 3


# The case follows its visits.


def booked(setup: Setup) -> list[Appointment]:
    booking = book(setup, placed(setup))
    return list(Appointment.objects.filter(booking=booking).order_by("starts_at"))


def set_status(setup: Setup, appointment: Appointment, status: AppointmentStatus) -> Case:
    with time_machine.travel(ACCEPTED_AT, tick=False):
        appointment_set_status(appointment=appointment, status=status, acting_user=setup.world.fran)
    setup.case.refresh_from_db()
    return setup.case


def test_the_first_visit_done_starts_the_case_and_the_last_completes_it(setup: Setup) -> None:
    first, implant, crown = booked(setup)
    assert set_status(setup, first, AppointmentStatus.ARRIVED).status == "scheduled"
    assert set_status(setup, first, AppointmentStatus.COMPLETED).status == "in_progress"
    assert set_status(setup, implant, AppointmentStatus.COMPLETED).status == "in_progress"
    assert set_status(setup, crown, AppointmentStatus.COMPLETED).status == "completed"
    moves = list(
        CaseEvent.objects.filter(case=setup.case, to_status__in=["in_progress", "completed"])
        .order_by("pk")
        .values_list("to_status", "actor_id")
    )
    assert moves == [("in_progress", setup.world.fran.pk), ("completed", setup.world.fran.pk)]


def test_a_cancelled_visit_not_done_keeps_the_case_in_progress(setup: Setup) -> None:
    first, implant, crown = booked(setup)
    set_status(setup, first, AppointmentStatus.COMPLETED)
    set_status(setup, implant, AppointmentStatus.CANCELLED)
    assert set_status(setup, crown, AppointmentStatus.COMPLETED).status == "in_progress"


def test_every_visit_cancelled_sends_the_case_back_to_accepted(setup: Setup) -> None:
    first, implant, crown = booked(setup)
    set_status(setup, first, AppointmentStatus.CANCELLED)
    assert set_status(setup, implant, AppointmentStatus.NO_SHOW).status == "scheduled"
    assert set_status(setup, crown, AppointmentStatus.CANCELLED).status == "accepted"
    [event] = CaseEvent.objects.filter(
        case=setup.case, to_status="accepted", from_status="scheduled"
    )
    assert event.summary == (
        "Moved from scheduled to accepted. "
        "Every visit of the plan was cancelled: schedule it again."
    )


def test_the_same_change_twice_moves_the_case_once(setup: Setup) -> None:
    first, *_ = booked(setup)
    set_status(setup, first, AppointmentStatus.COMPLETED)
    before = CaseEvent.objects.filter(case=setup.case).count()
    with time_machine.travel(ACCEPTED_AT, tick=False):
        for _ in range(2):
            appointment_status_changed.send(
                sender=Appointment,
                appointment=first,
                before=AppointmentStatus.ARRIVED,
                after=AppointmentStatus.COMPLETED,
                acting_user=setup.world.fran,
            )
    setup.case.refresh_from_db()
    assert setup.case.status == "in_progress"
    assert CaseEvent.objects.filter(case=setup.case).count() == before


def test_visits_not_booked_from_a_plan_leave_cases_alone(setup: Setup) -> None:
    with time_machine.travel(ACCEPTED_AT, tick=False):
        visit = build_appointment(setup.world.patient_a, FIRST, case=setup.case)
    set_status(setup, visit, AppointmentStatus.COMPLETED)
    assert setup.case.status == "accepted"
