"""Consent templates: made from the default text, versioned on every edit, and a signed
consent keeps naming the version it was signed on."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casepath.cases import consent_services
from casepath.cases.models import Consent, ConsentTemplate
from casepath.core.errors import CasepathError
from casepath.core.explain import default_consent
from tests.cases.patient.conftest import Linked, page_text
from tests.conftest import World, signed_in

EDIT = reverse("cases:consent_template_edit") + "?category=implants&language=en"


def texts(template: ConsentTemplate, **changes: str) -> dict[str, str]:
    fields = ("title", "risks", "benefits", "alternatives", "refusal")
    return {name: getattr(template, name) for name in fields} | changes


def edit(world: World, **changes: str) -> ConsentTemplate:
    current = consent_services.consent_template(world.practice_a, "implants", "en")
    return consent_services.consent_template_edit(
        acting_user=world.tess,
        practice=world.practice_a,
        category="implants",
        language="en",
        **texts(current, **changes),
    )


def test_the_first_template_is_the_default_text(world: World) -> None:
    made = consent_services.consent_template(world.practice_a, "implants", "es")
    default = default_consent("implants", "es")
    assert (made.version, made.is_current, made.made_by) == (1, True, None)
    assert made.title == default.title
    assert consent_services.template_parts(made)["risks"] == list(default.risks)
    again = consent_services.consent_template(world.practice_a, "implants", "es")
    assert again.pk == made.pk
    assert ConsentTemplate.objects.count() == 1


def test_editing_makes_version_2_and_keeps_version_1(world: World) -> None:
    first = consent_services.consent_template(world.practice_a, "implants", "en")
    second = edit(world, risks="The implant may not join the bone.\n\n  Swelling for a few days. ")
    first.refresh_from_db()
    assert (first.version, first.is_current) == (1, False)
    assert (second.version, second.is_current, second.made_by) == (2, True, world.tess)
    assert second.risks == "The implant may not join the bone.\nSwelling for a few days."
    assert first.risks == "\n".join(default_consent("implants", "en").risks)
    assert consent_services.consent_template(world.practice_a, "implants", "en") == second


@pytest.mark.parametrize("field", ["title", "risks", "benefits", "alternatives", "refusal"])
def test_every_part_must_be_written(world: World, field: str) -> None:
    with pytest.raises(CasepathError) as refused:
        edit(world, **{field: "  \n "})
    assert refused.value.errors[0].path == field
    assert ConsentTemplate.objects.get().version == 1


def test_saving_the_same_text_is_not_a_version(world: World) -> None:
    with pytest.raises(CasepathError, match="Nothing changed"):
        edit(world)
    assert ConsentTemplate.objects.count() == 1


def test_a_consent_signed_on_version_1_still_names_version_1(
    world: World, linked: Linked, verified: Client
) -> None:
    verified.post(linked.url("choose"), {"option": linked.two.implant.pk})
    verified.post(
        linked.url("sign"),
        {
            "signature_kind": "typed",
            "signature_typed": "Ana Lopez",
            "signer_name": "Ana Lopez",
            "agree": "on",
        },
    )
    consent = Consent.objects.get()
    first = ConsentTemplate.objects.get(category="implants", language="en")
    second = edit(world, risks="A brand new risk sentence.")
    consent.refresh_from_db()
    assert consent.templates == [{"id": first.pk, "version": 1, "category": "implants"}]
    assert ConsentTemplate.objects.get(pk=first.pk).risks != second.risks


def test_the_list_shows_every_category_and_language(world: World, tess_client: Client) -> None:
    edit(world, title="Our implant consent")
    text = page_text(tess_client.get(reverse("cases:consent_templates")))
    assert "Our implant consent" in text
    assert "Consent for X-rays" in text  # the default, not saved yet
    assert text.count("?category=") == 26  # 13 categories, 2 languages


def test_the_tc_edits_a_template_on_its_page(world: World, tess_client: Client) -> None:
    page = tess_client.get(EDIT)
    assert page.status_code == 200
    default = default_consent("implants", "en")
    form: dict[str, Any] = page.context["form"].initial
    response = tess_client.post(EDIT, form | {"risks": "Only one risk now."})
    assert response.status_code == 302
    current = ConsentTemplate.objects.get(is_current=True)
    assert (current.version, current.risks) == (2, "Only one risk now.")
    assert ConsentTemplate.objects.get(version=1).title == default.title
    versions = page_text(tess_client.get(EDIT))
    assert "Version 1" in versions and "Version 2" in versions


def test_an_empty_part_is_shown_beside_the_field(world: World, tess_client: Client) -> None:
    form = tess_client.get(EDIT).context["form"].initial
    response = tess_client.post(EDIT, form | {"refusal": "   "})
    assert response.status_code == 200
    assert response.context["form"].errors["refusal"]
    assert not ConsentTemplate.objects.exists()


def test_front_desk_reads_but_cannot_edit(world: World) -> None:
    fran = signed_in(world.fran)
    page = fran.get(EDIT)
    assert page.status_code == 200
    assert "Save as a new version" not in page_text(page)
    assert "Consent for an implant" in page_text(page)
    form = signed_in(world.tess).get(EDIT).context["form"].initial
    assert fran.post(EDIT, form | {"risks": "x"}).status_code == 403
    assert not ConsentTemplate.objects.exists()


def test_a_version_page_of_another_practice_is_not_found(
    world: World, olga_client: Client, tess_client: Client
) -> None:
    made = consent_services.consent_template(world.practice_a, "implants", "en")
    url = reverse("cases:consent_template", args=[made.pk])
    assert tess_client.get(url).status_code == 200
    assert olga_client.get(url).status_code == 404


def test_an_unknown_category_is_not_found(tess_client: Client) -> None:
    url = reverse("cases:consent_template_edit") + "?category=magic&language=en"
    assert tess_client.get(url).status_code == 404
