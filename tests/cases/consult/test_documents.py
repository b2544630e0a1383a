"""Documents: the consult packet and the two letters, as PDFs whose text is checked."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from casepath.cases import image_services, presentation_services
from casepath.cases.document_services import document_make, document_template_save
from casepath.cases.models import CaseDocument, CaseEvent, ConsentTemplate, EventKind
from casepath.core.errors import CasepathError
from tests.builders import build_provider
from tests.cases.builders import TwoOptions
from tests.cases.consult.conftest import NOW, TODAY, book
from tests.conftest import World


def text_of(document: CaseDocument) -> str:
    with document.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def specialist(world: World):  # type: ignore[no-untyped-def]
    return build_provider(
        world.practice_a,
        first_name="Sam",
        last_name="Lee",
        credentials="DMD",
        kind="specialist",
        specialty="Oral surgery",
        is_external=True,
    )


def test_the_consult_packet_has_the_letter_every_option_and_the_consent(
    world: World, two: TwoOptions
) -> None:
    book(world, two)

    packet = document_make(acting_user=world.tess, case=two.case, kind="packet", today=TODAY)

    text = flat(text_of(packet))
    assert "Dear Ana," in text
    assert "Thank you for trusting Riverside Dental with your care." in text
    assert "consult on Friday, March 20, 2026 at 10:00 AM" in text
    assert "• Implant (recommended): your part is about $" in text
    assert "• Bridge: your part is about $" in text
    assert "Implant · recommended" in text and "Implant crown" in text
    assert "Paying for your care No financing options are prepared yet." in text
    assert "Consent preview" in text
    assert packet.title == "Consult packet for Ana Lopez · 03/10/2026"
    with packet.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == packet.pdf_sha256
    event = CaseEvent.objects.get(case=two.case, kind=EventKind.DOCUMENT)
    assert event.summary == "Made the document “Consult packet for Ana Lopez · 03/10/2026”"
    assert event.data["document"] == packet.pk


def test_the_packet_shows_the_live_plan_with_its_estimate(world: World, two: TwoOptions) -> None:
    packet = document_make(acting_user=world.tess, case=two.case, kind="packet", today=TODAY)

    text = flat(text_of(packet))
    implant = two.implant.estimate
    assert implant is not None
    assert f"Total ${implant.fee_total:,.2f} ${implant.insurance_total:,.2f}" in text
    assert f"your part is about ${implant.patient_total:,.2f}" in text
    assert "D6010" in text and "D6240" in text


def test_the_packet_uses_the_practice_consent_text_when_it_has_one(
    world: World, two: TwoOptions
) -> None:
    ConsentTemplate.objects.create(
        practice=world.practice_a,
        category="implants",
        title="Our implant consent",
        risks="The implant may not fuse with the bone.",
        benefits="A fixed tooth.",
        alternatives="A bridge.\nA partial denture.",
        refusal="The gap may widen.",
    )

    text = flat(
        text_of(document_make(acting_user=world.tess, case=two.case, kind="packet", today=TODAY))
    )

    assert "Our implant consent" in text
    assert "The implant may not fuse with the bone." in text
    assert "A partial denture." in text


def test_the_packet_shows_what_was_presented_while_the_plan_is_unchanged(
    world: World, two: TwoOptions
) -> None:
    presented = presentation_services.present_case(
        acting_user=world.tess, case=two.case, mode="in_person", today=TODAY, now=NOW
    )
    two.case.refresh_from_db()

    text = flat(
        text_of(document_make(acting_user=world.tess, case=two.case, kind="packet", today=TODAY))
    )

    assert "As presented to you on 03/10/2026." in text
    figures = presented.snapshot["options"][0]["figures"]
    assert f"your part is about ${float(figures['patient_total']):,.2f}" in text


def test_the_packet_embeds_the_case_pictures(world: World, two: TwoOptions) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(picture, "PNG")
    upload = SimpleUploadedFile("gap.png", picture.getvalue(), content_type="image/png")
    image_services.image_add(
        acting_user=world.tess, case=two.case, upload=upload, kind="photo", caption="The gap at 19"
    )

    packet = document_make(acting_user=world.tess, case=two.case, kind="packet", today=TODAY)

    with packet.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    pictures = {image.data for page in reader.pages for image in page.images}
    assert len(pictures) == 1  # one picture (pages share their resources)
    assert "The gap at 19" in flat(text_of(packet))


def test_the_letter_to_the_patient_lists_the_options(world: World, two: TwoOptions) -> None:
    letter = document_make(
        acting_user=world.tess, case=two.case, kind="patient_letter", today=TODAY
    )

    text = flat(text_of(letter))
    assert "March 10, 2026 Dear Ana," in text
    assert "Thank you for coming to see us." in text
    assert "• Implant (recommended): your part is about $" in text
    assert "• Bridge: your part is about $" in text
    assert "Tess Tester Riverside Dental" in text
    assert letter.kind == "patient_letter"


def test_the_letter_to_the_referring_provider(world: World, two: TwoOptions) -> None:
    letter = document_make(
        acting_user=world.tess,
        case=two.case,
        kind="referrer_letter",
        today=TODAY,
        referrer=specialist(world),
    )

    text = flat(text_of(letter))
    assert "Dear Dr. Sam Lee," in text
    assert "Thank you for referring Ana Lopez to Riverside Dental." in text
    assert "• Implant (recommended) • Bridge" in text
    assert letter.title == "Letter to Dr. Sam Lee · 03/10/2026"


def test_a_letter_uses_the_practice_edited_version(world: World, two: TwoOptions) -> None:
    edited = document_template_save(
        acting_user=world.tess,
        practice=world.practice_a,
        kind="patient_letter",
        name="Short letter",
        body="Hello {{ patient.full_name }}, your options: "
        "{% for o in options %}{{ o.name }} {% endfor %}",
    )

    letter = document_make(
        acting_user=world.tess, case=two.case, kind="patient_letter", today=TODAY
    )

    assert "Dental Hello Ana Lopez, your options: Implant Bridge Riverside" in flat(text_of(letter))
    assert letter.template == edited


def test_the_referrer_letter_needs_a_referrer_of_this_practice(
    world: World, two: TwoOptions
) -> None:
    with pytest.raises(CasepathError) as missing:
        document_make(acting_user=world.tess, case=two.case, kind="referrer_letter", today=TODAY)
    with pytest.raises(CasepathError) as elsewhere:
        document_make(
            acting_user=world.tess,
            case=two.case,
            kind="referrer_letter",
            today=TODAY,
            referrer=build_provider(world.practice_b),
        )

    assert missing.value.errors[0].path == "referrer"
    assert missing.value.errors[0].message == "Choose the provider the letter is written to."
    assert elsewhere.value.errors[0].path == "referrer"
    assert not CaseDocument.objects.exists()
    assert not CaseEvent.objects.filter(kind=EventKind.DOCUMENT).exists()


def test_an_unknown_kind_is_refused(world: World, two: TwoOptions) -> None:
    with pytest.raises(CasepathError) as refused:
        document_make(acting_user=world.tess, case=two.case, kind="invoice", today=TODAY)

    assert refused.value.errors[0].path == "kind"
