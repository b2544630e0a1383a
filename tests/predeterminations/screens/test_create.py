"""The New pre-determination page: the option (its procedures reload when it changes), the
coverage, the procedures all ticked, the narrative and up to five attachments; each
refusal beside its field, and nothing saved."""

from __future__ import annotations

from typing import Any

from casepath.cases.models import PlannedProcedure
from casepath.predeterminations.models import Predetermination, PredeterminationAttachment
from tests.builders import build_patient
from tests.cases.builders import TwoOptions, two_option_case
from tests.conftest import World, signed_in
from tests.insurance.coverage_builders import build_coverage
from tests.predeterminations.screens.conftest import HTMX, field_error, text_of, url
from tests.predeterminations.services.helpers import case_image, rows


def procedure_ids(option: Any) -> list[int]:
    return list(
        PlannedProcedure.objects.filter(phase__option=option)
        .order_by("phase__position", "position")
        .values_list("pk", flat=True)
    )


def blank_attachments() -> dict[str, str]:
    return {f"attachments-{n}-{name}": "" for n in range(5) for name in ("kind", "title", "image")}


def asking(made: TwoOptions, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "option": str(made.implant.pk),
        "coverage": str(made.insured.coverage.pk),
        "procedures": [str(pk) for pk in procedure_ids(made.implant)],
        "narrative": "Tooth 19 was extracted in 2025; the site has healed.",
        **blank_attachments(),
    }
    data.update(changes)
    return data


def test_the_page_offers_the_recommended_option_with_every_procedure_ticked(
    world: World,
) -> None:
    made = two_option_case(world)
    response = signed_in(world.tess).get(url("new", made.case.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<option value="{made.implant.pk}" selected>Implant</option>' in page
    assert f'<option value="{made.insured.coverage.pk}">Keystone Dental · primary</option>' in page
    for pk in procedure_ids(made.implant):
        assert f'name="procedures" value="{pk}" id="id_procedures_{pk}" checked' in page
    words = text_of(page)
    assert "D6010 19 — Implant placed in the jaw $2,400.00" in words
    assert "D6058 19 — Crown on an implant $1,450.00" in words
    assert page.count('name="attachments-') == 15  # five rows of kind, title, image


def test_changing_the_option_reloads_its_procedures(world: World) -> None:
    made = two_option_case(world)
    response = signed_in(world.tess).get(
        url("new", made.case.pk), {"option": made.bridge.pk}, **HTMX
    )
    page = response.content.decode()
    assert page.lstrip().startswith('<fieldset id="pd-procedures"')
    assert "<html" not in page
    assert "D6750" in page and "D6240" in page and "D6010" not in page
    for pk in procedure_ids(made.bridge):
        assert f'value="{pk}" id="id_procedures_{pk}" checked' in page


def test_creating_saves_the_request_and_goes_back_to_the_case(world: World) -> None:
    made = two_option_case(world)
    image = case_image(made.case)
    data = asking(
        made,
        **{
            "attachments-0-kind": "xray",
            "attachments-0-title": "Periapical x-ray of #19",
            "attachments-0-image": str(image.pk),
            "attachments-1-kind": "perio_chart",
            "attachments-1-title": "Perio chart of March",
        },
    )
    response = signed_in(world.tess).post(url("new", made.case.pk), data)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{made.case.pk}/#case-predeterminations"
    pd = Predetermination.objects.get(case=made.case)
    assert (pd.status, pd.option_id, pd.coverage_id) == (
        "draft",
        made.implant.pk,
        made.insured.coverage.pk,
    )
    assert [line.code for line in pd.lines.order_by("position")] == ["D6010", "D6058"]
    attachments = PredeterminationAttachment.objects.filter(predetermination=pd).order_by("pk")
    assert [(a.kind, a.title, a.image_id) for a in attachments] == [
        ("xray", "Periapical x-ray of #19", image.pk),
        ("perio_chart", "Perio chart of March", None),
    ]


def test_a_front_desk_user_can_ask_only_some_procedures(world: World) -> None:
    made = two_option_case(world)
    crown = procedure_ids(made.implant)[1]
    response = signed_in(world.fran).post(
        url("new", made.case.pk), asking(made, procedures=[str(crown)])
    )
    assert response.status_code == 302
    pd = Predetermination.objects.get(case=made.case)
    assert [line.code for line in pd.lines.all()] == ["D6058"]
    assert pd.created_by == world.fran


def test_no_procedure_is_refused_beside_the_procedures(world: World) -> None:
    made = two_option_case(world)
    before = rows()
    response = signed_in(world.tess).post(url("new", made.case.pk), asking(made, procedures=[]))
    assert response.status_code == 200
    page = response.content.decode()
    assert field_error(page, "id_procedures") == "Choose at least one procedure to ask about."
    assert "Nothing was saved" in page
    assert rows() == before


def test_an_attachment_error_is_shown_on_its_row(world: World) -> None:
    """The second row on screen is the first attachment sent: its error is on row 2."""
    made = two_option_case(world)
    before = rows()
    data = asking(made, **{"attachments-1-kind": "photo"})
    response = signed_in(world.tess).post(url("new", made.case.pk), data)
    page = response.content.decode()
    assert field_error(page, "id_attachments-1-title") == "Say what the document is."
    assert "id_attachments-0-title_error" not in page
    assert rows() == before


def test_a_coverage_of_another_patient_is_refused_beside_the_coverage(world: World) -> None:
    made = two_option_case(world)
    other = build_patient(world.practice_a, first_name="Luis", last_name="Lopez")
    theirs = build_coverage(other, made.insured.plan)
    before = rows()
    response = signed_in(world.tess).post(
        url("new", made.case.pk), asking(made, coverage=str(theirs.pk))
    )
    page = response.content.decode()
    assert field_error(page, "id_coverage") == "Choose one of the patient's coverages in force."
    assert rows() == before


def test_asking_the_same_procedures_twice_is_refused(world: World) -> None:
    made = two_option_case(world)
    client = signed_in(world.tess)
    assert client.post(url("new", made.case.pk), asking(made)).status_code == 302
    before = rows()
    page = client.post(url("new", made.case.pk), asking(made)).content.decode()
    assert "is already asked of this coverage" in field_error(page, "id_procedures")
    assert rows() == before


def test_a_provider_cannot_ask(world: World) -> None:
    made = two_option_case(world)
    client = signed_in(world.doc)
    assert client.get(url("new", made.case.pk)).status_code == 403
    before = rows()
    assert client.post(url("new", made.case.pk), asking(made)).status_code == 403
    assert rows() == before


def test_the_outsider_does_not_find_the_case(world: World) -> None:
    made = two_option_case(world)
    assert signed_in(world.olga).get(url("new", made.case.pk)).status_code == 404
