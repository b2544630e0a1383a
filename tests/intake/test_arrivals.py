"""The arrival list: the new patients expected on a day (the practice's day), with
readiness ticked inline; only that practice's, never cancelled visits, constant queries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casepath.audit.models import AuditEvent
from casepath.core.intake import Stage
from casepath.intake.models import Intake
from casepath.intake.services import intake_close
from casepath.scheduling.models import AppointmentStatus
from casepath.scheduling.services import appointment_set_status
from tests.builders import build_provider
from tests.conftest import World, signed_in
from tests.intake.builders import CALLED_AT, VISIT_AT, book, capture, new_patient, take_to

LIST = "/new-patients/arrivals/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def expected(world: World, first_name: str, visit_at: datetime, *, practice: Any = None) -> Intake:
    practice = practice or world.practice_a
    user = world.tess if practice == world.practice_a else world.olga
    patient = new_patient(first_name=first_name, last_name="Arrival")
    return book(capture(practice, user, patient=patient), user, at=visit_at)


def names(response: Any) -> list[str]:
    return [row.intake.patient.first_name for row in response.context["arrivals"].rows]


@time_machine.travel(CALLED_AT, tick=False)
def test_the_day_lists_its_new_patients_by_time_in_the_practice_zone(
    world: World, tess_client: Client
) -> None:
    expected(world, "Late", at("2026-11-11T04:30:00+00:00"))  # 11:30 p.m. on the 10th in New York
    expected(world, "Noon", at("2026-11-10T17:00:00+00:00"))
    expected(world, "Early", VISIT_AT)  # 10:00 a.m.
    expected(world, "Tomorrow", at("2026-11-11T15:00:00+00:00"))
    expected(world, "Yesterday", at("2026-11-10T04:30:00+00:00"))  # 11:30 p.m. on the 9th

    response = tess_client.get(LIST, {"day": "2026-11-10"})

    page = response.content.decode()
    assert response.status_code == 200
    assert names(response) == ["Early", "Noon", "Late"]
    assert "New patients expected Tuesday, November 10, 2026" in page
    assert ">10:00 a.m.</time>" in page and ">11:30 p.m.</time>" in page
    assert "3 new patients expected · 0 arrived · 0 no-shows · 0 handed off" in page
    assert 'href="?day=2026-11-09">Previous day' in page
    assert 'href="?day=2026-11-11">Next day' in page


@time_machine.travel(CALLED_AT, tick=False)
def test_cancelled_visits_closed_inquiries_and_other_practices_are_left_out(
    world: World, tess_client: Client, olga_client: Client
) -> None:
    expected(world, "Coming", VISIT_AT)
    cancelled = expected(world, "Cancelled", VISIT_AT + timedelta(hours=1))
    appointment_set_status(
        appointment=cancelled.first_visit, status=AppointmentStatus.CANCELLED, acting_user=None
    )
    closed = expected(world, "Closed", VISIT_AT + timedelta(hours=2))
    intake_close(intake=closed, reason="Went elsewhere", acting_user=world.tess, now=CALLED_AT)
    build_provider(world.practice_b)
    expected(world, "Hillcrest", VISIT_AT, practice=world.practice_b)

    assert names(tess_client.get(LIST, {"day": "2026-11-10"})) == ["Coming"]
    response = olga_client.get(LIST, {"day": "2026-11-10"})
    assert names(response) == ["Hillcrest"]
    assert "Coming" not in response.content.decode()


@time_machine.travel(at("2026-11-11T03:00:00+00:00"), tick=False)  # 10 pm on the 10th in NY
def test_the_default_day_is_today_where_the_practice_is(world: World, tess_client: Client) -> None:
    with time_machine.travel(CALLED_AT, tick=False):
        expected(world, "Tonight", at("2026-11-11T03:30:00+00:00"))

    response = tess_client.get(LIST)

    assert response.context["arrivals"].day.isoformat() == "2026-11-10"
    assert names(response) == ["Tonight"]
    bad = tess_client.get(LIST, {"day": "not a day"})
    assert bad.status_code == 200 and bad.context["arrivals"].day.isoformat() == "2026-11-10"


@time_machine.travel(CALLED_AT, tick=False)
def test_an_empty_day_says_so(world: World, tess_client: Client) -> None:
    response = tess_client.get(LIST, {"day": "2026-11-12"})
    assert "No new patients are expected on November 12." in response.content.decode()


@time_machine.travel(CALLED_AT, tick=False)
def test_the_list_reads_in_constant_queries(
    world: World, tess_client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(2):  # an hour apart: the provider is never double-booked
        expected(world, f"First{n}", VISIT_AT + timedelta(hours=n))
    tess_client.get(LIST)  # the first request of a session reads a little more
    with CaptureQueriesContext(connection) as few:
        assert len(names(tess_client.get(LIST, {"day": "2026-11-10"}))) == 2
    for n in range(10):
        expected(world, f"More{n}", VISIT_AT + timedelta(hours=2 + n))
    here = expected(world, "Here", VISIT_AT + timedelta(hours=12))  # 10 p.m., the same day
    arrived = take_to(here, Stage.HANDED_OFF, world.tess)
    assert arrived.stage == Stage.HANDED_OFF
    with django_assert_max_num_queries(5), CaptureQueriesContext(connection) as many:
        assert len(names(tess_client.get(LIST, {"day": "2026-11-10"}))) == 13
    assert len(many) == len(few)


@time_machine.travel(CALLED_AT, tick=False)
def test_each_row_shows_the_checklist_and_the_buttons_of_its_stage(
    world: World, tess_client: Client
) -> None:
    waiting = expected(world, "Waiting", VISIT_AT)
    done = take_to(
        expected(world, "Done", VISIT_AT + timedelta(hours=1)), Stage.HANDED_OFF, world.tess
    )

    page = tess_client.get(LIST, {"day": "2026-11-10"}).content.decode()
    waiting_row = row_html(page, waiting)
    done_row = row_html(page, done)

    assert f'action="/new-patients/{waiting.pk}/arrived/"' in waiting_row
    assert f'action="/new-patients/{waiting.pk}/no-show/"' in waiting_row
    assert "Not yet" in waiting_row and "Welcome package sent" in waiting_row
    assert "/arrived/" not in done_row
    assert "Welcomed 10:00 a.m." in done_row and "Tour given" in done_row
    assert "Done 10:15 a.m." in done_row
    assert "To Rita Nunez, DDS" in done_row
    assert f'href="/new-patients/{done.pk}/"' in done_row


def row_html(page: str, intake: Intake) -> str:
    start = page.index(f'<tr id="arrival-{intake.pk}"')
    return page[start : page.index("</tr>", start)]


@time_machine.travel(CALLED_AT, tick=False)
def test_readiness_ticks_come_back_as_the_row_and_are_audited(
    world: World, tess_client: Client
) -> None:
    intake = expected(world, "Ready", VISIT_AT)
    url = f"/new-patients/{intake.pk}/readiness/"

    response = tess_client.post(url, {"place": "row", "chart_prepared": "on"}, **HTMX)

    page = response.content.decode()
    intake.refresh_from_db()
    assert response.status_code == 200
    assert page.lstrip().startswith(f'<tr id="arrival-{intake.pk}"')
    assert '<input type="checkbox" name="chart_prepared" checked>' in page
    assert '<input type="checkbox" name="forms_received">' in page
    assert (intake.chart_prepared, intake.forms_received, intake.insurance_verified) == (
        True,
        False,
        False,
    )
    audit = AuditEvent.objects.filter(object_id=str(intake.pk), summary="New patient readiness")
    assert list(audit.values_list("changes", flat=True)) == [
        {"chart_prepared": {"before": False, "after": True}}
    ]
    assert audit.get().actor == world.tess

    everything = {"place": "row", "forms_received": "on", "insurance_verified": "on"}
    page = tess_client.post(url, everything, **HTMX).content.decode()
    intake.refresh_from_db()
    assert (intake.chart_prepared, intake.forms_received, intake.insurance_verified) == (
        False,
        True,
        True,
    )
    assert "Ready</span>" not in page
    assert audit.count() == 2


@time_machine.travel(CALLED_AT, tick=False)
def test_ticking_without_htmx_goes_back_to_the_list(world: World, tess_client: Client) -> None:
    intake = expected(world, "Plain", VISIT_AT)
    back = "/new-patients/arrivals/?day=2026-11-10"

    every_tick = {"chart_prepared": "on", "forms_received": "on", "insurance_verified": "on"}

    response = tess_client.post(
        f"/new-patients/{intake.pk}/readiness/", {"place": "row", "next": back, **every_tick}
    )

    assert response.status_code == 302 and response["Location"] == back
    assert 'class="badge ready">Ready</span>' in tess_client.get(back).content.decode()
    elsewhere = tess_client.post(
        f"/new-patients/{intake.pk}/readiness/", {"place": "row", "next": "https://evil.example/"}
    )
    assert elsewhere["Location"] == f"/new-patients/{intake.pk}/#visit-day"
    intake.refresh_from_db()
    assert not intake.chart_prepared  # nothing ticked in that post: all unticked


@time_machine.travel(CALLED_AT, tick=False)
def test_who_may_tick(world: World, olga_client: Client) -> None:
    intake = expected(world, "Who", VISIT_AT)
    url = f"/new-patients/{intake.pk}/readiness/"

    desk = signed_in(world.fran).post(url, {"place": "row", "chart_prepared": "on"}, **HTMX)
    provider = signed_in(world.doc)
    refused = provider.post(url, {"place": "row", "forms_received": "on"}, **HTMX)
    outsider = olga_client.post(url, {"place": "row", "forms_received": "on"}, **HTMX)
    seen = provider.get(LIST, {"day": "2026-11-10"}).content.decode()

    intake.refresh_from_db()
    assert (desk.status_code, refused.status_code, outsider.status_code) == (200, 403, 404)
    assert (intake.chart_prepared, intake.forms_received) == (True, False)
    assert "Who Arrival" in seen and 'type="checkbox"' not in seen
    assert "✓ Chart prepared" in seen and "/arrived/" not in seen
    assert tess_get_status(world, url) == 405


def tess_get_status(world: World, url: str) -> int:
    return signed_in(world.tess).get(url).status_code
