"""The calendar: the day's columns, the week, booking one appointment, status buttons.

The clock stands at NOW, Tuesday March 10, 2026, 10:00 in New York (the practice's zone).
The calendar of tests/scheduling/plan_builders: Dr Nunez works Monday to Friday 8:00 to 12:00
and 13:00 to 17:00, Dr Reyes (oral surgeon) Tuesdays and Thursdays 8:00 to 16:00.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casepath.audit.models import AuditEvent
from casepath.cases.models import PlannedProcedure
from casepath.scheduling.calendar_forms import warnings_digest
from casepath.scheduling.models import (
    Appointment,
    AppointmentProcedure,
    AppointmentType,
    TimeOff,
    WorkingHours,
)
from casepath.tenancy.models import Operatory
from tests.builders import build_patient, build_provider
from tests.conftest import World, signed_in
from tests.scheduling.builders import build_appointment
from tests.scheduling.plan_builders import Calendar, accepted_implant_case, build_calendar

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
DASH = "\N{EN DASH}"
TUESDAY = date(2026, 3, 10)
HTMX = {"HTTP_HX_REQUEST": "true"}
DAY = reverse("scheduling:day")
WEEK = reverse("scheduling:week")
NEW = reverse("scheduling:new")


@pytest.fixture(autouse=True)
def at_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def calendar(world: World) -> Calendar:
    return build_calendar(world)


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=NEW_YORK)


def status_url(appointment: Appointment) -> str:
    return reverse("scheduling:appointment_status", args=[appointment.pk])


def columns(response: Any) -> dict[str, list[str]]:
    """Provider's last name -> the patients of the blocks in their column, in order."""
    return {
        column.provider.last_name: [
            block.card.appointment.patient.display_name for block in column.blocks
        ]
        for column in response.context["view"].columns
    }


