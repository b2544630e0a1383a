"""The printable request: what a payer's pre-determination form asks, on one page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.procedures.models import ProcedureDescriptor
from tests.conftest import World, signed_in
from tests.insurance.coverage_builders import MEMBER_ID
from tests.predeterminations.builders import BILLING_NPI, PROVIDER_NPI, drafted
from tests.predeterminations.documents.builders import (
    SECONDARY_MEMBER_ID,
    TAX_ID,
    implant_allowed_crown_denied,
    many_lines,
    on_file,
    pdf_pages,
    pdf_text,
    secondary_after_primary,
)

pytestmark = pytest.mark.django_db


def test_the_request_has_what_the_payer_form_asks(world: World) -> None:
    asked = drafted(world)
    on_file(world, asked)
    text = pdf_text(signed_in(world.tess), asked.pd)
    expected = [
        "Request for Predetermination/Preauthorization",
        f"RV-PD-{asked.pd.pk}",
        "Date created: 03/12/2026",
        # the payer and the coverage
        "Keystone Dental",
        "Primary",
        "Columbus City Schools",
        "KDB-40112",
        # the patient, who is the subscriber
        "Ana Lopez",
        "48 Elm Street",
        "Columbus OH 43210",
        "04/12/1985",
        "Female",
        MEMBER_ID,
        "Self",
        # billing and treating dentists
        "Riverside Dental",
        "12 River Road",
        "(614) 555-0199",
        BILLING_NPI,
        TAX_ID,
        "Rita Nunez, DDS",
        PROVIDER_NPI,
        # the procedures
        "D6010",
        "D6058",
        "Implant placed in the jaw",
        "Crown on an implant",
        "$2,400.00",
        "$1,450.00",
        "Total fee $3,850.00",
        # enclosures and remarks
        "Enclosures: 1",
        "Radiographs: 1",
        "Periapical x-ray of #19",
        "Tooth 19 was extracted in 2025; the site has healed.",
        "Signature of treating dentist",
    ]
    missing = [words for words in expected if words not in text]
    assert not missing, f"not in the PDF: {missing}\n{text}"
    assert text.count(" 19 ") >= 2  # tooth 19 on both lines
    assert "not on file" not in text
    assert "None on file." in text  # no other coverage


def test_what_is_missing_is_printed_as_missing(world: World) -> None:
    text = pdf_text(signed_in(world.tess), drafted(world).pd)
    assert "Billing NPI not on file" in text
    assert "Tax ID (TIN) not on file" in text


def test_the_practices_own_descriptor_describes_the_procedure(world: World) -> None:
    asked = drafted(world)
    ProcedureDescriptor.objects.create(
        practice=world.practice_a,
        code="D6010",
        descriptor="Surgical placement of implant body: endosteal implant",
        source="CDT 2026 (ADA licence)",
    )
    text = pdf_text(signed_in(world.tess), asked.pd)
    assert "Surgical placement of implant body: endosteal implant" in text
    assert "Implant placed in the jaw" not in text
    assert "Crown on an implant" in text  # no descriptor imported for D6058


def test_twelve_procedures_print_on_one_page(world: World) -> None:
    asked = drafted(world)
    on_file(world, asked)
    asked.pd.narrative = "The patient lost tooth 19 in 2025 after a fracture. " * 6
    asked.pd.save()
    many_lines(asked.pd, 12)
    pages = pdf_pages(signed_in(world.tess), asked.pd)
    assert len(pages) == 1
    assert "Total fee $5,800.00" in pages[0]  # 2,400 + 1,450 + 10 x 195
    assert "12 12 MOD D2392 White filling on a back tooth, two sides $195.00" in pages[0]


def test_a_secondary_shows_the_primarys_answer_per_procedure(world: World) -> None:
    asked = secondary_after_primary(world)
    text = pdf_text(signed_in(world.tess), asked.pd).replace("\n", " ")
    assert "Delta Dental" in text and "94276" in text
    assert "Secondary" in text and SECONDARY_MEMBER_ID in text
    assert "Earlier coverage's answer" in text
    assert "Keystone Dental: approved $1,000.00" in text
    assert "Keystone Dental: approved $700.00" in text
    assert "04/02/2026" in text  # the primary's answer arrived then
    assert f"member ID {MEMBER_ID}" in text  # the primary, as other coverage


def test_a_secondary_shows_what_the_primary_allowed_and_denied(world: World) -> None:
    asked = secondary_after_primary(world, implant_allowed_crown_denied(world))
    text = pdf_text(signed_in(world.tess), asked.pd).replace("\n", " ")
    assert "Keystone Dental: approved $1,000.00, allowed $1,700.00" in text
    assert "Keystone Dental: denied (Missing tooth clause)" in text


def test_each_printed_copy_is_audited_as_an_export(world: World) -> None:
    asked = drafted(world)
    pdf_text(signed_in(world.tess), asked.pd)
    event = AuditEvent.objects.get(action=Action.EXPORT)
    assert (event.actor, event.patient, event.object_id) == (
        world.tess,
        world.patient_a,
        str(asked.pd.pk),
    )
    assert event.summary.startswith("Printed the request of pre-determination RV-PD-")
    assert MEMBER_ID not in event.summary and MEMBER_ID[-4:] in event.summary


def test_an_outsider_cannot_print_it(world: World) -> None:
    asked = drafted(world)
    url = reverse("predeterminations:request_pdf", args=[asked.pd.pk])
    assert signed_in(world.olga).get(url).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()
