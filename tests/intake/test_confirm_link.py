"""The public link that confirms the first visit (/n/confirm/<token>/): no sign-in, GET
shows and asks, POST confirms once, a link of a moved visit does not confirm the new
time, a link that is not ours is a 404."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import signing
from django.test import Client
from django.urls import reverse

from casepath.audit.models import AuditEvent
from casepath.core.intake import Stage
from casepath.intake import visit_services
from casepath.intake.models import Intake, IntakeMove
from casepath.intake.tokens import SALT, confirm_token, confirm_url
from casepath.scheduling.models import AppointmentStatus
from casepath.tenancy.scoping import scoped
from tests.conftest import World
from tests.intake.builders import CALLED_AT, VISIT_AT, book, capture, provider_of

OPENED_AT = CALLED_AT + timedelta(days=1)  # Tuesday, November 3
NEW_YORK = ZoneInfo("America/New_York")

pytestmark = pytest.mark.django_db


def link(intake: Intake) -> str:
    return reverse("intake_public:confirm", args=[confirm_token(intake)])


def booked(world: World) -> Intake:
    return book(capture(world.practice_a, world.tess), world.tess)


def moves_to_confirmed(intake: Intake) -> list[IntakeMove]:
    return list(scoped(IntakeMove, intake.practice).filter(intake=intake, to_stage="confirmed"))


@time_machine.travel(OPENED_AT, tick=False)
def test_the_link_in_the_email_is_the_public_confirm_page(world: World) -> None:
    intake = booked(world)
    url = confirm_url(intake)
    assert url == "https://casepath.example" + link(intake)
    assert link(intake).startswith("/n/confirm/")


@time_machine.travel(OPENED_AT, tick=False)
def test_opening_the_link_shows_the_visit_and_a_button_without_confirming(world: World) -> None:
    intake = booked(world)
    page = Client().get(link(intake))  # nobody signed in
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hi Nina. Your visit is on <strong>Tuesday, November 10 at 10:00 a.m.</strong>" in html
    assert "with Rita Nunez, DDS." in html
    assert '<button type="submit">Confirm my visit</button>' in html
    intake.refresh_from_db()
    assert intake.stage == Stage.WELCOME_SENT and intake.confirmed_at is None
    assert moves_to_confirmed(intake) == []
    assert intake.first_visit is not None
    assert intake.first_visit.status == AppointmentStatus.SCHEDULED


@time_machine.travel(OPENED_AT, tick=False)
def test_pressing_the_button_confirms_the_visit_once(world: World) -> None:
    intake = booked(world)
    patient_phone = Client()
    done = patient_phone.post(link(intake))
    assert done.status_code == 200
    assert "Thank you: your visit is confirmed." in done.content.decode()
    intake.refresh_from_db()
    assert (intake.stage, intake.confirmed_at) == (Stage.CONFIRMED, OPENED_AT)
    assert intake.first_visit is not None
    assert intake.first_visit.status == AppointmentStatus.CONFIRMED
    [move] = moves_to_confirmed(intake)
    assert (move.from_stage, move.note, move.at, move.by) == (
        "welcome_sent",
        "on the link",
        OPENED_AT,
        None,
    )
    audit_rows = AuditEvent.objects.count()

    again = patient_phone.post(link(intake))
    assert again.status_code == 200
    assert "Thank you: your visit is confirmed." in again.content.decode()
    assert len(moves_to_confirmed(intake)) == 1
    assert AuditEvent.objects.count() == audit_rows
    shown = patient_phone.get(link(intake))
    assert "Confirm my visit" not in shown.content.decode()


@time_machine.travel(OPENED_AT, tick=False)
def test_a_link_for_a_moved_visit_says_so_and_does_not_confirm(world: World) -> None:
    intake = booked(world)
    old_link = link(intake)
    intake = book(intake, world.tess, at=VISIT_AT + timedelta(days=2), now=OPENED_AT)
    shown = Client().get(old_link)
    assert shown.status_code == 200
    html = shown.content.decode()
    assert "Your visit has moved." in html
    assert "Thursday, November 12 at 10:00 a.m." in html  # the new time
    assert "Confirm my visit" not in html
    posted = Client().post(old_link)
    assert "Your visit has moved." in posted.content.decode()
    intake.refresh_from_db()
    assert intake.stage == Stage.WELCOME_SENT and moves_to_confirmed(intake) == []

    new = Client().post(link(intake))  # the newest message's link works
    assert "your visit is confirmed" in new.content.decode()
    intake.refresh_from_db()
    assert intake.stage == Stage.CONFIRMED


@time_machine.travel(OPENED_AT, tick=False)
def test_a_link_for_a_cancelled_visit_asks_to_call(world: World) -> None:
    intake = booked(world)
    old_link = link(intake)
    visit_services.visit_cancel(
        intake=intake, acting_user=world.tess, now=OPENED_AT, reason="Away that week"
    )
    page = Client().post(old_link)
    assert "This visit is no longer booked." in page.content.decode()
    intake.refresh_from_db()
    assert intake.stage == Stage.INQUIRY


@time_machine.travel(OPENED_AT, tick=False)
def test_a_visit_booked_in_the_practice_time_zone_has_a_working_link(world: World) -> None:
    intake = capture(world.practice_a, world.tess)
    starts = datetime(2026, 11, 10, 10, 0, tzinfo=NEW_YORK)  # as a form gives it
    visit_services.visit_book(
        intake=intake,
        acting_user=world.tess,
        provider=provider_of(world.practice_a),
        starts_at=starts,
        duration_minutes=60,
        now=OPENED_AT,
    )
    token_link = link(intake)  # made from the time as given, not as stored
    page = Client().post(token_link)
    assert "your visit is confirmed" in page.content.decode()
    intake.refresh_from_db()
    assert intake.stage == Stage.CONFIRMED


@time_machine.travel(OPENED_AT, tick=False)
def test_a_tampered_or_made_up_link_is_not_found(world: World) -> None:
    intake = booked(world)
    token = confirm_token(intake)
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    other_intake = signing.Signer(salt="another.salt").sign_object([intake.pk, ""])
    nobody = signing.Signer(salt=SALT).sign_object([intake.pk + 1000, ""])
    for bad in (flipped, "nonsense", other_intake, nobody):
        url = reverse("intake_public:confirm", args=[bad])
        for answer in (Client().get(url), Client().post(url)):
            assert answer.status_code == 404, bad
            assert "This link does not work." in answer.content.decode()
    intake.refresh_from_db()
    assert intake.stage == Stage.WELCOME_SENT


@time_machine.travel(OPENED_AT, tick=False)
def test_a_visit_already_past_is_not_confirmed(world: World) -> None:
    intake = booked(world)
    visit_services.visit_arrived(intake=intake, acting_user=world.tess, now=VISIT_AT)
    page = Client().post(link(intake))
    assert "This visit is not waiting for a confirmation." in page.content.decode()
    intake.refresh_from_db()
    assert intake.stage == Stage.ARRIVED
