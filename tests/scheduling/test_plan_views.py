"""The plan's scheduling screen: the proposal (the 90-day waits, the Tue/Thu surgeon),
a row adjusted and checked, Book all (one step, all or nothing), the e-mail with the
calendar file, who may do what, and the outsider."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

import icalendar
import time_machine
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse

from casepath.messaging.sending import message_send_due
from casepath.scheduling.models import Appointment, AppointmentProcedure, PlanBooking
from tests.builders import build_patient
from tests.conftest import signed_in
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
from tests.smtp import local_smtp


def url(setup: Setup) -> str:
    return reverse("scheduling:plan", args=[setup.case.pk])


def get(client: Client, address: str, **query: Any) -> Any:
    with time_machine.travel(ACCEPTED_AT, tick=False):
        return client.get(address, query)


def post(client: Client, address: str, data: dict[str, Any], **headers: Any) -> Any:
    with time_machine.travel(ACCEPTED_AT, tick=False):
        return client.post(address, data, headers=headers)


def rows_data(response: Any) -> dict[str, Any]:
    """The proposal's form as the browser would post it back (hidden options and rows)."""
    context = response.context
    data: dict[str, Any] = {}
    for name, value in context["options"]:
        data.setdefault(name, []).append(value)
    for row in context["rows"]:
        form = row.form
        for name in ("key", "provider", "day", "time"):
            data[form.add_prefix(name)] = form[name].value()
    return data


def placed_of(response: Any) -> list[tuple[str, str, str, str]]:
    return [
        (
            row.visit.visit.label,
            str(row.form["provider"].value()),
            str(row.form["day"].value()),
            str(row.form["time"].value()),
        )
        for row in response.context["rows"]
    ]


def test_the_proposal_waits_90_days_twice_and_books_the_surgeon_on_tuesdays(
    setup: Setup, tess_client: Client
) -> None:
    response = get(tess_client, url(setup))
    assert response.status_code == 200
    surgeon, dentist = str(setup.calendar.surgeon.pk), str(setup.calendar.dentist.pk)
    assert placed_of(response) == [
        ("Extraction and bone graft", surgeon, "2026-03-17", "08:00"),
        ("Implant placement", surgeon, "2026-06-16", "08:00"),
        ("Implant crown or abutment", dentist, "2026-09-14", "08:00"),
    ]
    page = response.content.decode()
    assert "Proposed visits" in page
    assert "the socket and graft heal" in page
    assert "the implant fuses with the bone" in page
    assert "Book all 3 visits" in page
    assert not Appointment.objects.exists()


def test_the_patients_preferred_days_and_times(setup: Setup, tess_client: Client) -> None:
    response = get(
        tess_client, url(setup), weekdays=["3"], earliest="10:00", latest="15:00", months="7"
    )
    assert response.context["proposal_notes"] == ()
    assert placed_of(response) == [
        ("Extraction and bone graft", str(setup.calendar.surgeon.pk), "2026-03-19", "10:00"),
        ("Implant placement", str(setup.calendar.surgeon.pk), "2026-06-18", "10:00"),
        ("Implant crown or abutment", str(setup.calendar.dentist.pk), "2026-09-17", "10:00"),
    ]


def test_preferences_that_cannot_all_be_met_are_said(setup: Setup, tess_client: Client) -> None:
    response = get(tess_client, url(setup), weekdays=["3"])  # six months: no third Thursday
    [note] = response.context["proposal_notes"]
    assert "preferred days" in note
    assert note in response.content.decode().replace("&#x27;", "'")


def test_a_row_moved_to_break_the_graft_healing_is_explained_and_refused(
    setup: Setup, tess_client: Client
) -> None:
    data = rows_data(get(tess_client, url(setup)))
    data["row-1-day"] = "2026-05-14"  # a Thursday, 58 days after the extraction
    checked = post(tess_client, url(setup), data | {"action": "check"}, HX_Request="true")
    assert checked.status_code == 200
    page = checked.content.decode()
    assert "<html" not in page  # htmx swaps the proposal alone
    assert "Stops the booking" in page
    [row] = [r for r in checked.context["rows"] if r.blocking]
    assert row.visit.visit.label == "Implant placement"
    assert "90 days" in row.blocking[0].message
    assert checked.context["blocking_count"] >= 1

    refused = post(tess_client, url(setup), data | {"action": "book"})
    assert refused.status_code == 200
    assert "Nothing was booked" in refused.content.decode()
    assert not Appointment.objects.exists() and not PlanBooking.objects.exists()
    setup.case.refresh_from_db()
    assert setup.case.status == "accepted"


