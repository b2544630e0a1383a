"""The presentations section, presenting, links, questions, consents: pages and permissions."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from typing import Any

from django.core import mail
from django.core.files.base import ContentFile

from casepath.audit.models import AuditEvent
from casepath.cases import links, plan_services
from casepath.cases.models import CaseImage, CaseQuestion, Consent, PatientLink, Presentation
from tests.cases.builders import TwoOptions, build_case, two_option_case
from tests.cases.present.conftest import HTMX, NOW, present, url
from tests.conftest import World, signed_in


def test_the_tc_presents_from_the_section(world: World, two: TwoOptions) -> None:
    client = signed_in(world.tess)
    response = client.post(url("present", two.case.pk), {"mode": "remote"})
    assert response.status_code == 302
    assert response["Location"] == url("detail", two.case.pk)
    made = Presentation.objects.get(case=two.case)
    assert (made.number, made.mode, made.presented_by) == (1, "remote", world.tess)
    two.case.refresh_from_db()
    assert two.case.status == "presented"


def test_with_htmx_presenting_sends_the_page_to_the_case(world: World, two: TwoOptions) -> None:
    response = signed_in(world.tess).post(
        url("present", two.case.pk), {"mode": "in_person"}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Location"] == url("detail", two.case.pk)


def test_a_refusal_shows_as_a_message_in_the_section(world: World) -> None:
    draft = two_option_case(world, ready=False)
    response = signed_in(world.tess).post(
        url("present", draft.case.pk), {"mode": "in_person"}, **HTMX
    )
    assert response.status_code == 200
    assert "A draft case cannot be presented: mark it ready first." in response.content.decode()
    assert not Presentation.objects.exists()


def test_the_front_desk_sees_but_cannot_present(world: World, two: TwoOptions) -> None:
    fran = signed_in(world.fran)
    page = fran.get(url("presentations", two.case.pk), **HTMX)
    assert page.status_code == 200
    assert "Not presented yet." in page.content.decode()
    assert 'action="' + url("present", two.case.pk) not in page.content.decode()
    assert fran.post(url("present", two.case.pk), {"mode": "remote"}).status_code == 403
    made = present(world, two)
    assert fran.post(url("link_make", two.case.pk, made.pk)).status_code == 403
    assert fran.get(url("show", two.case.pk, made.pk)).status_code == 200
    assert not Presentation.objects.exclude(pk=made.pk).exists()


def test_the_section_lists_presentations_and_warns_of_a_changed_plan(
    world: World, two: TwoOptions
) -> None:
    present(world, two)
    client = signed_in(world.tess)
    page = client.get(url("presentations", two.case.pk), **HTMX).content.decode()
    assert "Presentation 1" in page and "In person" in page
    assert "Changed since" not in page
    procedure = two.implant.phases.first().procedures.get()
    plan_services.procedure_update(acting_user=world.tess, procedure=procedure, fee=Decimal("2600"))
    page = client.get(url("presentations", two.case.pk), **HTMX).content.decode()
    assert "Changed since: the plan is now version" in page
    assert "The patient cannot sign it: present it again." in page
    assert "Make patient link" not in page


def test_without_htmx_the_section_is_a_page(world: World, two: TwoOptions) -> None:
    page = signed_in(world.tess).get(url("presentations", two.case.pk)).content.decode()
    assert 'class="mainnav"' in page and 'id="case-presentations"' in page


def test_making_a_link_shows_it_once(world: World, two: TwoOptions) -> None:
    made = present(world, two)
    client = signed_in(world.tess)
    response = client.post(url("link_make", two.case.pk, made.pk), **HTMX)
    page = response.content.decode()
    found = re.search(r'value="http://testserver/p/([A-Za-z0-9_-]+)/"', page)
    assert found, "the link is shown"
    token = found.group(1)
    link = PatientLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    again = client.get(url("presentations", two.case.pk), **HTMX).content.decode()
    assert token not in again
    assert "0 times" in again and "Open" in again


def test_the_link_can_be_emailed_from_the_section(
    world: World, two: TwoOptions, django_capture_on_commit_callbacks: Any
) -> None:
    made = present(world, two)
    client = signed_in(world.tess)
    assert (
        "E-mail the link"
        not in client.get(url("presentations", two.case.pk), **HTMX).content.decode()
    )
    world.patient_a.email = "ana@example.com"
    world.patient_a.save()
    assert (
        "E-mail the link" in client.get(url("presentations", two.case.pk), **HTMX).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("link_make", two.case.pk, made.pk), {"email": "on"}, **HTMX)
    [sent] = mail.outbox
    token = re.search(r"/p/([A-Za-z0-9_-]+)/", sent.body).group(1)
    assert f"http://testserver/p/{token}/" in response.content.decode()


def test_revoking_a_link_from_the_section(world: World, two: TwoOptions) -> None:
    made = present(world, two)
    client = signed_in(world.tess)
    client.post(url("link_make", two.case.pk, made.pk), **HTMX)
    link = PatientLink.objects.get()
    page = client.post(url("link_revoke", two.case.pk, made.pk, link.pk), **HTMX).content.decode()
    link.refresh_from_db()
    assert link.revoked_at == NOW
    assert "Revoked 03/10/2026" in page
    assert "opens nothing any more" in page


def test_marking_a_question_answered(world: World, two: TwoOptions) -> None:
    link, _ = links.link_make(acting_user=world.tess, presentation=present(world, two), now=NOW)
    question = CaseQuestion.objects.create(
        practice=world.practice_a,
        case=two.case,
        link=link,
        text="How long does the implant take to heal?",
    )
    client = signed_in(world.tess)
    page = client.get(url("presentations", two.case.pk), **HTMX).content.decode()
    assert "How long does the implant take to heal?" in page
    target = url("question_answered", two.case.pk, question.pk)
    blank = client.post(target, {f"q{question.pk}-note": " "}, **HTMX)
    assert blank.status_code == 200 and "This field is required." in blank.content.decode()
    done = client.post(target, {f"q{question.pk}-note": "Called back: about 3 months."}, **HTMX)
    question.refresh_from_db()
    assert (question.answered_at, question.answered_by) == (NOW, world.tess)
    assert question.answer_note == "Called back: about 3 months."
    assert "How long does the implant take to heal?" not in done.content.decode()
    assert "No open questions." in done.content.decode()


def test_a_signed_consent_is_served_as_its_pdf_and_the_reading_audited(
    world: World, two: TwoOptions
) -> None:
    made = present(world, two)
    consent = Consent(
        practice=world.practice_a,
        case=two.case,
        presentation=made,
        option=two.implant,
        templates=[],
        signer_name="Ana Lopez",
        signature_kind="typed",
        signature="Ana Lopez",
        signed_at=NOW,
        pdf_sha256="0" * 64,
    )
    consent.pdf.save("consent.pdf", ContentFile(b"%PDF-1.7 a signed consent"), save=False)
    consent.save()
    client = signed_in(world.fran)
    page = client.get(url("presentations", two.case.pk), **HTMX).content.decode()
    assert url("consent_pdf", two.case.pk, consent.pk) in page
    response = client.get(url("consent_pdf", two.case.pk, consent.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 a signed consent"
    assert AuditEvent.objects.filter(
        action="view", object_type="consent", object_id=str(consent.pk), actor=world.fran
    ).exists()


def test_presentation_mode_shows_the_snapshot_not_the_live_plan(
    world: World, two: TwoOptions
) -> None:
    made = present(world, two)
    plan_services.option_update(
        acting_user=world.tess, option=two.bridge, name="Long bridge", summary="", recommended=False
    )
    response = signed_in(world.tess).get(url("show", two.case.pk, made.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bridge" in page and "Long bridge" not in page
    assert 'class="mainnav"' not in page  # no staff navigation
    assert "cases/present.js" in page and "cases/present.css" in page
    implant = made.snapshot["options"][0]
    assert implant["phases"][0]["procedures"][0]["explanation"]["why"] in page
    assert "$3,850.00" in page and "You pay" in page and "Option 1" in page
    assert 'data-tooth="19"' in page
    assert "This plan is good until April 9, 2026." in page
    assert AuditEvent.objects.filter(
        action="view", object_type="presentation", object_id=str(made.pk)
    ).exists()


def test_presentation_mode_speaks_the_patients_language(world: World) -> None:
    world.patient_a.preferred_language = "Spanish"
    world.patient_a.save()
    two = two_option_case(world)
    made = present(world, two)
    page = signed_in(world.tess).get(url("show", two.case.pk, made.pk)).content.decode()
    assert '<html lang="es">' in page
    assert "Su plan de tratamiento" in page and "Usted paga" in page and "Opción 2" in page
    assert "Este plan vale hasta el 9 de abril de 2026." in page


def test_an_outsider_finds_nothing(world: World, two: TwoOptions) -> None:
    made = present(world, two)
    olga = signed_in(world.olga)
    assert olga.get(url("presentations", two.case.pk)).status_code == 404
    assert olga.get(url("show", two.case.pk, made.pk)).status_code == 404
    assert olga.post(url("present", two.case.pk), {"mode": "remote"}).status_code == 404
    assert olga.post(url("link_make", two.case.pk, made.pk)).status_code == 404
    assert made.number == Presentation.objects.get().number


def test_a_presentation_of_another_case_is_not_found_under_this_one(
    world: World, two: TwoOptions
) -> None:
    made = present(world, two)
    other = build_case(world, title="Another case")
    client = signed_in(world.tess)
    assert client.get(url("show", other.pk, made.pk)).status_code == 404
    assert client.post(url("link_make", other.pk, made.pk)).status_code == 404


def test_presentation_mode_shows_the_images_of_the_snapshot(world: World, two: TwoOptions) -> None:
    post = two.implant.phases.first().procedures.get()
    for caption, procedure in (("Gap at 19", None), ("X-ray of 19", post)):
        image = CaseImage(
            practice=world.practice_a, case=two.case, procedure=procedure, caption=caption
        )
        image.content_type = "image/png"
        image.file.save("image.png", ContentFile(b"\x89PNG fake"), save=False)
        image.save()
    made = present(world, two)
    gap, xray = CaseImage.objects.order_by("pk")
    assert made.snapshot["images"] == [
        {"id": gap.pk, "caption": "Gap at 19", "kind": "photo", "procedure_id": None},
        {"id": xray.pk, "caption": "X-ray of 19", "kind": "photo", "procedure_id": post.pk},
    ]
    page = signed_in(world.tess).get(url("show", two.case.pk, made.pk)).content.decode()
    first_screen, implant_screen = page.split('id="screen-1"')[0], page.split('id="screen-1"')[1]
    assert f'src="{url("image", two.case.pk, gap.pk)}" alt="Gap at 19"' in first_screen
    assert f'src="{url("image", two.case.pk, xray.pk)}" alt="X-ray of 19"' in implant_screen


def test_a_patient_s_question_is_a_task_on_today(world: World) -> None:
    from casepath.cases.models import CaseQuestion
    from tests.conftest import signed_in

    made = two_option_case(world)
    CaseQuestion.objects.create(
        practice=world.practice_a, case=made.case, text="Does the implant hurt?"
    )
    page = signed_in(world.tess).get("/").content.decode()
    assert "Questions from patients" in page and "Does the implant hurt?" in page
    assert f"/cases/{made.case.pk}/" in page
    outsider = signed_in(world.olga).get("/").content.decode()
    assert "Does the implant hurt?" not in outsider
