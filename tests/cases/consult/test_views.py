"""The consult section, its forms, documents and their download, and the letter editor."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casepath.audit.models import Action, AuditEvent
from casepath.cases.document_services import document_make
from casepath.cases.models import CaseDocument, Consult, ConsultCheck, DocumentTemplate
from casepath.scheduling.models import Appointment
from tests.cases.builders import TwoOptions, build_case
from tests.cases.consult.conftest import HTMX, TODAY, book, dentist_a, room_a, url
from tests.conftest import World, signed_in


def schedule_data(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "starts_at": "2026-03-20T10:00",
        "duration_minutes": "45",
        "provider": dentist_a(world).pk,
        "room": room_a(world).pk,
        "companion_name": "Luis Lopez",
        "companion_relationship": "Spouse",
        "companion_decides": "on",
    }
    return data | overrides


def test_the_section_before_a_consult_offers_to_book_it(
    world: World, two: TwoOptions, tess_client: Client
) -> None:
    page = tess_client.get(url("consult", two.case.pk))

    assert page.status_code == 200
    assert "No consult booked yet" in page.text
    assert "Book the consult" in page.text
    assert "No documents made yet." in page.text


def test_booking_from_the_section(world: World, two: TwoOptions, tess_client: Client) -> None:
    answer = tess_client.post(url("consult_schedule", two.case.pk), schedule_data(world), **HTMX)

    assert answer.status_code == 200
    consult = Consult.objects.get(case=two.case)
    assert consult.appointment.starts_at.isoformat() == "2026-03-20T14:00:00+00:00"
    assert "Friday, March 20, 2026 at 10:00 AM · 45 minutes" in answer.text
    assert (
        'Luis Lopez <span class="muted">(Spouse)</span> <span class="badge">Decision maker'
        in answer.text
    )
    assert "Ana Lopez" in answer.text
    assert "No pre-determination yet." in answer.text
    assert "Financing arrives with a later release." in answer.text


def test_without_htmx_a_booking_goes_back_to_the_case_page(
    world: World, two: TwoOptions, tess_client: Client
) -> None:
    answer = tess_client.post(url("consult_schedule", two.case.pk), schedule_data(world))

    assert answer.status_code == 302
    assert answer["Location"] == f"/cases/{two.case.pk}/#consult-section"
    assert Consult.objects.filter(case=two.case).count() == 1


def test_a_booking_in_the_past_is_refused_beside_the_field(
    world: World, two: TwoOptions, tess_client: Client
) -> None:
    data = schedule_data(world, starts_at="2026-03-10T09:00")

    answer = tess_client.post(url("consult_schedule", two.case.pk), data, **HTMX)

    assert answer.status_code == 200
    assert "Choose a time that has not passed yet." in answer.text
    assert not Appointment.objects.exists()


def test_ticking_and_unticking_with_htmx(
    world: World, two: TwoOptions, tess_client: Client
) -> None:
    consult = book(world, two)
    tick = {"consult": consult.pk, "item": "visuals_loaded", "checked": "on"}

    ticked = tess_client.post(url("consult_check", two.case.pk), tick, **HTMX)

    assert ticked.status_code == 200
    assert ConsultCheck.objects.get(consult=consult).checked_by == world.tess
    assert "Ticked by Tess Tester, 03/10/2026 2:30 p.m." in ticked.text

    untick = {"consult": consult.pk, "item": "visuals_loaded"}
    unticked = tess_client.post(url("consult_check", two.case.pk), untick, **HTMX)

    assert unticked.status_code == 200
    assert not ConsultCheck.objects.exists()
    assert "Ticked by" not in unticked.text


def test_adding_and_removing_someone(world: World, two: TwoOptions, tess_client: Client) -> None:
    consult = book(world, two, attendees=[])
    person = {"consult": consult.pk, "name": "Rosa Lopez", "relationship": "Mother"}

    added = tess_client.post(url("consult_attendee_add", two.case.pk), person, **HTMX)
    rosa = consult.attendees.get(name="Rosa Lopez")
    removed = tess_client.post(url("consult_attendee_remove", two.case.pk, rosa.pk), **HTMX)

    assert added.status_code == removed.status_code == 200
    listed = 'Rosa Lopez <span class="muted">(Mother)</span>'
    assert listed in added.text and listed not in removed.text
    assert "Rosa Lopez no longer comes." in removed.text
    assert list(consult.attendees.values_list("name", flat=True)) == ["Ana Lopez"]


def test_a_consult_of_another_case_is_not_found(
    world: World, two: TwoOptions, tess_client: Client
) -> None:
    consult = book(world, two)
    second = build_case(world, title="Chipped front tooth")
    tick = {"consult": consult.pk, "item": "plan_final", "checked": "on"}

    answer = tess_client.post(url("consult_check", second.pk), tick, **HTMX)

    assert answer.status_code == 404
    assert not ConsultCheck.objects.exists()


def test_making_a_document_lists_it(world: World, two: TwoOptions, tess_client: Client) -> None:
    answer = tess_client.post(url("document_make", two.case.pk), {"kind": "patient_letter"}, **HTMX)

    document = CaseDocument.objects.get(case=two.case)
    assert answer.status_code == 200
    assert url("document_pdf", two.case.pk, document.pk) in answer.text
    assert "Letter to the patient for Ana Lopez · 03/10/2026" in answer.text


def test_the_referrer_letter_without_a_referrer_says_so(
    world: World, two: TwoOptions, tess_client: Client
) -> None:
    answer = tess_client.post(
        url("document_make", two.case.pk), {"kind": "referrer_letter"}, **HTMX
    )

    assert answer.status_code == 200
    assert "Choose the provider the letter is written to." in answer.text
    assert not CaseDocument.objects.exists()


def test_the_download_is_a_pdf_not_kept_by_the_browser_and_audited(
    world: World, two: TwoOptions
) -> None:
    document = document_make(acting_user=world.tess, case=two.case, kind="packet", today=TODAY)

    answer = signed_in(world.fran).get(url("document_pdf", two.case.pk, document.pk))

    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert "no-store" in answer["Cache-Control"]
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
    read = AuditEvent.objects.get(action=Action.VIEW, object_type="casedocument")
    assert (read.actor, read.object_id, read.patient) == (
        world.fran,
        str(document.pk),
        world.patient_a,
    )


def test_the_front_desk_sees_the_section_but_cannot_change_it(
    world: World, two: TwoOptions
) -> None:
    consult = book(world, two)
    fran = signed_in(world.fran)

    seen = fran.get(url("consult", two.case.pk))

    assert seen.status_code == 200
    assert "Make the PDF" not in seen.text and "Book another consult" not in seen.text
    assert fran.post(url("document_make", two.case.pk), {"kind": "packet"}).status_code == 403
    assert fran.post(url("consult_schedule", two.case.pk), schedule_data(world)).status_code == 403
    tick = {"consult": consult.pk, "item": "plan_final", "checked": "on"}
    assert fran.post(url("consult_check", two.case.pk), tick).status_code == 403
    assert not CaseDocument.objects.exists() and not ConsultCheck.objects.exists()


def test_an_outsider_finds_nothing(world: World, two: TwoOptions, olga_client: Client) -> None:
    consult = book(world, two)
    document = document_make(
        acting_user=world.tess, case=two.case, kind="patient_letter", today=TODAY
    )
    attendee = consult.attendees.last()
    assert attendee is not None

    assert olga_client.get(url("consult", two.case.pk)).status_code == 404
    assert olga_client.get(url("document_pdf", two.case.pk, document.pk)).status_code == 404
    assert (
        olga_client.post(url("document_make", two.case.pk), {"kind": "packet"}).status_code == 404
    )
    tick = {"consult": consult.pk, "item": "plan_final", "checked": "on"}
    assert olga_client.post(url("consult_check", two.case.pk), tick).status_code == 404
    assert (
        olga_client.post(url("consult_attendee_remove", two.case.pk, attendee.pk)).status_code
        == 404
    )
    assert CaseDocument.objects.count() == 1 and not ConsultCheck.objects.exists()
    assert not AuditEvent.objects.filter(actor=world.olga).exists()


# The letter editor


def test_the_editor_lists_the_letters_and_the_merge_fields(tess_client: Client) -> None:
    page = tess_client.get(url("document_templates"))

    assert page.status_code == 200
    assert page.text.count("Save a new version") == 3
    assert "<code>patient.first_name</code>" in page.text
    assert "Preview with a made-up patient" in page.text


def test_saving_a_letter_makes_its_next_version(world: World, tess_client: Client) -> None:
    data = {
        "letter": "patient_letter",
        "patient_letter-name": "Thank-you letter",
        "patient_letter-body": "Dear {{ patient.first_name }}, thank you.",
    }

    answer = tess_client.post(url("document_templates"), data)

    assert answer.status_code == 302
    saved = DocumentTemplate.objects.get(kind="patient_letter", is_current=True)
    assert (saved.version, saved.name) == (2, "Thank-you letter")


def test_an_unknown_merge_field_is_shown_and_not_saved(world: World, tess_client: Client) -> None:
    data = {
        "letter": "patient_letter",
        "patient_letter-name": "Letter",
        "patient_letter-body": "Dear {{ patient.nickname }}",
    }

    answer = tess_client.post(url("document_templates"), data)

    assert answer.status_code == 200
    assert "“{{ patient.nickname }}” is not a merge field" in answer.text
    assert not DocumentTemplate.objects.filter(version=2).exists()


@pytest.mark.parametrize("who", ["fran", "doc"])
def test_only_tcs_and_managers_edit_letters(world: World, who: str) -> None:
    client = signed_in(getattr(world, who))

    assert client.get(url("document_templates")).status_code == 403
