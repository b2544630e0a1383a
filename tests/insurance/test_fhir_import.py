"""FHIR R4 Coverage and CoverageEligibilityResponse import, on every official example."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casepath.audit.models import AuditEvent
from casepath.insurance.fhir_import import ImportResult, fhir_import
from casepath.insurance.models import Coverage, EligibilityCheck, InsurancePlan
from casepath.interop.fhir_coverage import FhirInputError
from tests.conftest import World, signed_in
from tests.insurance.coverage_builders import build_carrier, build_coverage, build_plan

EXAMPLES = Path("/work/shared/fhir_examples")
IMPORTED_TYPES = ("Coverage", "CoverageEligibilityResponse")
TODAY = date(2026, 3, 10)


def official_examples() -> list[str]:
    manifest = json.loads((EXAMPLES / "MANIFEST.json").read_text())
    return [
        entry["file"]
        for entry in manifest["files"]
        if entry["fhir_version"] == "R4" and entry["resourceType"] in IMPORTED_TYPES
    ]


def example(name: str) -> str:
    return (EXAMPLES / name).read_text()


@pytest.fixture
def plan(world: World) -> InsurancePlan:
    return build_plan(world.practice_a)


@pytest.fixture
def primary(world: World, plan: InsurancePlan) -> Coverage:
    """Ana's primary since 2010; its member ID is the one the examples' certificate holds."""
    return build_coverage(world.patient_a, plan, effective_date=date(2010, 1, 1), member_id="12345")


def run(world: World, text: str, **options: Any) -> ImportResult:
    return fhir_import(
        patient=world.patient_a, text=text, acting_user=world.tess, as_of=TODAY, **options
    )


def test_the_manifest_lists_the_seven_r4_examples() -> None:
    assert len(official_examples()) == 7


@pytest.mark.parametrize("name", official_examples())
def test_every_official_example_imports_without_error(
    world: World, plan: InsurancePlan, primary: Coverage, name: str
) -> None:
    result = run(world, example(name), plan=plan)
    refused = {
        "R4/coverage-example-selfpay.json",
        "R4/coverageeligibilityresponse-example-error.json",
    }
    assert (result.created is None) == (name in refused), result.warnings
    assert all(isinstance(w, str) and w.endswith(".") for w in result.warnings)
    if result.created is None:
        assert result.warnings[-1] in ("Nothing was imported.", "Nothing was recorded.")
    else:
        assert result.imported


def test_coverage_example_2_maps_every_field(
    world: World, plan: InsurancePlan, primary: Coverage
) -> None:
    result = run(world, example("R4/coverage-example-2.json"), plan=plan)
    coverage = result.created
    assert isinstance(coverage, Coverage)
    assert coverage.patient == world.patient_a
    assert (coverage.member_id, coverage.ordinal, coverage.relationship) == ("AB9876", 2, "self")
    assert (coverage.effective_date, coverage.end_date) == (date(2011, 3, 17), date(2012, 3, 17))
    assert coverage.group_number == "WESTAIR"
    assert ("Member ID", "••••9876") in result.imported
    event = AuditEvent.objects.get(object_type="coverage", object_id=str(coverage.pk))
    assert event.summary.endswith("from FHIR Coverage 7546D")
    assert "AB9876" not in str(event.changes)


def test_a_coverage_without_order_or_subscriber_id_says_so(
    world: World, plan: InsurancePlan, primary: Coverage
) -> None:
    result = run(world, example("R4/coverage-example.json"), plan=plan)
    assert isinstance(result.created, Coverage)
    assert result.created.member_id == "12345"
    assert result.created.ordinal == 2
    assert result.warnings == [
        "The file has no subscriber ID; the member ID is its identifier.",
        "The file gives no order; recorded as secondary (a primary already covers these dates).",
    ]


def test_without_a_plan_the_carrier_is_matched_by_name_or_payer_id(world: World) -> None:
    carrier = build_carrier(world.practice_a, "Western Dental", payer_id="WD123")
    build_plan(world.practice_a, carrier, group_number="OTHER")
    chosen = build_plan(world.practice_a, carrier, group_number="westair")
    resource = json.loads(example("R4/coverage-example-2.json"))
    resource["order"] = 1
    resource["payor"] = [{"identifier": {"value": "WD123"}, "display": "Western Dental Inc"}]
    result = run(world, json.dumps(resource))
    assert isinstance(result.created, Coverage)
    assert result.created.plan == chosen
    assert result.created.group_number == ""  # the plan's own group number
    assert result.warnings == []


def test_an_unknown_carrier_asks_for_the_plan(world: World, plan: InsurancePlan) -> None:
    result = run(world, example("R4/coverage-example-2.json"))
    assert result.created is None
    assert result.warnings == [
        "The carrier (Organization/2) matches none of this practice's carriers: choose the plan.",
        "Nothing was imported.",
    ]


def test_a_secondary_without_primary_is_reported_not_raised(
    world: World, plan: InsurancePlan
) -> None:
    result = run(world, example("R4/coverage-example-2.json"), plan=plan)
    assert result.created is None
    assert result.warnings[0].startswith("A secondary coverage needs an active primary coverage")


def test_an_eligibility_response_is_matched_by_the_member_id_it_contains(
    world: World, plan: InsurancePlan, primary: Coverage
) -> None:
    build_coverage(world.patient_a, plan, effective_date=date(2010, 1, 1), ordinal=2)
    result = run(world, example("R4/coverageeligibilityresponse-example-benefits-2.json"))
    check = result.created
    assert isinstance(check, EligibilityCheck)
    assert check.coverage == primary
    assert (check.method, check.is_active, check.checked_on) == ("fhir", True, date(2014, 9, 16))
    assert check.next_check_due == date(2014, 10, 16)
    assert check.reference_number == "8812342"
    assert check.remaining_maximum is None
    assert "Policy is currently in-force." in check.notes
    assert "Annual maximum $2,000.00." in check.notes
    assert "Excluded: Vision Coverage." in check.notes
    assert result.warnings == [
        "Left out (not dental): Health Benefit Plan Coverage, Maternity.",
        "The annual maximum is $2,000.00 but the response does not say how much is used: "
        "the remaining maximum is left empty.",
    ]


def test_amounts_in_another_currency_are_not_recorded(world: World, primary: Coverage) -> None:
    result = run(world, example("R4/coverageeligibilityresponse-example-benefits.json"))
    assert isinstance(result.created, EligibilityCheck)
    assert result.created.remaining_maximum is None
    assert "Amounts in SAR are not recorded (Casepath works in US dollars)." in result.warnings
    assert (
        "Left out (not dental): Health Benefit Plan Coverage, Hospital Room and Board, "
        "Maternity, Vision Coverage."
    ) in result.warnings
    assert result.warnings[-1] == (
        "The response names Coverage/9876B1; recorded for Ana Lopez's primary coverage "
        f"({primary.plan})."
    )


def test_a_dental_response_with_amounts_used(world: World, primary: Coverage) -> None:
    resource = json.loads(example("R4/coverageeligibilityresponse-example-benefits-2.json"))
    dental = resource["insurance"][0]["item"][2]
    dental["benefit"] = [
        {
            "type": {"coding": [{"code": "benefit"}]},
            "allowedMoney": {"value": 1500, "currency": "USD"},
            "usedMoney": {"value": 312.40, "currency": "USD"},
        },
        {
            "type": {"coding": [{"code": "deductible"}]},
            "allowedMoney": {"value": 50, "currency": "USD"},
            "usedMoney": {"value": 50, "currency": "USD"},
        },
    ]
    resource["insurance"][0]["item"].append(
        {
            "category": {"coding": [{"code": "41", "display": "Routine (Preventive) Dental"}]},
            "benefit": [
                {
                    "type": {"coding": [{"code": "visit"}]},
                    "allowedUnsignedInt": 2,
                    "usedUnsignedInt": 1,
                }
            ],
        }
    )
    result = run(world, json.dumps(resource))
    check = result.created
    assert isinstance(check, EligibilityCheck)
    assert check.remaining_maximum == Decimal("1187.60")
    assert check.deductible_met == Decimal("50.00")
    assert check.frequency_counts == [
        {"service": "Routine (Preventive) Dental", "allowed": 2, "used": 1}
    ]
    assert check.frequencies_used == "Routine (Preventive) Dental: 1 of 2 used"
    assert ("Remaining annual maximum", "$1,187.60") in result.imported


def test_an_error_response_records_nothing(world: World, primary: Coverage) -> None:
    result = run(world, example("R4/coverageeligibilityresponse-example-error.json"))
    assert result.created is None
    assert result.warnings == ["The carrier could not answer (a001).", "Nothing was recorded."]
    assert not EligibilityCheck.objects.exists()


def test_a_response_for_a_patient_without_coverage(world: World) -> None:
    result = run(world, example("R4/coverageeligibilityresponse-example.json"))
    assert result.created is None
    assert result.warnings == [
        "Ana Lopez has no active coverage to record this for: add the coverage first.",
        "Nothing was recorded.",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "This is not JSON (line 1: Expecting property name"),
        ('{"resourceType": "Claim"}', "This is a Claim; import a Coverage or"),
        ("[1, 2]", "This is a JSON document without a resourceType"),
        (
            '{"resourceType": "Coverage", "status": "active"}',
            "The Coverage is not valid FHIR R4: beneficiary: Field required",
        ),
    ],
)
def test_input_that_is_not_a_resource_raises_a_plain_error(
    world: World, text: str, message: str
) -> None:
    with pytest.raises(FhirInputError) as excinfo:
        run(world, text)
    assert str(excinfo.value).startswith(message)


def test_the_import_screen_takes_a_file_and_shows_the_result(
    world: World, plan: InsurancePlan, primary: Coverage
) -> None:
    client = signed_in(world.tess)
    url = f"/patients/{world.patient_a.pk}/insurance/import/"
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "coverage.json", example("R4/coverage-example-2.json").encode(), "application/json"
    )
    response = client.post(url, {"json_file": upload, "plan": plan.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Coverage imported" in html
    assert "••••9876" in html


def test_the_import_screen_shows_warnings_and_errors(world: World, primary: Coverage) -> None:
    client = signed_in(world.fran)
    url = f"/patients/{world.patient_a.pk}/insurance/import/"
    error = example("R4/coverageeligibilityresponse-example-error.json")
    html = client.post(url, {"json_text": error}).content.decode()
    assert "Eligibility response not imported" in html
    assert "The carrier could not answer (a001)." in html
    bad = client.post(url, {"json_text": "{oops"})
    assert bad.status_code == 200
    assert "This is not JSON" in bad.content.decode()
    empty = client.post(url, {"json_text": " "})
    assert "Paste the JSON or choose a file." in empty.content.decode()
