"""Pre-determinations as the documents tests need them: a practice with everything a payer
form asks for, a request with many procedures, and a secondary asked after the primary."""

from __future__ import annotations

import io
from decimal import Decimal

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from casepath.core.predeterminations import ResponseLine
from casepath.predeterminations import response_services, services
from casepath.predeterminations.models import Predetermination, PredeterminationLine
from casepath.predeterminations.selectors import lines_of, predetermination_settings
from casepath.predeterminations.services import Draft
from tests.conftest import World
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan
from tests.predeterminations.builders import (
    CREATED,
    NOW,
    RECEIVED,
    Asked,
    received,
    sent,
    with_npis,
)

TAX_ID = "31-1234567"
SECONDARY_MEMBER_ID = "DD5550001"


def on_file(world: World, asked: Asked) -> None:
    """The practice's address, phone, NPIs and tax ID; the patient's address and sex."""
    with_npis(world, asked.made)
    rules = predetermination_settings(world.practice_a)
    rules.tax_id = TAX_ID
    rules.save()
    practice = world.practice_a
    practice.address, practice.phone = "12 River Road\nColumbus OH 43215", "(614) 555-0199"
    practice.save()
    patient = asked.pd.patient
    patient.address_line1, patient.city, patient.state = "48 Elm Street", "Columbus", "OH"
    patient.postal_code, patient.sex = "43210", "F"
    patient.save()


def many_lines(pd: Predetermination, count: int) -> None:
    """Procedures up to `count` lines (fillings on teeth 2, 3, ...), $195.00 each."""
    for position in range(len(lines_of(pd)), count):
        PredeterminationLine.objects.create(
            practice=pd.practice,
            predetermination=pd,
            position=position,
            code="D2392",
            tooth=str(position + 1),
            surfaces="MOD",
            fee=Decimal("195.00"),
        )


def implant_allowed_crown_denied(world: World) -> Asked:
    """The PPO approves $1,000.00 of $1,700.00 allowed for the implant, denies the crown."""
    asked = sent(world)
    implant, crown = lines_of(asked.pd)
    asked.pd = response_services.predetermination_record_response(
        acting_user=world.tess,
        predetermination=asked.pd,
        received_on=RECEIVED,
        response_expiry=None,
        lines=[
            ResponseLine(implant.pk, Decimal("1000.00"), Decimal("1700.00"), False),
            ResponseLine(crown.pk, None, None, True, reason="Missing tooth clause"),
        ],
        today=RECEIVED,
        now=NOW,
    )
    return asked


def secondary_after_primary(world: World, primary: Asked | None = None) -> Asked:
    """After the PPO (primary) answered (1000.00 and 700.00 unless `primary` says), the
    secondary is asked about the same procedures."""
    primary = primary or received(world)
    practice = world.practice_a
    carrier = build_carrier(practice, "Delta Dental", payer_id="94276")
    coverage = build_coverage(
        world.patient_a,
        build_plan(practice, carrier, group_number="DD-777"),
        ordinal=2,
        member_id=SECONDARY_MEMBER_ID,
    )
    pd = services.predetermination_create(
        acting_user=world.tess,
        case=primary.made.case,
        draft=Draft(
            option_id=primary.made.implant.pk,
            coverage_id=coverage.pk,
            procedure_ids=[line.procedure_id for line in lines_of(primary.pd)],
            narrative="Primary's answer enclosed.",
        ),
        created_on=CREATED,
    )
    return Asked(primary.made, pd)


def pdf_pages(client: Client, pd: Predetermination) -> list[str]:
    response = client.get(reverse("predeterminations:request_pdf", args=[pd.pk]))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]


def pdf_text(client: Client, pd: Predetermination) -> str:
    return "\n".join(pdf_pages(client, pd))
