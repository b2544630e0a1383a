"""Family links (both directions, with the relationship) and the responsible party."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from casepath.audit.models import Action, AuditEvent
from casepath.patients.models import FamilyLink, Patient
from casepath.patients.services import family_link_add, family_link_remove
from tests.builders import build_patient
from tests.conftest import World, signed_in
from tests.patients.conftest import patient_form_data


def _links(practice_patients: list[Patient]) -> set[tuple[str, str, str]]:
    rows = FamilyLink.objects.filter(patient__in=practice_patients)
    return {(r.patient.first_name, r.relationship, r.relative.first_name) for r in rows}


def test_adding_a_parent_links_the_child_back(world: World) -> None:
    mum = build_patient(world.practice_a, first_name="Rosa", date_of_birth="1960-01-01")
    family_link_add(
        patient=world.patient_a, relative=mum, relationship="parent", acting_user=world.tess
    )
    assert _links([world.patient_a, mum]) == {("Ana", "parent", "Rosa"), ("Rosa", "child", "Ana")}
    event = AuditEvent.objects.get(action=Action.UPDATE)
    assert (event.patient, event.actor) == (world.patient_a, world.tess)
    assert "Rosa Lopez" in event.summary


def test_a_second_link_between_the_same_two_is_refused(world: World) -> None:
    sis = build_patient(world.practice_a, first_name="Eva")
    family_link_add(
        patient=world.patient_a, relative=sis, relationship="sibling", acting_user=world.tess
    )
    with pytest.raises(ValidationError) as caught:
        family_link_add(
            patient=sis, relative=world.patient_a, relationship="spouse", acting_user=world.tess
        )
    assert "already linked" in str(caught.value)
    assert FamilyLink.objects.count() == 2


def test_a_relative_of_another_practice_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        family_link_add(
            patient=world.patient_a,
            relative=world.patient_b,
            relationship="spouse",
            acting_user=world.tess,
        )
    assert "relative" in caught.value.message_dict
    assert not FamilyLink.objects.exists()


def test_removing_unlinks_both_directions(world: World) -> None:
    kid = build_patient(world.practice_a, first_name="Leo", date_of_birth="2015-05-05")
    link = family_link_add(
        patient=world.patient_a, relative=kid, relationship="child", acting_user=world.tess
    )
    family_link_remove(link=link, acting_user=world.tess)
    assert not FamilyLink.objects.exists()
    assert AuditEvent.objects.filter(summary__startswith="Unlinked Leo").count() == 1


def test_the_overview_form_links_by_chart_number_and_shows_both_sides(world: World) -> None:
    kid = build_patient(world.practice_a, first_name="Leo", date_of_birth="2015-05-05")
    client = signed_in(world.tess)
    url = f"/patients/{world.patient_a.pk}/family/"
    response = client.post(
        url, {"relative_chart": kid.chart_number.lower(), "relationship": "child"}
    )
    assert response.status_code == 302
    page = client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Child" in page and "Leo Lopez" in page
    kid_page = client.get(f"/patients/{kid.pk}/").content.decode()
    assert "Parent" in kid_page and "Ana Lopez" in kid_page


def test_the_overview_form_names_an_unknown_chart(world: World) -> None:
    response = signed_in(world.tess).post(
        f"/patients/{world.patient_a.pk}/family/",
        {"relative_chart": "RV-424242", "relationship": "child"},
    )
    assert response.status_code == 200
    assert "RV-424242" in " ".join(response.context["family_form"].errors["relative_chart"])
    assert not FamilyLink.objects.exists()


def test_a_patient_of_another_practice_cannot_be_linked_by_chart(world: World) -> None:
    response = signed_in(world.tess).post(
        f"/patients/{world.patient_a.pk}/family/",
        {"relative_chart": world.patient_b.chart_number, "relationship": "spouse"},
    )
    assert "relative_chart" in response.context["family_form"].errors
    assert not FamilyLink.objects.exists()


def test_unlink_button_removes_the_link(world: World) -> None:
    kid = build_patient(world.practice_a, first_name="Leo")
    link = family_link_add(
        patient=world.patient_a, relative=kid, relationship="child", acting_user=world.tess
    )
    client = signed_in(world.tess)
    page = client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    remove_url = f"/patients/{world.patient_a.pk}/family/{link.pk}/remove/"
    assert remove_url in page
    assert client.get(remove_url).status_code == 405
    assert client.post(remove_url).status_code == 302
    assert not FamilyLink.objects.exists()


def test_a_link_cannot_be_removed_through_another_patient(world: World) -> None:
    kid = build_patient(world.practice_a, first_name="Leo")
    other = build_patient(world.practice_a, first_name="Zoe")
    link = family_link_add(
        patient=world.patient_a, relative=kid, relationship="child", acting_user=world.tess
    )
    response = signed_in(world.tess).post(f"/patients/{other.pk}/family/{link.pk}/remove/")
    assert response.status_code == 404
    assert FamilyLink.objects.count() == 2


def test_a_provider_sees_family_but_cannot_change_it(world: World) -> None:
    kid = build_patient(world.practice_a, first_name="Leo")
    link = family_link_add(
        patient=world.patient_a, relative=kid, relationship="child", acting_user=world.tess
    )
    client = signed_in(world.doc)
    page = client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Leo Lopez" in page and "Link family member" not in page
    assert (
        client.post(f"/patients/{world.patient_a.pk}/family/{link.pk}/remove/").status_code == 403
    )
    assert FamilyLink.objects.count() == 2


def test_responsible_party_by_chart_number_shows_on_both_pages(world: World) -> None:
    client = signed_in(world.tess)
    response = client.post(
        "/patients/new/",
        patient_form_data(first_name="Leo", guarantor_chart=world.patient_a.chart_number),
    )
    kid = Patient.objects.get(first_name="Leo")
    assert response.status_code == 302 and kid.guarantor == world.patient_a
    kid_page = client.get(f"/patients/{kid.pk}/").content.decode()
    assert "Responsible party" in kid_page and f"/patients/{world.patient_a.pk}/" in kid_page
    parent_page = client.get(f"/patients/{world.patient_a.pk}/").content.decode()
    assert "Responsible for" in parent_page and "Leo Garcia" in parent_page


def test_a_patient_cannot_be_their_own_responsible_party(world: World) -> None:
    response = signed_in(world.tess).post(
        f"/patients/{world.patient_a.pk}/edit/",
        patient_form_data(guarantor_chart=world.patient_a.chart_number),
    )
    assert "guarantor_chart" in response.context["form"].errors
    world.patient_a.refresh_from_db()
    assert world.patient_a.guarantor is None
