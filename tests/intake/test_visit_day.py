"""The visit-day section of the new patient's page: readiness, welcome and tour, the
needs and goals interview, the hand-off; and the hand-off card the provider reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import time_machine
from django.template.loader import render_to_string
from django.test import Client

from casepath.cases.services import case_create
from casepath.core.intake import Stage
from casepath.intake.arrivals import hand_off_for_case, hand_off_for_patient
from casepath.intake.models import Intake, IntakeMove
from casepath.intake.visit_day_forms import suggested_note
from tests.builders import build_provider
from tests.conftest import World, signed_in
from tests.intake.builders import CALLED_AT, VISIT_AT, capture, provider_of, take_to

HTMX = {"HTTP_HX_REQUEST": "true"}
NOW = VISIT_AT + timedelta(minutes=20)


def at_stage(world: World, stage: Stage, **about: Any) -> Intake:
    with time_machine.travel(CALLED_AT, tick=False):
        return take_to(capture(world.practice_a, world.tess, **about), stage, world.tess)


def moves(intake: Intake) -> list[str]:
    return list(
        IntakeMove.objects.filter(intake=intake).order_by("pk").values_list("to_stage", flat=True)
    )


def section_forms(response: Any) -> dict[str, Any]:
    return response.context["visit_day"]["forms"]


@time_machine.travel(NOW, tick=False)
def test_the_page_of_an_arrived_patient_has_the_visit_day(
    world: World, tess_client: Client
) -> None:
    intake = at_stage(world, Stage.ARRIVED)

    response = tess_client.get(f"/new-patients/{intake.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="visit-day"' in page
    assert f'hx-post="/new-patients/{intake.pk}/welcomed/"' in page
    interview = section_forms(response)["interview"]
    assert interview["chief_concern"].value() == "I broke my front tooth and hate my smile"
    assert interview["fears"].value() == "Needles"
    hand_off = section_forms(response)["hand_off"]
    assert hand_off["provider"].value() == provider_of(world.practice_a).pk
    assert hand_off["note"].value() == (
        "Chief concern: I broke my front tooth and hate my smile\n"
        "Goals: A natural-looking front tooth before my wedding in June\n"
        "Fears or anxiety: Needles"
    )


@time_machine.travel(NOW, tick=False)
def test_readiness_from_the_section_comes_back_as_the_section(
    world: World, tess_client: Client
) -> None:
    intake = at_stage(world, Stage.ARRIVED)

    response = tess_client.post(
        f"/new-patients/{intake.pk}/readiness/",
        {"place": "section", "insurance_verified": "on"},
        **HTMX,
    )

    intake.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith('<section id="visit-day"')
    assert (intake.chart_prepared, intake.insurance_verified) == (False, True)
    assert 'name="insurance_verified" id="id_insurance_verified" checked' in page


@time_machine.travel(NOW, tick=False)
def test_welcomed_with_a_tour_moves_the_patient_along(world: World, tess_client: Client) -> None:
    intake = at_stage(world, Stage.ARRIVED)

    response = tess_client.post(
        f"/new-patients/{intake.pk}/welcomed/", {"tour_given": "on"}, **HTMX
    )

    intake.refresh_from_db()
    assert response.status_code == 200 and response["HX-Refresh"] == "true"
    assert (intake.stage, intake.welcomed_at, intake.tour_given) == (Stage.WELCOMED, NOW, True)
    move = IntakeMove.objects.filter(intake=intake).latest("pk")
    assert (move.to_stage, move.note, move.by, move.at) == (
        "welcomed",
        "tour given",
        world.tess,
        NOW,
    )
    assert "Welcomed at 10:20 a.m., 11/10/2026: tour given." in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_welcoming_before_the_patient_arrived_is_refused(world: World, tess_client: Client) -> None:
    intake = at_stage(world, Stage.CONFIRMED)

    response = tess_client.post(f"/new-patients/{intake.pk}/welcomed/", {}, **HTMX)

    intake.refresh_from_db()
    assert response.status_code == 200
    assert response.context["visit_day"]["refused"] == [
        "Welcome the patient once they have arrived."
    ]
    assert "Welcome the patient once they have arrived." in response.content.decode()
    assert (intake.stage, intake.welcomed_at) == (Stage.CONFIRMED, None)
    assert moves(intake)[-1] == "confirmed"


@time_machine.travel(NOW, tick=False)
def test_an_interview_without_the_chief_concern_names_it_and_moves_nothing(
    world: World, tess_client: Client
) -> None:
    intake = at_stage(world, Stage.WELCOMED)

    response = tess_client.post(
        f"/new-patients/{intake.pk}/interview/",
        {"chief_concern": "  ", "goals": "Chew on the left again"},
        **HTMX,
    )

    intake.refresh_from_db()
    form = section_forms(response)["interview"]
    assert response.status_code == 200 and "HX-Refresh" not in response
    assert form.errors == {
        "chief_concern": ["Write down the chief concern in the patient's words."]
    }
    assert form["goals"].value() == "Chew on the left again"  # what was typed stays
    assert "Write down the chief concern in the patient&#x27;s words." in response.content.decode()
    assert (intake.stage, intake.interviewed_at) == (Stage.WELCOMED, None)
    assert intake.goals == "A natural-looking front tooth before my wedding in June"
    assert moves(intake)[-1] == "welcomed"


@time_machine.travel(NOW, tick=False)
def test_the_interview_is_saved_once_moved_then_edited(world: World, tess_client: Client) -> None:
    intake = at_stage(world, Stage.WELCOMED)
    answers = {
        "chief_concern": "My front tooth is broken",
        "goals": "Smile in the wedding photos",
        "fears": "",
        "needs": "Done in two visits",
        "what_matters": "Looks and time",
    }
    url = f"/new-patients/{intake.pk}/interview/"

    first = tess_client.post(url, answers, **HTMX)
    second = tess_client.post(url, answers | {"fears": "The drill"}, **HTMX)

    intake.refresh_from_db()
    assert first["HX-Refresh"] == "true" and "HX-Refresh" not in second
    assert "Saved the needs and goals interview." in second.content.decode()
    assert (intake.stage, intake.interviewed_at) == (Stage.INTERVIEWED, NOW)
    assert (intake.chief_concern, intake.fears, intake.what_matters) == (
        "My front tooth is broken",
        "The drill",
        "Looks and time",
    )
    assert moves(intake).count("interviewed") == 1


@time_machine.travel(NOW, tick=False)
def test_a_hand_off_needs_a_note_and_a_provider_of_this_practice(
    world: World, tess_client: Client
) -> None:
    intake = at_stage(world, Stage.INTERVIEWED)
    elsewhere = build_provider(world.practice_b, first_name="Bo", last_name="Elsewhere")
    url = f"/new-patients/{intake.pk}/hand-off/"
    ours = provider_of(world.practice_a).pk

    no_note = tess_client.post(url, {"provider": ours, "note": " "}, **HTMX)
    not_ours = tess_client.post(url, {"provider": elsewhere.pk, "note": "Hi"}, **HTMX)

    intake.refresh_from_db()
    assert section_forms(no_note)["hand_off"].errors == {
        "note": ["Write the hand-off note the provider reads first."]
    }
    assert section_forms(not_ours)["hand_off"].errors == {
        "provider": ["Choose a provider of this practice."]
    }
    assert (no_note.status_code, not_ours.status_code) == (200, 200)
    assert (intake.stage, intake.handed_off_to, intake.hand_off_note) == (
        Stage.INTERVIEWED,
        None,
        "",
    )
    assert moves(intake)[-1] == "interviewed"


@time_machine.travel(NOW, tick=False)
def test_a_hand_off_without_a_chief_concern_says_so(world: World, tess_client: Client) -> None:
    intake = at_stage(world, Stage.ARRIVED, chief_concern="")

    response = tess_client.post(
        f"/new-patients/{intake.pk}/hand-off/",
        {"provider": provider_of(world.practice_a).pk, "note": "Please see her"},
        **HTMX,
    )

    intake.refresh_from_db()
    assert section_forms(response)["hand_off"].non_field_errors() == [
        "Record the chief concern before the hand-off."
    ]
    assert "Record the chief concern before the hand-off." in response.content.decode()
    assert (intake.stage, intake.handed_off_at) == (Stage.ARRIVED, None)


@time_machine.travel(NOW, tick=False)
def test_the_hand_off_moves_the_patient_and_shows_the_note(
    world: World, tess_client: Client
) -> None:
    intake = at_stage(world, Stage.INTERVIEWED)
    provider = provider_of(world.practice_a)

    response = tess_client.post(
        f"/new-patients/{intake.pk}/hand-off/",
        {"provider": provider.pk, "note": "Wants it natural.\nNervous about needles."},
        **HTMX,
    )

    intake.refresh_from_db()
    page = response.content.decode()
    assert response["HX-Refresh"] == "true"
    assert (intake.stage, intake.handed_off_to, intake.handed_off_at) == (
        Stage.HANDED_OFF,
        provider,
        NOW,
    )
    assert intake.hand_off_note == "Wants it natural.\nNervous about needles."
    assert moves(intake)[-1] == "handed_off"
    assert (
        "Handed off to <strong>Rita Nunez, DDS</strong> at 10:20 a.m., 11/10/2026 by Tess Tester."
        in page
    )
    assert "Wants it natural.<br>Nervous about needles." in page
    assert 'href="/cases/new/?patient=' in page and "hx-post" not in page


@time_machine.travel(NOW, tick=False)
def test_a_plain_post_goes_back_to_the_page_with_a_message(
    world: World, tess_client: Client
) -> None:
    intake = at_stage(world, Stage.ARRIVED)

    response = tess_client.post(f"/new-patients/{intake.pk}/welcomed/", {}, follow=True)

    assert response.redirect_chain == [(f"/new-patients/{intake.pk}/#visit-day", 302)]
    assert "Welcomed." in [str(m) for m in response.context["messages"]]
    intake.refresh_from_db()
    assert (intake.stage, intake.tour_given) == (Stage.WELCOMED, False)


@time_machine.travel(NOW, tick=False)
def test_the_provider_sees_but_does_not_act_and_the_outsider_finds_nothing(
    world: World, olga_client: Client
) -> None:
    intake = at_stage(world, Stage.ARRIVED)
    doc = signed_in(world.doc)
    note = {"provider": provider_of(world.practice_a).pk, "note": "Hi"}

    page = doc.get(f"/new-patients/{intake.pk}/")
    answers = [
        doc.post(f"/new-patients/{intake.pk}/{action}/", note, **HTMX).status_code
        for action in ("welcomed", "interview", "hand-off", "readiness")
    ]
    outsider = [
        olga_client.post(f"/new-patients/{intake.pk}/{action}/", note, **HTMX).status_code
        for action in ("welcomed", "interview", "hand-off", "readiness")
    ]

    assert answers == [403, 403, 403, 403] and outsider == [404, 404, 404, 404]
    section = page.content.decode().split('id="visit-day"')[1]
    assert "<form" not in section.split("</section>")[0]
    assert "✗ Chart prepared" in section
    intake.refresh_from_db()
    assert intake.stage == Stage.ARRIVED


@time_machine.travel(NOW, tick=False)
def test_once_the_case_exists_the_section_links_it(world: World, tess_client: Client) -> None:
    intake = at_stage(world, Stage.HANDED_OFF)
    case = case_create(
        acting_user=world.doc,
        patient=intake.patient,
        diagnosing_provider=provider_of(world.practice_a),
        title="Front tooth",
        case_type="new_patient",
        diagnosed_on=NOW.date(),
    )

    page = tess_client.get(f"/new-patients/{intake.pk}/").content.decode()

    assert f'<a href="/cases/{case.pk}/">Front tooth</a>' in page
    assert "/cases/new/" not in page


def test_suggested_note_skips_what_was_not_said(world: World) -> None:
    intake = capture(world.practice_a, world.tess, fears="", goals="  ")
    assert suggested_note(intake) == "Chief concern: I broke my front tooth and hate my smile"


def test_the_hand_off_of_a_patient_and_of_a_case(world: World) -> None:
    waiting = at_stage(world, Stage.INTERVIEWED)
    assert hand_off_for_patient(waiting.patient) is None
    intake = at_stage(world, Stage.HANDED_OFF)

    found = hand_off_for_patient(intake.patient)

    assert found == intake and found.handed_off_by == world.tess  # type: ignore[union-attr]
    case = case_create(
        acting_user=world.doc,
        patient=intake.patient,
        diagnosing_provider=provider_of(world.practice_a),
        title="Front tooth",
        case_type="new_patient",
        diagnosed_on=VISIT_AT.date(),
    )
    assert hand_off_for_case(case) == intake
    assert hand_off_for_patient(intake.patient) == intake  # case created: still shown
    other = case_create(
        acting_user=world.doc,
        patient=world.patient_a,
        diagnosing_provider=provider_of(world.practice_a),
        title="Crown",
        case_type="from_hygiene",
        diagnosed_on=VISIT_AT.date(),
    )
    assert hand_off_for_case(other) is None
    assert hand_off_for_patient(world.patient_a) is None


def test_the_card_the_provider_reads(world: World) -> None:
    intake = at_stage(world, Stage.HANDED_OFF)

    card = render_to_string(
        "intake/_hand_off_card.html", {"hand_off": hand_off_for_patient(intake.patient)}
    )

    assert "New patient hand-off" in card
    assert "From Tess Tester to Rita Nunez, DDS, 11/10/2026 10:25 a.m." in card
    assert "<dd>I broke my front tooth and hate my smile</dd>" in card
    assert "<dd>A natural-looking front tooth before my wedding in June</dd>" in card
    assert "<dd>Needles</dd>" in card and "<dd>Looks</dd>" in card
    assert "Nervous about needles; wants it natural." in card
    assert render_to_string("intake/_hand_off_card.html", {"hand_off": None}).strip() == ""