def test_check_says_when_the_plan_is_ready(setup: Setup, tess_client: Client) -> None:
    data = rows_data(get(tess_client, url(setup)))
    checked = post(tess_client, url(setup), data | {"action": "check"})
    assert "No conflicts: ready to book." in checked.content.decode()


def test_a_visit_double_booked_since_the_proposal_refuses_the_whole_plan(
    setup: Setup, tess_client: Client
) -> None:
    data = rows_data(get(tess_client, url(setup)))
    other = build_patient(setup.world.practice_a, first_name="Cal", last_name="Diaz")
    with time_machine.travel(ACCEPTED_AT, tick=False):
        build_appointment(other, local(date(2026, 6, 16), time(8)), provider=setup.calendar.surgeon)
    refused = post(tess_client, url(setup), data | {"action": "book"})
    assert refused.status_code == 200
    [row] = [r for r in refused.context["rows"] if r.blocking]
    assert row.visit.visit.label == "Implant placement"
    assert Appointment.objects.count() == 1 and not PlanBooking.objects.exists()


def test_book_all_books_in_one_step_and_the_patient_gets_the_calendar_file(
    setup: Setup, tess_client: Client
) -> None:
    patient = setup.world.patient_a
    patient.email = "ana.lopez@example.com"
    patient.save()
    data = rows_data(get(tess_client, url(setup)))
    public = override_settings(SMS_MODE="off", CASEPATH_PUBLIC_URL="https://casepath.example")
    with local_smtp() as inbox, public:
        booked = post(tess_client, url(setup), data | {"action": "book"})
        assert booked.status_code == 302
        assert booked["Location"] == reverse("cases:detail", args=[setup.case.pk])
        assert [str(m) for m in get_messages(booked.wsgi_request)] == [
            "Booked 3 visits: the case is scheduled. The patient gets the visits by e-mail, "
            "with a calendar file."
        ]
        assert message_send_due(now=ACCEPTED_AT) == 1
    visits = list(Appointment.objects.filter(case=setup.case).order_by("starts_at"))
    assert [(a.provider.last_name, a.starts_at) for a in visits] == [
        ("Reyes", local(date(2026, 3, 17), time(8))),
        ("Reyes", local(date(2026, 6, 16), time(8))),
        ("Nunez", local(date(2026, 9, 14), time(8))),
    ]
    assert AppointmentProcedure.objects.filter(appointment__in=visits).count() == 4
    setup.case.refresh_from_db()
    assert setup.case.status == "scheduled"

    [(recipients, email)] = inbox.deliveries
    assert recipients == ["ana.lopez@example.com"]
    [attachment] = [a for a in email.iter_attachments() if a.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("DTSTART"))
    starts = [e.decoded("DTSTART").astimezone(NEW_YORK) for e in events]
    assert starts == [a.starts_at for a in visits]
    assert [
        e.decoded("DTEND").astimezone(NEW_YORK) - s for e, s in zip(events, starts, strict=True)
    ] == [
        timedelta(minutes=60),
        timedelta(minutes=90),
        timedelta(minutes=60),
    ]

    again = get(tess_client, url(setup))
    page = again.content.decode()
    assert "Only an accepted case is scheduled from here: this case is scheduled." in page
    assert "Visits booked from the plan" in page and "Implant placement" in page


