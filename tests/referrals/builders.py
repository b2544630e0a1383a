"""Builders for referral tests: a provider of the directory (with a valid NPI), a
referral in, a referral out (through the real services), a document of a referral.

    provider = build_referring_provider(world.practice_a)
    inbound = build_inbound(world, provider=provider)           # received, patient_a
    outbound = build_outbound(world, case=case)                 # sent, a procedure of the case
    document = build_document(outbound)                         # a small PDF
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from casepath.cases.models import Case, PlannedProcedure
from casepath.referrals import services
from casepath.referrals.models import Referral, ReferralDocument, ReferringProvider
from casepath.referrals.selectors import case_procedures
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped
from tests.conftest import World

NOW = datetime.fromisoformat("2026-03-20T15:00:00+00:00")  # a Friday, 11:00 in New York
REFERRED_ON = date(2026, 3, 18)
EXPECTED_BACK_ON = date(2026, 4, 30)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% a stand-in x-ray report\n%%EOF\n"


def npi_with_check_digit(first_nine: str) -> str:
    """A valid NPI: the nine digits and the Luhn check digit (with the 80840 prefix)."""
    digits = [int(d) for d in "80840" + first_nine]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return first_nine + str((10 - total % 10) % 10)


def build_referring_provider(practice: Practice, **fields: Any) -> ReferringProvider:
    """Dr. Alan Reyes, oral surgeon, with a valid NPI of his own (unless given)."""
    count = scoped(ReferringProvider, practice).count() + 1
    values: dict[str, Any] = {
        "name": "Dr. Alan Reyes",
        "practice_name": "Reyes Oral Surgery",
        "specialty": "Oral surgery",
        "npi": npi_with_check_digit(f"{123456780 + count:09d}"),
        "phone": "(614) 555-0170",
        "fax": "(614) 555-0171",
        "email": "office@reyes-surgery.example",
        "address": "12 Elm Street\nColumbus, OH 43004",
    }
    values.update(fields)
    return ReferringProvider.objects.create(practice=practice, **values)


def build_inbound(
    world: World,
    *,
    provider: ReferringProvider | None = None,
    now: datetime = NOW,
    **fields: Any,
) -> Referral:
    """Patient A referred to practice A by `provider` (a general dentist unless given):
    status received, through `services.referral_receive`."""
    provider = provider or build_referring_provider(
        world.practice_a,
        name="Dr. Mia Chen",
        practice_name="Chen Family Dentistry",
        specialty="General dentistry",
    )
    values: dict[str, Any] = {
        "reason": "Evaluate for an implant at 19; patient anxious.",
        "urgency": "soon",
        "received_on": REFERRED_ON,
    }
    values.update(fields)
    if "intake" not in values:
        values.setdefault("patient", world.patient_a)
    return services.referral_receive(
        practice=world.practice_a,
        acting_user=world.tess,
        now=now,
        other_provider=provider,
        **values,
    )


def build_outbound(
    world: World,
    *,
    provider: ReferringProvider | None = None,
    case: Case | None = None,
    procedures: Sequence[PlannedProcedure] | None = None,
    now: datetime = NOW,
    **fields: Any,
) -> Referral:
    """Patient A (or the case's patient) referred out to `provider` (Dr. Reyes, oral
    surgeon, unless given): status sent, through `services.referral_send`. With a case
    and no `procedures`, it covers the first procedure of the case's plan."""
    provider = provider or build_referring_provider(world.practice_a)
    if case is not None and procedures is None:
        procedures = list(case_procedures(case).by_id.values())[:1]
    values: dict[str, Any] = {
        "reason": "Extraction of 19 and a bone graft; implant to follow.",
        "urgency": "routine",
        "sent_on": REFERRED_ON,
        "expected_back_on": EXPECTED_BACK_ON,
    }
    values.update(fields)
    if case is None:
        values.setdefault("patient", world.patient_a)
    return services.referral_send(
        practice=world.practice_a,
        acting_user=world.tess,
        now=now,
        other_provider=provider,
        case=case,
        procedures=list(procedures or []),
        **values,
    )


def pdf_upload(name: str = "panoramic.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def build_document(
    referral: Referral, *, title: str = "Panoramic x-ray", content: bytes = PDF, user: Any = None
) -> ReferralDocument:
    """A small PDF kept with `referral` (through `services.referral_document_add`)."""
    return services.referral_document_add(
        referral=referral,
        acting_user=user or referral.coordinator,
        upload=pdf_upload(content=content),
        title=title,
    )
