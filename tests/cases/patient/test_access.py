"""Opening a link: unknown, expired, revoked, the date-of-birth check, the lock, the audit."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.test import Client

from casepath.audit.models import AuditEvent, Channel
from casepath.cases import links
from casepath.cases.models import CaseEvent, EventKind, PatientLink
from tests.cases.builders import two_option_case
from tests.cases.patient.conftest import (
    BIRTH,
    NOW,
    PHONE,
    WRONG_BIRTH,
    Linked,
    page_text,
    present_and_link,
)
from tests.conftest import World, signed_in


def test_an_unknown_token_is_a_404_that_names_nobody(linked: Linked, phone: Client) -> None:
    response = phone.get("/p/not-a-real-token-at-all/")
    assert response.status_code == 404
    text = page_text(response)
    assert "This link does not work" in text
    assert "Riverside" not in text and "Ana" not in text and PHONE not in text


def test_an_expired_link_is_gone_and_gives_the_phone(
    linked: Linked, phone: Client, frozen_now: Any
) -> None:
    frozen_now.move_to(NOW + timedelta(days=14, seconds=1))
    response = phone.get(linked.url())
    assert response.status_code == 410
    text = page_text(response)
    assert "This link is too old to use" in text
    assert PHONE in text
    assert "Ana" not in text


def test_a_revoked_link_is_gone(world: World, linked: Linked, phone: Client) -> None:
    links.link_revoke(acting_user=world.tess, link=linked.link, now=NOW)
    response = phone.get(linked.url())
    assert response.status_code == 410
    assert "This link no longer works" in page_text(response)
    assert phone.post(linked.url(), BIRTH).status_code == 410


def test_a_revoked_link_closes_a_verified_session(
    world: World, linked: Linked, verified: Client
) -> None:
    links.link_revoke(acting_user=world.tess, link=linked.link, now=NOW)
    assert verified.get(linked.url()).status_code == 410
    assert verified.get(linked.url("sign")).status_code == 410


def test_the_page_asks_for_the_date_of_birth_and_shows_nothing_before(
    linked: Linked, phone: Client
) -> None:
    response = phone.get(linked.url())
    assert response.status_code == 200
    text = page_text(response)
    assert "Check that it is you" in text
    assert 'autocomplete="bday-year"' in text
    assert "Ana" not in text and "Implant" not in text and "Bridge" not in text


def test_a_wrong_date_then_the_right_one(linked: Linked, phone: Client) -> None:
    wrong = phone.post(linked.url(), WRONG_BIRTH)
    assert wrong.status_code == 200
    assert "That date does not match" in page_text(wrong)
    assert "Implant" not in page_text(wrong)
    assert PatientLink.objects.get(pk=linked.link.pk).failed_checks == 1

    right = phone.post(linked.url(), BIRTH)
    assert right.status_code == 302 and right["Location"] == linked.url()
    link = PatientLink.objects.get(pk=linked.link.pk)
    assert link.failed_checks == 0
    page = phone.get(linked.url())
    assert page.status_code == 200
    text = page_text(page)
    assert "Hello, Ana." in text
    assert "Implant" in text and "Bridge" in text
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]


def test_an_impossible_date_is_not_a_try(linked: Linked, phone: Client) -> None:
    response = phone.post(linked.url(), {"month": "2", "day": "31", "year": "1985"})
    assert response.status_code == 200
    assert "Please enter a real date." in page_text(response)
    assert PatientLink.objects.get(pk=linked.link.pk).failed_checks == 0


def test_five_wrong_dates_lock_the_link(linked: Linked, phone: Client) -> None:
    for _ in range(4):
        assert phone.post(linked.url(), WRONG_BIRTH).status_code == 200
    fifth = phone.post(linked.url(), WRONG_BIRTH)
    assert fifth.status_code == 403
    assert "Too many tries" in page_text(fifth) and PHONE in page_text(fifth)
    assert phone.post(linked.url(), BIRTH).status_code == 403
    assert Client().get(linked.url()).status_code == 403
    assert PatientLink.objects.get(pk=linked.link.pk).failed_checks == 5
    assert not CaseEvent.objects.filter(kind=EventKind.LINK_OPENED).exists()
    tries = AuditEvent.objects.filter(channel=Channel.PATIENT_LINK, summary__startswith="Wrong")
    assert tries.count() == 5
    assert "now locked" in tries.order_by("pk").last().summary


def test_every_opening_is_audited_and_counted(
    world: World, linked: Linked, verified: Client
) -> None:
    verified.get(linked.url())
    verified.get(linked.url())
    link = PatientLink.objects.get(pk=linked.link.pk)
    assert link.opened_count == 2
    assert link.last_opened_at == NOW
    opened = CaseEvent.objects.filter(case=linked.two.case, kind=EventKind.LINK_OPENED)
    assert opened.count() == 1  # once per verification
    assert opened.get().actor_name == "patient"
    rows = AuditEvent.objects.filter(channel=Channel.PATIENT_LINK).order_by("pk")
    assert [r.summary for r in rows] == [
        "The patient opened the link to presentation 1",
        "The patient opened the plan on the patient link",
        "The patient opened the plan on the patient link",
    ]
    for row in rows:
        assert row.actor is None
        assert row.patient == world.patient_a
        assert row.ip_address == "127.0.0.1"


def test_the_session_forgets_the_link_after_30_quiet_minutes(
    linked: Linked, verified: Client, frozen_now: Any
) -> None:
    frozen_now.move_to(NOW + timedelta(minutes=29))
    assert "Hello, Ana." in page_text(verified.get(linked.url()))
    frozen_now.move_to(NOW + timedelta(minutes=29 + 31))
    assert "Check that it is you" in page_text(verified.get(linked.url()))


def test_a_spanish_speaking_patient_reads_spanish(world: World, phone: Client) -> None:
    world.patient_a.preferred_language = "Spanish"
    world.patient_a.save()
    made = present_and_link(world, two_option_case(world))
    ask = page_text(phone.get(made.url()))
    assert '<html lang="es">' in ask
    assert "Confirme que es usted" in ask
    assert phone.post(made.url(), BIRTH).status_code == 302
    text = page_text(phone.get(made.url()))
    assert "Su plan de tratamiento" in text
    assert "Usted paga" in text and "Compare sus opciones" in text
    assert "Opción 1: Implant" in text
    assert "Paso 1" in text and "Diente 19" in text
    assert "Qué esperar" in text
    assert "Your treatment plan" not in text


def test_without_the_date_of_birth_nothing_opens(
    world: World, linked: Linked, phone: Client
) -> None:
    option = linked.two.implant.pk
    assert phone.post(linked.url("choose"), {"option": option}).status_code == 302
    assert phone.post(linked.url("ask"), {"text": "Hi"}).status_code == 302
    assert phone.get(linked.url("sign")).status_code == 302
    assert phone.get(linked.url("consent_pdf")).status_code == 404
    assert phone.get(linked.url("image", 1)).status_code == 404
    assert PatientLink.objects.get(pk=linked.link.pk).chosen_option is None


def test_staff_of_another_practice_gets_only_the_question(world: World, linked: Linked) -> None:
    olga = signed_in(world.olga)
    text = page_text(olga.get(linked.url()))
    assert "Check that it is you" in text and "Ana" not in text
    assert olga.get(linked.url("consent_pdf")).status_code == 404
    assert olga.get(linked.url("choose")).status_code == 405
