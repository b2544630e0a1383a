"""Opening a case: from the patient page (?patient=) or by chart number; bad input is
shown beside its field and saves nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.test import Client

from casepath.cases.models import Case, CaseEvent
from casepath.tenancy.models import Provider
from tests.builders import build_provider
from tests.conftest import World, signed_in
from tests.estimates.builders import nunez

NEW = "/cases/new/"


def filled(world: World, **changes: Any) -> dict[str, Any]:
    data = {
        "patient_chart": world.patient_a.chart_number,
        "title": "Cracked upper molar",
        "case_type": "emergency",
        "urgency": "immediate",
        "diagnosing_provider": nunez(world).pk,
        "coordinator": world.tess.pk,
        "diagnosed_on": "2026-03-23",
        "chief_concern": "It hurts to bite.",
        "goals": "Keep the tooth.",
        "missing_teeth": "1, 16",
    }
    return data | changes


def test_the_form_comes_prefilled_from_the_patient_page(world: World, tess_client: Client) -> None:
    response = tess_client.get(NEW, {"patient": world.patient_a.pk})

    form = response.context["form"]
    assert response.status_code == 200
    assert form.initial["patient_chart"] == world.patient_a.chart_number
    assert form.initial["coordinator"] == world.tess.pk  # the TC opening it
    assert form.initial["diagnosed_on"] == date(2026, 3, 24)
    assert "New case for Ana Lopez" in response.content.decode()


def test_only_active_in_house_providers_and_tcs_are_offered(
    world: World, tess_client: Client
) -> None:
    build_provider(world.practice_a, first_name="Eve", last_name="Outside", is_external=True)
    build_provider(world.practice_a, first_name="Old", last_name="Gone", is_active=False)
    build_provider(world.practice_b, first_name="Bo", last_name="Elsewhere")

    form = tess_client.get(NEW).context["form"]

    assert list(form.fields["diagnosing_provider"].queryset) == [nunez(world)]
    assert list(form.fields["coordinator"].queryset) == [world.tess]


def test_a_valid_case_is_opened_and_shown(world: World, tess_client: Client) -> None:
    response = tess_client.post(NEW, filled(world))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert (case.patient, case.title, case.status) == (
        world.patient_a,
        "Cracked upper molar",
        "draft",
    )
    assert (case.case_type, case.urgency, case.coordinator) == (
        "emergency",
        "immediate",
        world.tess,
    )
    assert case.diagnosed_on == date(2026, 3, 23)
    assert case.missing_teeth == "1, 16"
    assert CaseEvent.objects.filter(case=case, kind="created").count() == 1


def test_a_missing_title_is_shown_and_nothing_saved(world: World, tess_client: Client) -> None:
    response = tess_client.post(NEW, filled(world, title=""))

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["This field is required."]
    assert Case.objects.count() == 0


def test_an_unknown_chart_number_is_shown(world: World, tess_client: Client) -> None:
    response = tess_client.post(NEW, filled(world, patient_chart="RV-999999"))

    assert response.status_code == 200
    assert response.context["form"].errors["patient_chart"] == [
        "No patient of this practice has chart number RV-999999."
    ]
    assert Case.objects.count() == 0


def test_another_practices_patient_or_provider_cannot_be_chosen(
    world: World, tess_client: Client
) -> None:
    elsewhere = Provider.objects.create(
        practice=world.practice_b, kind="dentist", first_name="B", last_name="Dentist"
    )
    data = filled(
        world, patient_chart=world.patient_b.chart_number, diagnosing_provider=elsewhere.pk
    )

    response = tess_client.post(NEW, data)

    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "patient_chart" in errors and "diagnosing_provider" in errors
    assert Case.objects.count() == 0


def test_front_desk_cannot_open_a_case(world: World) -> None:
    fran = signed_in(world.fran)

    assert fran.get(NEW).status_code == 403
    assert fran.post(NEW, filled(world)).status_code == 403
    assert Case.objects.count() == 0


def test_another_practices_patient_in_the_link_is_not_found(
    world: World, tess_client: Client
) -> None:
    assert tess_client.get(NEW, {"patient": world.patient_b.pk}).status_code == 404
