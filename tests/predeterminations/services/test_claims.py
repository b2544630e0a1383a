"""The FHIR Claim of a pre-determination: what it is built from, and that it validates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from fhir.resources.R4B.claim import Claim

from casepath.core.errors import CasepathError, FieldError
from casepath.interop.fhir_predetermination import ClaimAttachment, ClaimLine
from casepath.predeterminations.claims import claim_of, claim_request
from casepath.predeterminations.selectors import lines_of
from tests.conftest import World
from tests.predeterminations.builders import BILLING_NPI, PROVIDER_NPI, drafted, with_npis


def test_the_request_carries_what_the_payer_needs(world: World) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    pd = asked.pd
    implant, crown = lines_of(pd)
    request = claim_request(pd)
    assert (request.practice_name, request.practice_npi) == ("Riverside Dental", BILLING_NPI)
    assert (request.provider_name, request.provider_npi) == ("Rita Nunez, DDS", PROVIDER_NPI)
    assert (request.patient_family, request.patient_given) == ("Lopez", "Ana")
    assert request.patient_birth_date == date(1985, 4, 12)
    assert (request.member_id, request.payer_name) == ("XKD9047715", "Keystone Dental")
    assert (request.relationship, request.priority) == ("self", "primary")
    assert request.created == date(2026, 3, 12)
    assert list(request.lines) == [
        ClaimLine(implant.pk, "D6010", Decimal("2400.00"), "19", ""),
        ClaimLine(crown.pk, "D6058", Decimal("1450.00"), "19", ""),
    ]
    assert request.narrative == "Tooth 19 was extracted in 2025; the site has healed."
    assert list(request.attachments) == [ClaimAttachment("xray", "Periapical x-ray of #19")]
    assert request.reference == f"RV-PD-{pd.pk}"


def test_the_claim_validates_as_fhir(world: World) -> None:
    asked = drafted(world)
    with_npis(world, asked.made)
    claim = claim_of(asked.pd)
    parsed = Claim.model_validate(claim)
    assert (parsed.use, parsed.status) == ("preauthorization", "active")
    assert parsed.model_dump(mode="json", exclude_none=True) == claim
    items = claim["item"]
    assert [item["productOrService"]["coding"][0]["code"] for item in items] == ["D6010", "D6058"]
    assert [item["bodySite"]["coding"][0]["code"] for item in items] == ["36", "36"]
    assert Decimal(str(claim["total"]["value"])) == Decimal("3850.00")


def test_no_claim_without_the_npis(world: World) -> None:
    with pytest.raises(CasepathError) as error:
        claim_of(drafted(world).pd)
    assert error.value.errors == (
        FieldError("practice_npi", "An NPI is 10 digits with a valid check digit."),
        FieldError("provider_npi", "An NPI is 10 digits with a valid check digit."),
    )
