"""Signing the consent: drawn or typed, a real PDF, the case accepted, and every refusal."""

from __future__ import annotations

import base64
import hashlib
import io
import struct
import zlib
from datetime import timedelta

import pytest
from django.test import Client
from pypdf import PdfReader

from casepath.cases import consent_services, links, plan_services, presentation_services
from casepath.cases.consent_services import Signature, consent_sign, is_png_data_url
from casepath.cases.models import Case, CaseEvent, Consent, EventKind
from casepath.core.errors import CasepathError
from tests.cases.patient.conftest import NOW, TODAY, Linked, page_text
from tests.conftest import World


def png_data_url(width: int = 120, height: int = 40) -> str:
    """A real PNG (grey, one dark line across), made by hand: no imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\0" + (b"\x00" if y == height // 2 else b"\xff") * width for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
    png += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(png).decode()


def drawn(**extra: str) -> dict[str, str]:
    return {
        "signature_kind": "drawn",
        "signature_drawn": png_data_url(),
        "signer_name": "Ana Lopez",
        "agree": "on",
        **extra,
    }


def typed(**extra: str) -> dict[str, str]:
    return {
        "signature_kind": "typed",
        "signature_typed": "Ana M. Lopez",
        "signer_name": "Ana Lopez",
        "witness_name": "Luis Lopez",
        "agree": "on",
        **extra,
    }


def pdf_text(consent: Consent) -> str:
    consent.pdf.open("rb")
    reader = PdfReader(io.BytesIO(consent.pdf.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def chose_implant(linked: Linked, verified: Client) -> Client:
    assert verified.post(linked.url("choose"), {"option": linked.two.implant.pk}).status_code == 302
    return verified


def test_the_sign_page_shows_the_consent_of_the_chosen_option(
    linked: Linked, chose_implant: Client
) -> None:
    text = page_text(chose_implant.get(linked.url("sign")))
    assert "Your choice: Implant" in text
    assert "Ana Lopez" in text
    assert "What can go wrong" in text and "If you say no" in text
    assert "I agree to the treatment I chose." in text
    assert 'id="signature-pad"' in text and "cases/signature.js" in text


def test_signing_needs_a_chosen_option(linked: Linked, verified: Client) -> None:
    response = verified.get(linked.url("sign"))
    assert response.status_code == 302
    assert response["Location"] == linked.url() + "?choose=1#options"


def test_a_drawn_signature_makes_a_real_pdf_and_accepts_the_case(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    response = chose_implant.post(linked.url("sign"), drawn())
    assert response.status_code == 302 and response["Location"] == linked.url("done")
    consent = Consent.objects.get()
    assert consent.signature_kind == "drawn"
    assert consent.signature.startswith("data:image/png;base64,")
    assert consent.option == linked.two.implant
    assert consent.presentation == linked.presentation and consent.link_id == linked.link.pk
    assert consent.signed_at == NOW and consent.ip_address == "127.0.0.1"
    consent.pdf.open("rb")
    content = consent.pdf.read()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == consent.pdf_sha256
    text = pdf_text(consent)
    assert "Ana Lopez" in text and "Implant" in text
    assert "Riverside Dental" in text
    assert linked.presentation.fingerprint in text.replace("\n", "")
    case = Case.objects.get(pk=linked.two.case.pk)
    assert case.status == "accepted"
    assert case.acceptance == "whole"
    assert case.accepted_option == linked.two.implant
    assert case.decided_on == TODAY
    signed = CaseEvent.objects.get(case=case, kind=EventKind.SIGNED)
    assert signed.actor_name == "patient" and "Implant" in signed.summary
    assert [t["category"] for t in consent.templates] == ["implants"]
    assert consent.templates[0]["version"] == 1


def test_a_typed_signature_and_a_witness(linked: Linked, chose_implant: Client) -> None:
    assert chose_implant.post(linked.url("sign"), typed()).status_code == 302
    consent = Consent.objects.get()
    assert consent.signature_kind == "typed"
    assert consent.signature == "Ana M. Lopez"
    assert consent.witness_name == "Luis Lopez"
    text = pdf_text(consent)
    assert "Ana M. Lopez" in text and "Luis Lopez" in text and "Implant" in text
    assert Case.objects.get(pk=linked.two.case.pk).status == "accepted"


def test_after_signing_the_patient_can_download_the_pdf(
    linked: Linked, chose_implant: Client
) -> None:
    chose_implant.post(linked.url("sign"), typed())
    done = page_text(chose_implant.get(linked.url("done")))
    assert "Thank you. Your signed plan was sent" in done
    assert "Signed on March 10, 2026" in done
    download = chose_implant.get(linked.url("consent_pdf"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == Consent.objects.get().pdf_sha256
    assert chose_implant.get(linked.url("sign"))["Location"] == linked.url("done")
    assert Client().get(linked.url("consent_pdf")).status_code == 404


@pytest.mark.parametrize(
    "data, message",
    [
        (drawn(signature_drawn=""), "Please sign before you send."),
        (drawn(signature_drawn="data:image/jpeg;base64,AAAA"), "We could not read your signature"),
        (drawn(signature_drawn="data:image/png;base64,bm90IGEgcG5n"), "We could not read"),
        (typed(signature_typed=""), "Please type your full name."),
        (typed(signer_name=""), "Please type your full name."),
        (typed(agree=""), "Please check the box to agree."),
    ],
)
def test_an_incomplete_signature_is_refused(
    linked: Linked, chose_implant: Client, data: dict[str, str], message: str
) -> None:
    response = chose_implant.post(linked.url("sign"), data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Consent.objects.exists()
    assert Case.objects.get(pk=linked.two.case.pk).status == "pending"


def test_a_signature_image_over_200_kb_is_refused() -> None:
    small = png_data_url()
    assert is_png_data_url(small)
    big = (
        "data:image/png;base64,"
        + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * (200 * 1024)).decode()
    )
    assert not is_png_data_url(big)
    assert not is_png_data_url("data:image/png;base64,not base64!")


def test_signing_is_refused_after_the_plan_changed(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    crown = linked.two.implant.phases.order_by("position", "pk").last()
    plan_services.procedure_add(acting_user=world.tess, phase=crown, code="D7140", tooth="20")
    page = page_text(chose_implant.get(linked.url("sign")))
    assert "Your plan changed after we showed it to you." in page
    assert 'id="sign-form"' not in page
    response = chose_implant.post(linked.url("sign"), typed())
    assert response.status_code == 200
    assert "Your plan changed" in page_text(response)
    assert not Consent.objects.exists()
    case = Case.objects.get(pk=linked.two.case.pk)
    assert case.status == "pending" and case.accepted_option is None
    assert not CaseEvent.objects.filter(kind=EventKind.SIGNED).exists()


def test_the_service_refuses_a_revoked_link(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    links.link_revoke(acting_user=world.tess, link=linked.link, now=NOW)
    with pytest.raises(CasepathError, match="This link no longer works"):
        _sign(linked)
    assert not Consent.objects.exists()
    assert Case.objects.get(pk=linked.two.case.pk).status == "pending"
    assert chose_implant.post(linked.url("sign"), typed()).status_code == 410


def test_the_service_refuses_an_expired_link(linked: Linked, chose_implant: Client) -> None:
    with pytest.raises(CasepathError, match="too old"):
        _sign(linked, now=NOW + timedelta(days=15))
    assert not Consent.objects.exists()


def test_signing_an_older_presentation_is_refused(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    presentation_services.present_case(
        acting_user=world.tess, case=linked.two.case, mode="in_person", today=TODAY, now=NOW
    )
    response = chose_implant.post(linked.url("sign"), typed())
    assert response.status_code == 200
    assert "We made a newer plan for you." in page_text(response)
    assert not Consent.objects.exists()
    assert Case.objects.get(pk=linked.two.case.pk).status == "presented"


def test_a_decided_case_cannot_be_signed_again(linked: Linked, chose_implant: Client) -> None:
    chose_implant.post(linked.url("sign"), typed())
    with pytest.raises(CasepathError, match="can no longer be signed"):
        _sign(linked)
    assert Consent.objects.count() == 1


def test_a_signed_consent_cannot_be_changed_or_deleted(
    linked: Linked, chose_implant: Client
) -> None:
    chose_implant.post(linked.url("sign"), drawn())
    consent = Consent.objects.get()
    consent.signer_name = "Someone else"
    with pytest.raises(ValueError, match="cannot be changed"):
        consent.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        consent.delete()
    assert Consent.objects.get().signer_name == "Ana Lopez"


def test_a_template_edited_while_reading_is_refused(
    world: World, linked: Linked, chose_implant: Client
) -> None:
    page = page_text(chose_implant.get(linked.url("sign")))
    shown = consent_services.consent_template(world.practice_a, "implants", "en")
    assert f'name="templates" value="{shown.pk}"' in page
    _edit_implants(world, "A new risk.")
    response = chose_implant.post(linked.url("sign"), typed(templates=str(shown.pk)))
    assert response.status_code == 200
    assert "The consent text was just updated." in page_text(response)
    assert not Consent.objects.exists()
    current = consent_services.consent_template(world.practice_a, "implants", "en")
    assert f'name="templates" value="{current.pk}"' in page_text(response)
    again = chose_implant.post(linked.url("sign"), typed(templates=str(current.pk)))
    assert again.status_code == 302
    assert Consent.objects.get().templates[0]["version"] == 2


def _edit_implants(world: World, risk: str) -> None:
    current = consent_services.consent_template(world.practice_a, "implants", "en")
    consent_services.consent_template_edit(
        acting_user=world.tess,
        practice=world.practice_a,
        category="implants",
        language="en",
        title=current.title,
        risks=risk,
        benefits=current.benefits,
        alternatives=current.alternatives,
        refusal=current.refusal,
    )


def _sign(linked: Linked, now: object = NOW) -> Consent:
    return consent_sign(
        link=linked.link,
        option_id=linked.two.implant.pk,
        signature=Signature("typed", "Ana Lopez", "Ana Lopez"),
        ip_address="10.0.0.1",
        now=now,  # type: ignore[arg-type]
        today=TODAY,
    )


def test_a_spanish_speaking_patient_signs_in_spanish(world: World, phone: Client) -> None:
    from tests.cases.builders import two_option_case
    from tests.cases.patient.conftest import BIRTH, present_and_link

    world.patient_a.preferred_language = "español"
    world.patient_a.save()
    made = present_and_link(world, two_option_case(world))
    phone.post(made.url(), BIRTH)
    phone.post(made.url("choose"), {"option": made.two.bridge.pk})
    page = page_text(phone.get(made.url("sign")))
    assert "Su permiso para el tratamiento" in page
    assert "Acepto el tratamiento que elegí." in page
    refused = phone.post(made.url("sign"), typed(agree=""))
    assert "Por favor, marque el cuadro para aceptar." in page_text(refused)
    assert phone.post(made.url("sign"), typed()).status_code == 302
    consent = Consent.objects.get()
    text = pdf_text(consent)
    assert "Firmado por" in text and "Ana Lopez" in text and "Bridge" in text
    assert consent.templates[0]["category"] == "prosthodontics"
    done = page_text(phone.get(made.url("done")))
    assert "Firmado el 10 de marzo de 2026" in done
