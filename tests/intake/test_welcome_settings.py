"""The welcome package settings screen, its PDF preview, and a new patient's PDF."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from casepath.audit.models import Action, AuditEvent
from casepath.intake.models import WelcomePackage
from casepath.intake.selectors import welcome_package
from casepath.messaging.models import Message, MessageAttachment
from casepath.tenancy.scoping import scoped
from tests.conftest import World, signed_in
from tests.intake.builders import CALLED_AT, book, capture

SETTINGS = reverse("intake:settings")
PREVIEW = reverse("intake:welcome_preview")

pytestmark = pytest.mark.django_db


def form_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "introduction": "We are a family practice on Main Street since 1998.",
        "what_to_expect": "About an hour: a talk, x-rays and the exam.",
        "forms": "Health history and privacy form: on our website.",
        "directions": "Suite 200. Park behind the bakery.",
        "financial_policy": "Payment is due when care is given.",
        "send_automatically": "on",
        "reminder_hours": "24",
    }
    return {k: v for k, v in (data | overrides).items() if v is not None}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_the_desk_cannot_change_the_welcome_package(world: World) -> None:
    desk = signed_in(world.fran)
    assert desk.get(SETTINGS).status_code == 403
    assert desk.post(SETTINGS, form_data()).status_code == 403
    assert desk.get(PREVIEW).status_code == 403
    package = welcome_package(world.practice_a)
    assert package.reminder_hours == 48


def test_the_tc_and_the_manager_see_the_settings(world: World) -> None:
    for user in (world.tess, world.mona):
        page = signed_in(user).get(SETTINGS)
        assert page.status_code == 200, user
    html = page.content.decode()
    assert "<h1>Welcome package</h1>" in html
    assert f'href="{PREVIEW}"' in html and "Preview the PDF" in html
    package = welcome_package(world.practice_a)
    assert "Welcome to our practice. We take the time to listen" in html
    assert 'name="reminder_hours" value="48"' in html
    for template in (
        package.welcome_template,
        package.reminder_template,
        package.reminder_text_template,
    ):
        assert template is not None
        url = reverse("messaging:template_edit", args=[template.pk])
        assert f'href="{url}"' in html, template.name
        assert signed_in(world.tess).get(url).status_code == 200


def test_saving_changes_the_package_and_is_audited(world: World, tess_client: Client) -> None:
    welcome_package(world.practice_a)
    answer = tess_client.post(SETTINGS, form_data(send_automatically=None))
    assert answer.status_code == 302 and answer["Location"] == SETTINGS
    package = scoped(WelcomePackage, world.practice_a).get()
    assert package.directions == "Suite 200. Park behind the bakery."
    assert (package.send_automatically, package.reminder_hours) == (False, 24)
    event = AuditEvent.objects.filter(object_type="welcomepackage").get()
    assert (event.action, event.actor, event.summary) == (
        Action.UPDATE,
        world.tess,
        "Welcome package changed",
    )
    assert event.changes["reminder_hours"] == {"before": 48, "after": 24}
    assert event.changes["send_automatically"] == {"before": True, "after": False}
    assert "financial_policy" in event.changes
    shown = tess_client.get(SETTINGS).content.decode()
    assert "Welcome package saved." in shown


@pytest.mark.parametrize("hours", ["1", "337", "two", ""])
def test_reminder_hours_out_of_range_are_refused_naming_the_field(
    world: World, tess_client: Client, hours: str
) -> None:
    welcome_package(world.practice_a)
    page = tess_client.post(SETTINGS, form_data(reminder_hours=hours))
    assert page.status_code == 200
    words = "Send the reminder between 2 and 336 hours (two weeks) before the visit."
    assert page.context["form"].errors == {"reminder_hours": [words]}
    assert f'id="id_reminder_hours_error" role="alert">{words}' in page.content.decode()
    assert scoped(WelcomePackage, world.practice_a).get().reminder_hours == 48
    assert not AuditEvent.objects.filter(object_type="welcomepackage").exists()


def test_an_empty_section_is_refused_naming_it(world: World, tess_client: Client) -> None:
    welcome_package(world.practice_a)
    page = tess_client.post(SETTINGS, form_data(directions="  "))
    assert page.status_code == 200
    assert page.context["form"].errors == {
        "directions": ["Write this section: it is a part of the PDF."]
    }


@time_machine.travel(CALLED_AT, tick=False)
def test_the_preview_is_a_pdf_for_a_made_up_patient_and_writes_nothing(
    world: World, tess_client: Client
) -> None:
    tess_client.post(SETTINGS, form_data())
    counts = (AuditEvent.objects.count(), Message.objects.count(), WelcomePackage.objects.count())
    answer = tess_client.get(PREVIEW)
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "no-store" in answer["Cache-Control"]
    content = answer.content
    assert content[:4] == b"%PDF"
    words = pdf_text(content)
    assert "Welcome, Maria Garcia" in words
    assert "Monday, November 9, 2026 at 9:30 a.m. with Rosa Nunez, DDS" in words
    assert "Suite 200. Park behind the bakery." in words
    assert (
        AuditEvent.objects.count(),
        Message.objects.count(),
        WelcomePackage.objects.count(),
    ) == counts


@time_machine.travel(CALLED_AT, tick=False)
def test_the_preview_of_a_package_never_saved_shows_the_defaults_and_saves_none(
    world: World, tess_client: Client
) -> None:
    answer = tess_client.get(PREVIEW)
    assert "Parking is free in front of the building." in pdf_text(answer.content)
    assert not WelcomePackage.objects.exists()


@time_machine.travel(CALLED_AT, tick=False)
def test_a_new_patients_pdf_is_the_one_sent_and_is_audited_as_an_export(world: World) -> None:
    intake = book(capture(world.practice_a, world.tess), world.tess)
    sent = scoped(MessageAttachment, world.practice_a).get()
    # the package changes after it was sent: the PDF stays what the patient got
    signed_in(world.tess).post(SETTINGS, form_data())
    url = reverse("intake:welcome_pdf", args=[intake.pk])
    assert url == f"/new-patients/{intake.pk}/welcome.pdf"
    answer = signed_in(world.fran).get(url)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content == bytes(sent.content)
    assert "Suite 200" not in pdf_text(answer.content)
    chart = intake.patient.chart_number
    assert answer["Content-Disposition"] == f'inline; filename="welcome-{chart}.pdf"'
    event = AuditEvent.objects.filter(action=Action.EXPORT).get()
    assert (event.actor, event.patient, event.object_type, event.object_id) == (
        world.fran,
        intake.patient,
        "intake",
        str(intake.pk),
    )
    assert event.summary == "Opened the welcome package of Nina Patel (as sent)"


@time_machine.travel(CALLED_AT, tick=False)
def test_a_pdf_not_sent_yet_is_made_now(world: World, tess_client: Client) -> None:
    tess_client.post(SETTINGS, form_data(send_automatically=None))
    intake = book(capture(world.practice_a, world.tess), world.tess)
    answer = tess_client.get(reverse("intake:welcome_pdf", args=[intake.pk]))
    words = pdf_text(answer.content)
    assert "Welcome, Nina Patel" in words and "Suite 200. Park behind the bakery." in words
    assert "Tuesday, November 10, 2026 at 10:00 a.m." in words
    event = AuditEvent.objects.filter(action=Action.EXPORT).get()
    assert event.summary == "Opened the welcome package of Nina Patel (not sent yet)"
    assert not MessageAttachment.objects.exists()


@time_machine.travel(CALLED_AT, tick=False)
def test_an_outsider_gets_404_for_a_new_patients_pdf(world: World, olga_client: Client) -> None:
    intake = capture(world.practice_a, world.tess)
    url = reverse("intake:welcome_pdf", args=[intake.pk])
    assert olga_client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
    assert olga_client.get(reverse("intake:welcome_pdf", args=[intake.pk + 100])).status_code == 404


def test_the_preview_day_is_a_week_ahead(world: World, tess_client: Client) -> None:
    with time_machine.travel(CALLED_AT + timedelta(days=1), tick=False):
        words = pdf_text(tess_client.get(PREVIEW).content)
    assert "Tuesday, November 10, 2026 at 9:30 a.m." in words
