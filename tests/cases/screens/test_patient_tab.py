"""The patient page's Cases tab lists the patient's cases, and offers a New case."""

from __future__ import annotations

from django.test import Client

from casepath.core.cases import CaseStatus
from tests.cases.builders import build_case
from tests.cases.screens.helpers import at_status
from tests.conftest import World, signed_in


def test_the_tab_lists_the_patients_cases(world: World, tess_client: Client) -> None:
    molar = build_case(world)
    at_status(build_case(world, title="Upper crowns"), CaseStatus.PENDING)

    page = tess_client.get(f"/patients/{world.patient_a.pk}/cases/").content.decode()

    assert f'<a href="/cases/{molar.pk}/">Missing lower left molar</a>' in page
    assert "<td>Pending decision</td>" in page and "<td>Draft</td>" in page
    assert "Patient of record, from hygiene" in page and "Tess Tester" in page
    assert "03/24/2026" in page
    assert f'href="/cases/new/?patient={world.patient_a.pk}">New case</a>' in page


def test_front_desk_sees_the_cases_without_a_new_case_button(world: World) -> None:
    build_case(world)

    page = signed_in(world.fran).get(f"/patients/{world.patient_a.pk}/cases/").content.decode()

    assert "Missing lower left molar" in page and "New case" not in page


def test_a_patient_without_cases(world: World, tess_client: Client) -> None:
    page = tess_client.get(f"/patients/{world.patient_a.pk}/cases/").content.decode()

    assert "No cases for Ana Lopez yet." in page