def test_warnings_ask_to_book_anyway(setup: Setup, tess_client: Client) -> None:
    data = rows_data(get(tess_client, url(setup)))
    data["row-2-time"] = "16:30"  # ends at 17:30, after Dr Nunez's day
    first = post(tess_client, url(setup), data | {"action": "book"})
    assert first.status_code == 200
    page = first.content.decode()
    assert "Book anyway" in page and "tick “Book anyway”" in page
    assert not Appointment.objects.exists()
    second = post(tess_client, url(setup), data | {"action": "book", "accept_warnings": "on"})
    assert second.status_code == 302
    assert Appointment.objects.filter(case=setup.case).count() == 3


def test_a_bad_row_names_its_field(setup: Setup, tess_client: Client) -> None:
    data = rows_data(get(tess_client, url(setup)))
    data["row-0-day"] = "not a day"
    response = post(tess_client, url(setup), data | {"action": "book"})
    assert response.status_code == 200
    assert response.context["rows"][0].form.errors["day"] == ["Enter a valid date."]
    assert not Appointment.objects.exists()


def test_bad_options_are_explained(setup: Setup, tess_client: Client) -> None:
    response = get(tess_client, url(setup), earliest="15:00", latest="09:00")
    assert response.status_code == 200
    assert response.context["form"].errors["latest"] == ["“Done by” comes after “Not before”."]
    assert "rows" not in response.context


def test_no_calendar_fits_the_reasons_in_words(setup: Setup, tess_client: Client) -> None:
    response = get(tess_client, url(setup), months="2")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No calendar fits the whole plan" in page
    assert response.context["reasons"]
    assert all(isinstance(reason, str) and reason for reason in response.context["reasons"])
    assert len(response.context["rows"]) == 3  # to place by hand


def test_the_split_across_benefit_years(setup: Setup, tess_client: Client) -> None:
    response = get(tess_client, url(setup), split_phase="3", months="12")
    page = response.content.decode()
    assert "the next benefit year of" in page.lower()
    crown = placed_of(response)[2]
    assert crown[2] >= "2027-01-01"


def test_the_provider_sees_the_proposal_but_cannot_book(setup: Setup) -> None:
    doc = signed_in(setup.world.doc)
    response = get(doc, url(setup))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Book all" not in page
    assert "treatment coordinator's role" in page
    refused = post(doc, url(setup), rows_data(response) | {"action": "book"})
    assert refused.status_code == 403
    assert not Appointment.objects.exists()
    checked = post(doc, url(setup), rows_data(response) | {"action": "check"})
    assert checked.status_code == 200


def test_the_front_desk_books(setup: Setup) -> None:
    fran = signed_in(setup.world.fran)
    data = rows_data(get(fran, url(setup)))
    booked = post(fran, url(setup), data | {"action": "book"})
    assert booked.status_code == 302
    assert PlanBooking.objects.get().booked_by == setup.world.fran
    assert [str(m) for m in get_messages(booked.wsgi_request)] == [
        "Booked 3 visits: the case is scheduled. The e-mail with the visits was not sent: "
        "Ana Lopez has no e-mail address on file."
    ]


def test_the_outsider_gets_404(setup: Setup, olga_client: Client) -> None:
    assert get(olga_client, url(setup)).status_code == 404
    assert post(olga_client, url(setup), {"action": "book"}).status_code == 404


def test_a_case_not_accepted_shows_why(setup: Setup, tess_client: Client) -> None:
    from casepath.cases.models import Case

    Case.objects.filter(pk=setup.case.pk).update(status="pending")
    response = get(tess_client, url(setup))
    assert response.status_code == 200
    assert "this case is pending decision" in response.content.decode()
    assert post(tess_client, url(setup), {"action": "check"}).status_code == 200


def test_the_proposal_reads_in_few_queries(
    setup: Setup, tess_client: Client, django_assert_max_num_queries: Any
) -> None:
    other = build_patient(setup.world.practice_a, first_name="Cal", last_name="Diaz")
    with time_machine.travel(ACCEPTED_AT, tick=False):
        for day in range(60):
            start = local(date(2026, 3, 17), time(9)) + timedelta(days=day)
            build_appointment(other, start, provider=setup.calendar.surgeon)
    with django_assert_max_num_queries(18):
        response = get(tess_client, url(setup))
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
