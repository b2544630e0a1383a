"""Bad input on the add and edit forms and the API: the field is named, nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from casepath.audit.models import AuditEvent
from casepath.patients.models import Patient
from tests.conftest import World, signed_in
from tests.patients.conftest import patient_form_data, patient_json

BAD_INPUT = [
    pytest.param({"last_name": ""}, "last_name", "This field is required", id="no-last-name"),
    pytest.param({"date_of_birth": "2026-03-11"}, "date_of_birth", "future", id="born-tomorrow"),
    pytest.param({"date_of_birth": "1990-02-30"}, "date_of_birth", "", id="not-a-date"),
    pytest.param({"mobile_phone": "555-12"}, "mobile_phone", "10 digits", id="short-phone"),
    pytest.param({"home_phone": "call me"}, "home_phone", "10 digits", id="words-phone"),
    pytest.param({"email": "maria@"}, "email", "valid email", id="bad-email"),
    pytest.param(
        {"sms_consent": "on", "sms_consent_on": "2026-03-01", "mobile_phone": ""},
        "mobile_phone",
        "mobile phone",
        id="texts-without-mobile",
    ),
]


def _counts() -> tuple[int, int]:
    return Patient.objects.count(), AuditEvent.objects.count()


def test_valid_form_adds_the_patient(world: World) -> None:
    response = signed_in(world.tess).post("/patients/new/", patient_form_data())
    patient = Patient.objects.get(last_name="Garcia")
    assert response.status_code == 302
    assert response["Location"] == f"/patients/{patient.pk}/"
    assert patient.chart_number == "RV-000002"
    assert patient.mobile_phone_key == "6145550199"


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_add_form_names_the_bad_field(
    world: World, change: dict[str, Any], field: str, message: str
) -> None:
    before = _counts()
    response = signed_in(world.tess).post("/patients/new/", patient_form_data(**change))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert message.lower() in " ".join(form.errors[field]).lower()
    assert _counts() == before


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_edit_form_names_the_bad_field_and_keeps_the_record(
    world: World, change: dict[str, Any], field: str, message: str
) -> None:
    patient = world.patient_a
    before = _counts()
    url = f"/patients/{patient.pk}/edit/"
    response = signed_in(world.tess).post(url, patient_form_data(**change))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    patient.refresh_from_db()
    assert (patient.first_name, patient.last_name) == ("Ana", "Lopez")
    assert _counts() == before


def test_the_error_is_shown_next_to_the_field(world: World) -> None:
    response = signed_in(world.tess).post(
        "/patients/new/", patient_form_data(date_of_birth="2027-01-01")
    )
    html = response.content.decode()
    assert "The date of birth cannot be in the future." in html
    assert html.index("The date of birth cannot be in the future.") > html.index(
        'name="date_of_birth"'
    )


def test_texts_as_preferred_contact_need_a_mobile(world: World) -> None:
    response = signed_in(world.tess).post(
        "/patients/new/", patient_form_data(preferred_contact_method="sms", mobile_phone="")
    )
    assert "mobile_phone" in response.context["form"].errors


def test_unknown_responsible_party_chart_is_named(world: World) -> None:
    before = _counts()
    response = signed_in(world.tess).post(
        "/patients/new/", patient_form_data(guarantor_chart="RV-999999")
    )
    assert "RV-999999" in " ".join(response.context["form"].errors["guarantor_chart"])
    assert _counts() == before


API_BAD_INPUT = [
    pytest.param({"last_name": None}, "last_name", id="no-last-name"),
    pytest.param({"last_name": ""}, "last_name", id="empty-last-name"),
    pytest.param({"date_of_birth": "2026-03-11"}, "date_of_birth", id="born-tomorrow"),
    pytest.param({"date_of_birth": "03/32/1990"}, "date_of_birth", id="not-a-date"),
    pytest.param({"mobile_phone": "555-12"}, "mobile_phone", id="short-phone"),
    pytest.param({"email": "maria@"}, "email", id="bad-email"),
    pytest.param(
        {"sms_consent": True, "sms_consent_on": "2026-03-01", "mobile_phone": ""},
        "mobile_phone",
        id="texts-without-mobile",
    ),
]


def _api_url(world: World) -> str:
    return f"/api/v1/practices/{world.practice_a.pk}/patients"


def test_api_create_answers_201(world: World) -> None:
    response = signed_in(world.tess).post(
        _api_url(world), json.dumps(patient_json()), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["chart_number"] == "RV-000002"


@pytest.mark.parametrize(("change", "path"), API_BAD_INPUT)
def test_api_create_with_bad_input_is_422_naming_the_field(
    world: World, change: dict[str, Any], path: str
) -> None:
    before = _counts()
    response = signed_in(world.tess).post(
        _api_url(world), json.dumps(patient_json(**change)), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert [e["path"] for e in errors] == [path]
    assert errors[0]["message"]
    assert _counts() == before


def test_api_patch_with_bad_phone_is_422_and_changes_nothing(world: World) -> None:
    patient = world.patient_a
    before = _counts()
    response = signed_in(world.tess).patch(
        f"{_api_url(world)}/{patient.pk}",
        json.dumps({"mobile_phone": "12", "first_name": "Anita"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "mobile_phone"
    patient.refresh_from_db()
    assert patient.first_name == "Ana"
    assert _counts() == before
