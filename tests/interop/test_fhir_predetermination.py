"""FHIR pre-determinations: official examples round-trip, our Claim validates, responses read."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.claim import Claim
from fhir.resources.R4B.claimresponse import ClaimResponse
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.interop.fhir_predetermination import (
    CDT,
    FDI_SURFACE,
    FDI_TOOTH,
    ClaimAttachment,
    ClaimLine,
    ClaimRequest,
    build_claim,
    fdi_to_universal,
    is_npi,
    line_ids_by_sequence,
    read_claim_response,
    universal_to_fdi,
)

EXAMPLES = Path("/work/shared/fhir_examples/R4")
CLAIMS = sorted(EXAMPLES.glob("claim-*.json"))
RESPONSES = sorted(EXAMPLES.glob("claimresponse-*.json"))


def _decimal_json(text: str) -> Any:
    """JSON with every number as a Decimal, so 1400.00 and 1400.0 compare equal by value only."""
    return json.loads(text, parse_float=Decimal, parse_int=Decimal)


def test_the_official_examples_are_there() -> None:
    assert len(CLAIMS) == 7
    assert len(RESPONSES) == 4


@pytest.mark.parametrize("path", CLAIMS + RESPONSES, ids=lambda p: p.name)
def test_official_examples_round_trip_without_loss(path: Path) -> None:
    text = path.read_text()
    model_class = ClaimResponse if path.name.startswith("claimresponse") else Claim
    model = model_class.model_validate_json(text)
    again = model.model_dump_json(exclude_none=True)
    assert _decimal_json(again) == _decimal_json(text)
    # The second trip is byte-for-byte stable.
    assert model_class.model_validate_json(again).model_dump_json(exclude_none=True) == again


def test_the_only_difference_is_trailing_zeros() -> None:
    text = (EXAMPLES / "claim-example-oral-bridge.json").read_text()
    again = Claim.model_validate_json(text).model_dump_json(exclude_none=True)
    assert '"value": 1400.00' in text
    assert '"value":1400.0,' in again
    assert json.loads(again) == json.loads(text)


def request(**changes: Any) -> ClaimRequest:
    fields: dict[str, Any] = {
        "practice_name": "Bright Smiles Dental",
        "practice_npi": "1234567893",
        "provider_name": "Dana Ortiz, DDS",
        "provider_npi": "1245319599",
        "patient_family": "Rivera",
        "patient_given": "Ana",
        "patient_birth_date": date(1980, 5, 17),
        "patient_gender": "female",
        "member_id": "XZ123456",
        "payer_name": "Delta Dental of Somewhere",
        "relationship": "self",
        "created": date(2025, 3, 4),
        "priority": "secondary",
        "narrative": "Fractured cusp on #30; existing MOD amalgam failing.",
        "lines": [
            ClaimLine(41, "D2740", Decimal("1250.00"), tooth="30"),
            ClaimLine(42, "D2392", Decimal("310.50"), tooth="3", surfaces="MOF"),
            ClaimLine(43, "D4341", Decimal("260.00")),
        ],
        "attachments": [
            ClaimAttachment("xray", "PA #30, 2025-02-20"),
            ClaimAttachment("perio_chart", "Perio chart 2025-02-20"),
        ],
        "reference": "PD-7",
    }
    return ClaimRequest(**(fields | changes))


def test_build_claim_is_a_valid_preauthorization() -> None:
    claim = build_claim(request())
    assert claim["resourceType"] == "Claim"
    assert claim["use"] == "preauthorization"
    assert claim["status"] == "active"
    assert claim["type"]["coding"][0]["code"] == "oral"
    assert claim["created"] == "2025-03-04"
    assert claim["identifier"] == [{"value": "PD-7"}]
    first, second, third = claim["item"]
    assert first["productOrService"]["coding"] == [{"system": CDT, "code": "D2740"}]
    assert first["bodySite"]["coding"] == [{"system": FDI_TOOTH, "code": "46"}]
    assert Decimal(str(first["unitPrice"]["value"])) == Decimal("1250.00")
    assert first["net"]["currency"] == "USD"
    assert second["bodySite"]["coding"][0]["code"] == "16"
    assert [s["coding"][0] for s in second["subSite"]] == [
        {"system": FDI_SURFACE, "code": "M"},
        {"system": FDI_SURFACE, "code": "O"},
        {"system": FDI_SURFACE, "code": "V"},
    ]
    assert "bodySite" not in third
    assert Decimal(str(claim["total"]["value"])) == Decimal("1820.50")
    assert line_ids_by_sequence(request()) == {1: 41, 2: 42, 3: 43}


def test_build_claim_carries_who_and_the_coverage() -> None:
    claim = build_claim(request())
    contained = {r["id"]: r for r in claim["contained"]}
    assert contained["practice"]["identifier"][0]["value"] == "1234567893"
    assert contained["provider"]["name"] == [{"text": "Dana Ortiz, DDS"}]
    assert contained["patient"]["birthDate"] == "1980-05-17"
    assert contained["coverage"]["subscriberId"] == "XZ123456"
    assert contained["coverage"]["order"] == 2
    assert contained["coverage"]["relationship"]["coding"][0]["code"] == "self"
    assert contained["payer"]["name"] == "Delta Dental of Somewhere"
    assert claim["insurer"]["reference"] == "#payer"
    info = claim["supportingInfo"]
    assert [i["category"]["coding"][0]["code"] for i in info] == [
        "info",
        "attachment",
        "attachment",
    ]
    assert info[0]["valueString"].startswith("Fractured cusp")
    assert info[1]["valueAttachment"] == {"title": "PA #30, 2025-02-20"}
    assert info[2]["code"] == {"text": "Periodontal chart"}


def test_build_claim_output_validates_and_round_trips() -> None:
    claim = build_claim(request())
    text = json.dumps(claim)
    again = Claim.model_validate_json(text).model_dump_json(exclude_none=True)
    assert _decimal_json(again) == _decimal_json(text)


def test_a_primary_request_without_extras() -> None:
    claim = build_claim(request(priority="primary", narrative="", attachments=(), reference=""))
    assert "supportingInfo" not in claim and "identifier" not in claim
    assert next(r for r in claim["contained"] if r["id"] == "coverage")["order"] == 1


def test_build_claim_names_every_bad_field() -> None:
    with pytest.raises(CasepathError) as caught:
        build_claim(
            request(
                member_id=" ",
                provider_npi="1234567890",
                lines=[
                    ClaimLine(1, "", Decimal("-1")),
                    ClaimLine(2, "D2391", Decimal("90"), tooth="33", surfaces="MX"),
                ],
                attachments=[ClaimAttachment("video", "clip")],
            )
        )
    assert [e.path for e in caught.value.errors] == [
        "member_id",
        "provider_npi",
        "lines[0].code",
        "lines[0].fee",
        "lines[1].tooth",
        "lines[1].surfaces",
        "attachments[0].kind",
    ]


def test_no_lines_is_refused() -> None:
    with pytest.raises(CasepathError) as caught:
        build_claim(request(lines=[]))
    assert caught.value.errors[0].path == "lines"


def test_npi_check_digit() -> None:
    assert is_npi("1234567893")
    assert not is_npi("1234567890")
    assert not is_npi("123456789")


def read(name: str) -> Any:
    return read_claim_response((EXAMPLES / name).read_text())


def test_read_claimresponse_example() -> None:
    response = read("claimresponse-example.json")
    assert (response.resource_id, response.use, response.outcome) == ("R3500", "claim", "complete")
    assert response.disposition == "Claim settled as per contract."
    assert response.created == date(2014, 8, 16)
    (item,) = response.items
    assert item.sequence == 1
    assert item.approved == Decimal("90.47")
    assert item.allowed == Decimal("135.57")
    assert item.denied is False
    assert item.reason == "Plan Limit Reached"
    assert response.totals == {"submitted": Decimal("135.57"), "benefit": Decimal("90.47")}


def test_read_unsolicited_preauth() -> None:
    response = read("claimresponse-example-unsolicited-preauth.json")
    assert response.use == "preauthorization"
    assert response.preauth_ref == "18SS12345"
    first, second = response.items
    assert (first.code, first.added, first.sequence) == ("1101", True, 1)
    assert (first.approved, first.allowed, first.submitted) == (
        Decimal("240.00"),
        Decimal("250.00"),
        Decimal("250.00"),
    )
    assert first.remarks.startswith("Please submit a Pre-Authorization request")
    assert (second.code, second.approved, second.allowed) == (
        "2101",
        Decimal("800.00"),
        Decimal("800.00"),
    )
    assert second.remarks == ""
    assert response.totals["benefit"] == Decimal("1040.00")


def test_a_zero_benefit_is_a_denial() -> None:
    response = read("claimresponse-example-additem.json")
    assert response.items[0].denied is True
    assert response.items[0].approved == Decimal("0.00")
    assert [i.approved for i in response.items[1:3]] == [Decimal("84.00"), Decimal("600.00")]


def test_an_error_response_keeps_its_codes_and_notes() -> None:
    response = read("claimresponse-example-2.json")
    assert response.outcome == "error"
    assert response.errors == ["a002"]
    assert response.notes == ["Invalid claim"]
    assert response.items == []


def test_preauth_period_end_is_the_expiry() -> None:
    raw = json.loads((EXAMPLES / "claimresponse-example-unsolicited-preauth.json").read_text())
    raw["preAuthPeriod"] = {"start": "2014-08-16", "end": "2015-08-15"}
    assert read_claim_response(json.dumps(raw)).expires_on == date(2015, 8, 15)


def test_bad_json() -> None:
    with pytest.raises(CasepathError) as caught:
        read_claim_response('{"resourceType": ')
    assert caught.value.errors[0].path == "claim_response"
    assert caught.value.errors[0].message.startswith("This is not JSON (line 1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"resourceType": "Claim"}', "This is a Claim; import the payer's ClaimResponse here."),
        ("[1, 2]", "This is a JSON document without a resourceType; import the payer's"),
    ],
)
def test_not_a_claim_response(text: str, message: str) -> None:
    with pytest.raises(CasepathError) as caught:
        read_claim_response(text)
    assert caught.value.errors[0].path == "resourceType"
    assert caught.value.errors[0].message.startswith(message)


def test_invalid_claim_response_names_the_path() -> None:
    raw = json.loads((EXAMPLES / "claimresponse-example.json").read_text())
    raw["item"][0]["itemSequence"] = "first"
    with pytest.raises(CasepathError) as caught:
        read_claim_response(json.dumps(raw))
    assert caught.value.errors[0].path.startswith("item[0].itemSequence")


def test_other_currencies_are_refused() -> None:
    raw = json.loads((EXAMPLES / "claimresponse-example.json").read_text())
    raw["item"][0]["adjudication"][0]["amount"]["currency"] = "CAD"
    with pytest.raises(CasepathError) as caught:
        read_claim_response(json.dumps(raw))
    assert caught.value.errors[0].path == "item[0].adjudication[0].amount.currency"


UNIVERSAL_TO_FDI = {
    1: 18,
    8: 11,
    9: 21,
    16: 28,
    17: 38,
    24: 31,
    25: 41,
    32: 48,
    3: 16,
    14: 26,
    19: 36,
    30: 46,
}


@pytest.mark.parametrize(("universal", "fdi"), sorted(UNIVERSAL_TO_FDI.items()))
def test_known_teeth(universal: int, fdi: int) -> None:
    assert universal_to_fdi(str(universal)) == str(fdi)
    assert fdi_to_universal(str(fdi)) == str(universal)


def test_all_32_permanent_teeth_map_one_to_one() -> None:
    codes = [universal_to_fdi(str(n)) for n in range(1, 33)]
    assert sorted(codes) == sorted(f"{q}{p}" for q in range(1, 5) for p in range(1, 9))
    assert codes[:8] == ["18", "17", "16", "15", "14", "13", "12", "11"]
    assert codes[16:24] == ["38", "37", "36", "35", "34", "33", "32", "31"]


def test_primary_teeth() -> None:
    assert [universal_to_fdi(t) for t in "AEFJKOPT"] == [
        "55",
        "51",
        "61",
        "65",
        "75",
        "71",
        "81",
        "85",
    ]


@given(st.integers(1, 32) | st.sampled_from([chr(c) for c in range(ord("A"), ord("U"))]))
def test_universal_fdi_round_trip(tooth: int | str) -> None:
    universal = str(tooth)
    fdi = universal_to_fdi(universal)
    assert fdi_to_universal(fdi) == universal
    # Same arch and side: quadrant 1/5 upper right, 2/6 upper left, 3/7 lower left, 4/8 lower right.
    index = int(universal) - 1 if universal.isdigit() else (ord(universal) - ord("A")) * 8 // 5
    assert (int(fdi[0]) - 1) % 4 == index // 8


@pytest.mark.parametrize("bad", ["0", "33", "U", "", "1a"])
def test_not_a_universal_tooth(bad: str) -> None:
    with pytest.raises(CasepathError) as caught:
        universal_to_fdi(bad)
    assert caught.value.errors[0].path == "tooth"


@pytest.mark.parametrize("bad", ["19", "49", "56", "90", "1"])
def test_not_an_fdi_tooth(bad: str) -> None:
    with pytest.raises(CasepathError):
        fdi_to_universal(bad)