def section(html: str, anchor: str) -> str:
    """The HTML of the element with id `anchor` up to the next column's section."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


# The day.


def test_the_day_has_a_column_per_provider_at_work_with_their_own_appointments(
    world: World, calendar: Calendar
) -> None:
    eva = build_patient(world.practice_a, first_name="Eva", last_name="Diaz")
    hygienist = build_provider(
        world.practice_a, kind="hygienist", first_name="Hal", last_name="Ito"
    )
    outside = build_provider(
        world.practice_a, first_name="Omar", last_name="Vega", is_external=True
    )
    WorkingHours.objects.create(
        practice=world.practice_a, provider=outside, weekday=1, starts=time(8), ends=time(12)
    )
    build_appointment(world.patient_a, at(10, 9), provider=calendar.dentist)
    build_appointment(eva, at(10, 8, 30), provider=calendar.dentist, duration_minutes=30)
    build_appointment(eva, at(10, 10), provider=calendar.surgeon, reason="Extraction of 19")
    build_appointment(world.patient_a, at(11, 9), provider=calendar.dentist)  # Wednesday
    build_appointment(world.patient_b, at(10, 9), provider=build_provider(world.practice_b))

    response = signed_in(world.tess).get(DAY, {"day": "2026-03-10"})

    assert response.status_code == 200
    # Hal Ito has no hours and no visits; Omar Vega is an outside specialist without visits.
    assert columns(response) == {"Nunez": ["Eva Diaz", "Ana Lopez"], "Reyes": ["Eva Diaz"]}
    html = response.content.decode()
    assert "Schedule for Tuesday, March 10, 2026" in html
    nunez = section(html, f"provider-{calendar.dentist.pk}")
    assert "Ana Lopez" in nunez and "Eva Diaz" in nunez and "Extraction of 19" not in nunez
    reyes = section(html, f"provider-{calendar.surgeon.pk}")
    assert "Extraction of 19" in reyes and f"10:00{DASH}11:00" in reyes
    assert "Bea Barnes" not in html
    assert f"provider-{hygienist.pk}" not in html
    assert f"8:00{DASH}12:00, 13:00{DASH}17:00" in html  # Dr Nunez's hours in her heading
    assert "3 appointments with 2 providers." in html


def test_blocks_sit_at_their_time_and_working_hours_are_shaded(
    world: World, calendar: Calendar
) -> None:
    room = Operatory.objects.get(practice=world.practice_a)
    crown = AppointmentType.objects.get(practice=world.practice_a, name="Crown")
    build_appointment(
        world.patient_a,
        at(10, 9, 15),
        provider=calendar.dentist,
        duration_minutes=90,
        operatory=room,
        appointment_type=crown,
        reason="",
    )
    view = signed_in(world.fran).get(DAY, {"day": "2026-03-10"}).context["view"]
    assert (view.axis_start, view.axis_end) == (7 * 60, 19 * 60)
    nunez = next(c for c in view.columns if c.provider == calendar.dentist)
    [block] = nunez.blocks
    assert (block.top, block.length, block.lane, block.lanes) == (135, 90, 0, 1)
    assert block.card.what == "Crown"
    assert [(s.top, s.length, s.label) for s in nunez.hours] == [
        (60, 240, f"8:00{DASH}12:00"),
        (360, 240, f"13:00{DASH}17:00"),
    ]
    html = signed_in(world.fran).get(DAY, {"day": "2026-03-10"}).content.decode()
    block_html = section(html, f"appointment-{block.card.appointment.pk}")
    assert f"9:15{DASH}10:45" in block_html and "90 min" in block_html
    assert "Room: Op 1" in block_html and "Crown" in block_html
    assert "Scheduled" in block_html


def test_overlapping_visits_of_one_provider_sit_side_by_side(
    world: World, calendar: Calendar
) -> None:
    eva = build_patient(world.practice_a, first_name="Eva", last_name="Diaz")
    leo = build_patient(world.practice_a, first_name="Leo", last_name="Diaz")
    first = build_appointment(world.patient_a, at(10, 9), provider=calendar.dentist)
    second = build_appointment(eva, at(10, 9, 30), provider=calendar.dentist)
    third = build_appointment(leo, at(10, 10), provider=calendar.dentist)  # after the first
    alone = build_appointment(leo, at(10, 14), provider=calendar.dentist)
    view = signed_in(world.tess).get(DAY, {"day": "2026-03-10"}).context["view"]
    [nunez] = [c for c in view.columns if c.provider == calendar.dentist]
    lanes = {b.card.appointment.pk: (b.lane, b.lanes) for b in nunez.blocks}
    assert lanes == {first.pk: (0, 2), second.pk: (1, 2), third.pk: (0, 2), alone.pk: (0, 1)}


def test_a_visit_of_a_case_shows_the_case_and_its_planned_procedures(
    world: World, calendar: Calendar
) -> None:
    case = accepted_implant_case(world, calendar)
    visit = build_appointment(
        case.patient, at(10, 10), provider=calendar.surgeon, case=case, reason="Surgery"
    )
    for procedure in PlannedProcedure.objects.filter(case=case, code__in=["D7140", "D7953"]):
        AppointmentProcedure.objects.create(
            practice=world.practice_a, appointment=visit, procedure=procedure
        )
    html = signed_in(world.tess).get(DAY, {"day": "2026-03-10"}).content.decode()
    block = section(html, f"appointment-{visit.pk}")
    assert "Replace lower left molar" in block
    assert reverse("cases:detail", args=[case.pk]) in block
    assert block.count("tooth 19") == 2


def test_the_day_is_the_practices_day_across_the_clock_change(
    world: World, calendar: Calendar
) -> None:
    """March 8, 2026 has 23 hours in New York: 1:30 is before the change, 3:30 after."""
    night = build_appointment(world.patient_a, at(8, 1, 30), provider=calendar.dentist)
    morning = build_appointment(world.patient_a, at(8, 3, 30), provider=calendar.dentist)
    late = build_appointment(world.patient_a, at(8, 23, 0), provider=calendar.dentist)
    build_appointment(world.patient_a, at(9, 0, 15), provider=calendar.dentist)  # Monday
    build_appointment(world.patient_a, at(7, 23, 30), provider=calendar.dentist)  # Saturday
    view = signed_in(world.tess).get(DAY, {"day": "2026-03-08"}).context["view"]
    [column] = view.columns
    assert column.hours == []  # a Sunday: no hours, but visits
    assert (view.axis_start, view.axis_end) == (60, 24 * 60)
    tops = {b.card.appointment.pk: (b.top, b.length) for b in column.blocks}
    # The hour from 1:30 ends at 3:30 on the wall clock (2:00 to 3:00 never happens).
    assert tops == {night.pk: (30, 120), morning.pk: (150, 60), late.pk: (23 * 60 - 60, 60)}
    html = signed_in(world.tess).get(DAY, {"day": "2026-03-08"}).content.decode()
    assert f"1:30{DASH}3:30" in section(html, f"appointment-{night.pk}")
    assert f"3:30{DASH}4:30" in section(html, f"appointment-{morning.pk}")


def test_another_time_zone_moves_a_late_visit_to_the_day_before(
    world: World, calendar: Calendar
) -> None:
    late = build_appointment(
        world.patient_a, datetime(2026, 3, 11, 4, 30, tzinfo=UTC), provider=calendar.dentist
    )
    client = signed_in(world.tess)
    assert columns(client.get(DAY, {"day": "2026-03-10"}))["Nunez"] == []
    world.practice_a.time_zone = "America/Los_Angeles"
    world.practice_a.save()
    view = client.get(DAY, {"day": "2026-03-10"}).context["view"]
    [nunez] = [c for c in view.columns if c.provider == calendar.dentist]
    assert [(b.card.appointment.pk, b.top) for b in nunez.blocks] == [(late.pk, 21 * 60 + 30 - 420)]


def test_days_off_and_a_closed_practice(world: World, calendar: Calendar) -> None:
    TimeOff.objects.create(
        practice=world.practice_a,
        provider=calendar.surgeon,
        starts_on=TUESDAY,
        ends_on=TUESDAY,
        reason="Conference",
    )
    client = signed_in(world.tess)
    assert list(columns(client.get(DAY, {"day": "2026-03-10"}))) == ["Nunez"]
    build_appointment(world.patient_a, at(10, 9), provider=calendar.surgeon)
    response = client.get(DAY, {"day": "2026-03-10"})
    reyes = next(c for c in response.context["view"].columns if c.provider == calendar.surgeon)
    assert (reyes.off, reyes.hours) == ("Conference", [])
    assert "Away: Conference" in response.content.decode()
    TimeOff.objects.create(
        practice=world.practice_a, starts_on=date(2026, 3, 12), ends_on=date(2026, 3, 13)
    )
    closed = client.get(DAY, {"day": "2026-03-12"})
    assert closed.context["view"].columns == []
    assert "The practice is closed: Practice closed" in closed.content.decode()


def test_previous_next_and_today(world: World, calendar: Calendar) -> None:
    client = signed_in(world.tess)
    today = client.get(DAY)
    assert today.context["view"].day == TUESDAY
    html = today.content.decode()
    assert "?day=2026-03-09" in html and "?day=2026-03-11" in html
    assert f'href="{DAY}">Today</a>' not in html
    other = client.get(DAY, {"day": "2026-04-01"}).content.decode()
    assert f'href="{DAY}">Today</a>' in other and "?day=2026-03-31" in other
    assert client.get(DAY, {"day": "not a day"}).context["view"].day == TUESDAY


# The week.


def test_the_week_runs_monday_to_sunday_per_provider_and_day(
    world: World, calendar: Calendar
) -> None:
    eva = build_patient(world.practice_a, first_name="Eva", last_name="Diaz")
    build_appointment(world.patient_a, at(8, 10), provider=calendar.dentist)  # Sunday before
    build_appointment(world.patient_a, at(9, 8), provider=calendar.dentist)  # Monday
    build_appointment(eva, at(12, 13, 30), provider=calendar.dentist, duration_minutes=30)
    build_appointment(eva, at(12, 9), provider=calendar.dentist, status="cancelled")
    build_appointment(world.patient_a, at(10, 11), provider=calendar.surgeon)
    build_appointment(eva, at(15, 23, 30), provider=calendar.surgeon)  # late on Sunday
    build_appointment(world.patient_a, at(16, 9), provider=calendar.dentist)  # next Monday

    response = signed_in(world.tess).get(WEEK, {"week": "2026-03-12"})  # a Thursday

    assert response.status_code == 200
    view = response.context["view"]
    assert (view.monday, view.sunday) == (date(2026, 3, 9), date(2026, 3, 15))
    seen = {
        row.provider.last_name: {
            cell.day.day: [
                f"{c.starts:%H:%M} {c.appointment.patient.first_name}" for c in cell.cards
            ]
            for cell in row.cells
            if cell.cards
        }
        for row in view.rows
    }
    assert seen == {
        "Nunez": {9: ["08:00 Ana"], 12: ["09:00 Eva", "13:30 Eva"]},
        "Reyes": {10: ["11:00 Ana"], 15: ["23:30 Eva"]},
    }
    html = response.content.decode()
    assert "Week of March 9 to March 15, 2026" in html
    assert "?week=2026-03-02" in html and "?week=2026-03-16" in html
    row = html[html.index(f'id="week-provider-{calendar.surgeon.pk}"') :]
    assert f"23:30{DASH}0:30" in row and "Cancelled" in html
    reyes = next(r for r in view.rows if r.provider == calendar.surgeon)
    assert [c.hours for c in reyes.cells] == [
        "",
        f"8:00{DASH}16:00",
        "",
        f"8:00{DASH}16:00",
        "",
        "",
        "",
    ]


def test_the_week_shows_who_is_away(world: World, calendar: Calendar) -> None:
    TimeOff.objects.create(
        practice=world.practice_a,
        provider=calendar.dentist,
        starts_on=date(2026, 3, 5),
        ends_on=date(2026, 3, 10),
        reason="Holiday",
    )
    view = signed_in(world.tess).get(WEEK).context["view"]
    nunez = next(r for r in view.rows if r.provider == calendar.dentist)
    assert [c.off for c in nunez.cells] == ["Holiday", "Holiday", "", "", "", "", ""]


# Reading in constant queries.


def test_day_and_week_read_in_constant_queries(
    world: World, calendar: Calendar, django_assert_max_num_queries: Any
) -> None:
    case = accepted_implant_case(world, calendar)
    procedures = list(PlannedProcedure.objects.filter(case=case))
    room = Operatory.objects.get(practice=world.practice_a)
    kinds = list(AppointmentType.objects.filter(practice=world.practice_a))
    providers = [calendar.dentist, calendar.surgeon]
    for n in range(3):
        providers.append(build_provider(world.practice_a, first_name="Extra", last_name=f"P{n}"))
    patients = [build_patient(world.practice_a, last_name=f"Many{n}") for n in range(10)]
    for n in range(60):
        visit = build_appointment(
            patients[n % 10],
            at(9 + n % 5, 8 + n % 9, 15 * (n % 4)),
            provider=providers[n % 5],
            operatory=room,
            appointment_type=kinds[n % len(kinds)],
            case=case,
        )
        AppointmentProcedure.objects.create(
            practice=world.practice_a, appointment=visit, procedure=procedures[n % 4]
        )
    client = signed_in(world.tess)
    client.get(DAY)  # the session and the practice settle
    with django_assert_max_num_queries(14):
        day = client.get(DAY, {"day": "2026-03-10"})
    assert sum(len(c.blocks) for c in day.context["view"].columns) == 12
    with django_assert_max_num_queries(14):
        week = client.get(WEEK, {"week": "2026-03-10"})
    assert sum(len(cell.cards) for r in week.context["view"].rows for cell in r.cells) == 60


# Who may do what.


def test_the_provider_sees_the_calendar_but_cannot_book_or_change(
    world: World, calendar: Calendar
) -> None:
    visit = build_appointment(world.patient_a, at(10, 9), provider=calendar.dentist)
    doc = signed_in(world.doc)
    page = doc.get(DAY)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ana Lopez" in html and "New appointment" not in html and "Arrived" not in html
    assert doc.get(WEEK).status_code == 200
    assert doc.get(NEW).status_code == 403
    assert doc.post(NEW, booking_form(world, calendar)).status_code == 403
    assert doc.post(status_url(visit), {"status": "arrived"}).status_code == 403
    visit.refresh_from_db()
    assert visit.status == "scheduled"
    assert Appointment.objects.count() == 1


def test_an_outsider_never_finds_an_appointment_of_another_practice(
    world: World, calendar: Calendar
) -> None:
    visit = build_appointment(world.patient_a, at(10, 9), provider=calendar.dentist)
    olga = signed_in(world.olga)
    assert olga.post(status_url(visit), {"status": "arrived"}).status_code == 404
    assert olga.post(status_url(visit), {"status": "arrived"}, **HTMX).status_code == 404
    assert olga.get(status_url(visit)).status_code in (404, 405)
    assert "Ana Lopez" not in olga.get(DAY, {"day": "2026-03-10"}).content.decode()
    assert "Ana Lopez" not in olga.get(WEEK, {"week": "2026-03-10"}).content.decode()
    # Her own booking form does not know practice A's patients or providers.
    response = olga.post(NEW, booking_form(world, calendar))
    assert response.status_code == 200
    assert "No patient of this practice has chart number" in str(response.context["form"].errors)
    assert "provider" in response.context["form"].errors
    visit.refresh_from_db()
    assert visit.status == "scheduled" and Appointment.objects.count() == 1


# Booking one appointment.


def booking_form(world: World, calendar: Calendar, **overrides: Any) -> dict[str, Any]:
    data = {
        "patient": world.patient_a.chart_number,
        "provider": calendar.dentist.pk,
        "appointment_type": "",
        "starts_at": "2026-03-11T09:00",
        "duration_minutes": "60",
        "room": Operatory.objects.get(practice=world.practice_a).pk,
        "reason": "Crown preparation",
    }
    return data | overrides


def test_the_desk_books_an_appointment_in_the_practices_time(
    world: World, calendar: Calendar
) -> None:
    crown = AppointmentType.objects.get(practice=world.practice_a, name="Crown")
    fran = signed_in(world.fran)
    response = fran.post(
        NEW, booking_form(world, calendar, appointment_type=crown.pk, duration_minutes="")
    )
    [visit] = Appointment.objects.all()
    assert response.status_code == 302
    assert response["Location"] == f"{DAY}?day=2026-03-11#appointment-{visit.pk}"
    assert visit.starts_at == datetime(2026, 3, 11, 13, 0, tzinfo=UTC)  # 9:00 in New York
    assert visit.duration_minutes == 90  # the type's length
    assert (visit.patient, visit.provider, visit.status) == (
        world.patient_a,
        calendar.dentist,
        "scheduled",
    )
    assert visit.operatory == Operatory.objects.get(practice=world.practice_a)
    assert visit.reason == "Crown preparation"
    audit = AuditEvent.objects.get(object_type="appointment", action="create")
    assert (audit.actor, audit.patient) == (world.fran, world.patient_a)
    day = fran.get(response["Location"])
    assert "Booked Ana Lopez on Wednesday March 11 at 09:00 with Rita Nunez, DDS." in (
        day.content.decode()
    )
    assert columns(day)["Nunez"] == ["Ana Lopez"]


def test_the_booking_keeps_its_type(world: World, calendar: Calendar) -> None:
    crown = AppointmentType.objects.get(practice=world.practice_a, name="Crown")
    client = signed_in(world.fran)
    client.post(NEW, booking_form(world, calendar, appointment_type=crown.pk, reason=""))
    [visit] = Appointment.objects.all()
    assert visit.appointment_type == crown
    assert visit.duration_minutes == 60  # typed: the type's length only fills an empty one
    view = client.get(DAY, {"day": "2026-03-11"}).context["view"]
    assert [b.card.what for c in view.columns for b in c.blocks] == ["Crown"]


def test_the_form_is_filled_from_the_link(world: World, calendar: Calendar) -> None:
    client = signed_in(world.tess)
    query = {
        "patient": world.patient_a.pk,
        "provider": calendar.surgeon.pk,
        "start": "2026-03-12T08:00",
    }
    form = client.get(NEW, query).context["form"]
    assert form.initial == {
        "patient": world.patient_a.chart_number,
        "provider": calendar.surgeon.pk,
        "starts_at": "2026-03-12T08:00",
    }
    assert "For <a" in client.get(NEW, query).content.decode()
    assert "Ana Lopez" in client.get(NEW, query).content.decode()
    foreign = {"patient": world.patient_b.pk, "start": "soon", "provider": "x"}
    assert client.get(NEW, foreign).context["form"].initial == {}
    html = client.get(NEW).content.decode()
    assert 'data-minutes="90"' in html  # choosing a type fills its length


def test_bad_input_names_its_field(world: World, calendar: Calendar) -> None:
    client = signed_in(world.tess)
    response = client.post(
        NEW,
        booking_form(world, calendar, patient="RV-999999", starts_at="tomorrow-ish"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["patient"] == ["No patient of this practice has chart number RV-999999."]
    assert errors["starts_at"] == ["Give the day and time as on a calendar, e.g. 2026-11-10 10:00."]
    response = client.post(NEW, booking_form(world, calendar, duration_minutes=""))
    assert response.context["form"].errors == {
        "duration_minutes": ["Say how long the visit is, in minutes, or choose a type."]
    }
    assert not Appointment.objects.exists()


def test_double_booking_is_refused_in_words(world: World, calendar: Calendar) -> None:
    build_appointment(world.patient_a, at(11, 9), provider=calendar.dentist)
    eva = build_patient(world.practice_a, first_name="Eva", last_name="Diaz")
    client = signed_in(world.tess)
    response = client.post(
        NEW, booking_form(world, calendar, patient=eva.chart_number, starts_at="2026-03-11T09:30")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["provider"] == [
        "Dr Nunez already sees Ana Lopez from 9:00 to 10:00."
    ]
    assert "Dr Nunez already sees Ana Lopez from 9:00 to 10:00." in response.content.decode()
    assert "Book anyway" not in response.content.decode()  # a blocking conflict: no way round
    assert Appointment.objects.count() == 1
    # A cancelled visit frees the time.
    Appointment.objects.update(status="cancelled")
    again = client.post(
        NEW, booking_form(world, calendar, patient=eva.chart_number, starts_at="2026-03-11T09:30")
    )
    assert again.status_code == 302
    assert Appointment.objects.count() == 2


def test_outside_working_hours_needs_book_anyway(world: World, calendar: Calendar) -> None:
    client = signed_in(world.tess)
    lunch = booking_form(world, calendar, starts_at="2026-03-11T12:15", duration_minutes="30")
    asked = client.post(NEW, lunch)
    assert asked.status_code == 200
    warning = (
        f"Dr Nunez works 8:00{DASH}12:00 and 13:00{DASH}17:00 on Wednesdays: "
        "12:15 to 12:45 is outside those hours."
    )
    assert asked.context["warnings"] == [warning]
    html = asked.content.decode()
    assert warning in html and "Book anyway" in html
    assert not Appointment.objects.exists()
    # Ticking "Book anyway" for another time's warnings asks again.
    stale = client.post(
        NEW, lunch | {"starts_at": "2026-03-11T18:00", "confirm": "on", "warned": "x" * 16}
    )
    assert stale.status_code == 200 and not Appointment.objects.exists()
    assert "18:00 to 18:30 is outside those hours." in stale.content.decode()
    warned = warnings_digest([warning])
    assert f'value="{warned}"' in html
    booked = client.post(NEW, lunch | {"confirm": "on", "warned": warned})
    assert booked.status_code == 302
    [visit] = Appointment.objects.all()
    assert visit.starts_at == at(11, 12, 15)


# Status changes.


def test_marking_arrived_returns_the_block_and_is_audited(world: World, calendar: Calendar) -> None:
    visit = build_appointment(world.patient_a, at(10, 9), provider=calendar.dentist)
    client = signed_in(world.fran)
    response = client.post(status_url(visit), {"status": "arrived"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<article id="appointment-{visit.pk}"')
    assert ">Arrived</span>" in html and ">Completed</button>" in html
    assert ">Arrived</button>" not in html
    visit.refresh_from_db()
    assert visit.status == "arrived"
    audit = AuditEvent.objects.get(object_type="appointment", action="update")
    assert audit.actor == world.fran
    assert audit.changes == {"status": {"before": "scheduled", "after": "arrived"}}
    assert audit.summary == "Visit of 03/10/2026 09:00 (60 min): Arrived"

    plain = client.post(status_url(visit), {"status": "completed"})
    assert plain.status_code == 302
    assert plain["Location"] == f"{DAY}?day=2026-03-10"
    visit.refresh_from_db()
    assert visit.status == "completed"
    assert AuditEvent.objects.filter(object_type="appointment", action="update").count() == 2


def test_every_status_button_of_a_scheduled_visit(world: World, calendar: Calendar) -> None:
    client = signed_in(world.tess)
    for status in ("confirmed", "cancelled", "no_show"):
        visit = build_appointment(world.patient_a, at(10, 9), provider=calendar.dentist)
        assert client.post(status_url(visit), {"status": status}, **HTMX).status_code == 200
        visit.refresh_from_db()
        assert visit.status == status


def test_a_status_that_does_not_follow_is_refused_in_the_block(
    world: World, calendar: Calendar
) -> None:
    visit = build_appointment(
        world.patient_a, at(10, 9), provider=calendar.dentist, status="completed"
    )
    client = signed_in(world.tess)
    response = client.post(status_url(visit), {"status": "arrived"}, **HTMX)
    assert response.status_code == 200
    assert "This visit is completed: it cannot be marked arrived now." in (
        response.content.decode()
    )
    unknown = client.post(status_url(visit), {"status": "scheduled"}, **HTMX)
    assert "Choose confirmed, arrived, completed, no-show or cancelled." in (
        unknown.content.decode()
    )
    visit.refresh_from_db()
    assert visit.status == "completed"
    assert not AuditEvent.objects.filter(object_type="appointment", action="update").exists()
