"""The estimate panel and saved-estimate pages, per role: everyone who sees insurance may
estimate; desk staff save, re-estimate and close; the outsider finds nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.test import Client

from casepath.audit.models import Action, AuditEvent
from casepath.estimates.models import Estimate, EstimateStatus
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.services import estimate_create
from casepath.insurance.models import Fee
from casepath.patients.models import Patient
from tests.conftest import World, signed_in
from tests.estimates.builders import AS_OF, Insured, insured
from tests.estimates.panel_posts import panel_post

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York
CROWN = {"code": "D2740", "tooth": "30"}
EXAM = {"code": "D0120"}
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def on_file(world: World) -> Insured:
    return insured(world)


def panel_url(patient: Patient) -> str:
    return f"/patients/{patient.pk}/estimates/new/"


def saved_crown(world: World, on_file: Insured) -> Estimate:
    return estimate_create(
        acting_user=world.tess,
        patient=on_file.patient,
        title="Crown on #30",
        lines=[ProcedureLine(code="D2740", tooth="30")],
        as_of=AS_OF,
    )


def previews_audited(patient: Patient) -> int:
    return AuditEvent.objects.filter(
        action=Action.VIEW, patient=patient, summary__startswith="Estimated"
    ).count()


@pytest.mark.parametrize("user", ["tess", "fran", "doc", "mona"])
def test_everyone_who_sees_insurance_opens_the_panel(
    world: World, on_file: Insured, user: str
) -> None:
    response = signed_in(getattr(world, user)).get(panel_url(on_file.patient))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="as_of" value="2026-03-10"' in page  # today in New York
    assert "Primary · Keystone Dental · Columbus City Schools" in page
    assert '<option value="D2740">All-ceramic crown</option>' in page
    assert ('value="save"' in page) is False  # nothing to save before an estimate


@pytest.mark.parametrize("user", ["tess", "fran", "doc", "mona"])
def test_everyone_who_sees_insurance_can_preview(world: World, on_file: Insured, user: str) -> None:
    response = signed_in(getattr(world, user)).post(
        panel_url(on_file.patient), panel_post([CROWN, EXAM])
    )
    assert response.status_code == 200
    (shown,) = response.context["results"]
    crown, exam = shown.procedures
    assert (crown.plain, crown.entered.tooth, crown.fee_total) == (
        "All-ceramic crown",
        "30",
        Decimal("1250.00"),
    )
    (share,) = crown.shares
    assert (share.allowed, share.deductible, share.percent, share.insurance, share.write_off) == (
        Decimal("900.00"),
        Decimal("50.00"),
        50,
        Decimal("425.00"),
        Decimal("350.00"),
    )
    assert share.notes == ["Deductible $50.00 applied"]
    assert (crown.patient, exam.patient, shown.patient) == (
        Decimal("475.00"),
        Decimal("0.00"),
        Decimal("475.00"),
    )
    assert "Deductible $50.00 applied" in response.content.decode()
    assert ('value="save"' in response.content.decode()) is (user != "doc")
    assert previews_audited(on_file.patient) == 1
    assert not Estimate.objects.exists()


def test_the_result_shows_every_amount_and_what_is_left(world: World, on_file: Insured) -> None:
    page = signed_in(world.tess).post(panel_url(on_file.patient), panel_post([CROWN, EXAM]))
    text = page.content.decode()
    for words in ("All-ceramic crown", "D2740 · tooth 30", "$1,250.00", "$900.00", "$425.00"):
        assert words in text
    assert "$350.00" in text and "$475.00" in text  # write-off, patient portion
    # $1,500 maximum less $425 and $47; the $50 deductible is met
    assert "$1,028.00 of the annual maximum, $0.00 of the deductible" in text


def test_an_htmx_preview_answers_the_result_and_the_rows(world: World, on_file: Insured) -> None:
    response = signed_in(world.tess).post(panel_url(on_file.patient), panel_post([CROWN]), **HTMX)
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert '<div id="estimate-inputs" hx-swap-oob="true">' in text
    assert "Estimated: insurance pays $425.00, the patient pays $475.00." in text


def test_the_official_descriptor_is_shown_beside_the_plain_name(
    world: World, on_file: Insured
) -> None:
    from casepath.procedures.models import ProcedureDescriptor

    ProcedureDescriptor.objects.create(
        practice=world.practice_a, code="D2740", descriptor="Licensed words for D2740"
    )
    text = signed_in(world.doc).post(panel_url(on_file.patient), panel_post([CROWN]))
    assert "Licensed words for D2740" in text.content.decode()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"code": "D99"}, "code", "“D99” is not a procedure code Casepath knows"),
        ({"code": "X2740"}, "code", "is not a procedure code Casepath knows"),
        ({"code": "D2740", "fee_override": "-5"}, "fee_override", "A fee cannot be negative."),
        ({"code": "D2740", "fee_override": "12.345"}, "fee_override", "no more than 2 decimal"),
        ({"code": "D2740", "units": "0"}, "units", "greater than or equal to 1"),
        ({"code": "D2740", "planned_on": "2026-02-30"}, "planned_on", "Enter a valid date."),
        ({"code": "D2740", "tooth": "33"}, "tooth", "Enter a tooth from 1 to 32"),
        ({"code": "D2740", "surfaces": "MX"}, "surfaces", "letters M, O, D, B, L, I and F"),
        ({"tooth": "30"}, "code", "Enter a procedure code, like D2740."),
    ],
)
def test_bad_rows_are_named_and_nothing_is_estimated(
    world: World, on_file: Insured, row: dict[str, str], field: str, message: str
) -> None:
    response = signed_in(world.tess).post(panel_url(on_file.patient), panel_post([EXAM, row]))
    assert response.status_code == 200
    panel = response.context["panel"]
    assert message in " ".join(panel.rows.forms[1].errors[field])
    assert not panel.rows.forms[0].errors
    assert response.context["results"] == []
    assert "Nothing was estimated" in response.content.decode()
    assert previews_audited(on_file.patient) == 0


def test_a_code_without_a_fee_is_named_on_its_row_with_the_other_problems(
    world: World, on_file: Insured
) -> None:
    rows = [CROWN, {"code": "D2740", "units": "0"}, {"code": "D9110"}]
    response = signed_in(world.tess).post(panel_url(on_file.patient), panel_post(rows))
    forms = response.context["panel"].rows.forms
    assert forms[2].errors["code"] == ["D9110 has no fee in the office fee schedule."]
    assert "units" in forms[1].errors and not forms[0].errors
    assert "Procedure 3, Code: D9110 has no fee" in response.content.decode()


def test_a_typed_fee_estimates_a_code_the_office_has_no_fee_for(
    world: World, on_file: Insured
) -> None:
    row = {"code": "D9110", "fee_override": "110"}
    response = signed_in(world.tess).post(panel_url(on_file.patient), panel_post([row]))
    (shown,) = response.context["results"]
    assert shown.procedures[0].fee_total == Decimal("110.00")


@pytest.mark.parametrize(
    ("as_of", "message"),
    [("2026-02-30", "Enter a valid date."), ("2040-01-01", "within 5 years of today")],
)
def test_an_impossible_day_is_named(
    world: World, on_file: Insured, as_of: str, message: str
) -> None:
    response = signed_in(world.tess).post(
        panel_url(on_file.patient), panel_post([CROWN], as_of=as_of)
    )
    assert message in " ".join(response.context["panel"].as_of.errors["as_of"])
    assert response.context["results"] == []


def test_an_empty_grid_asks_for_a_procedure(world: World, on_file: Insured) -> None:
    response = signed_in(world.tess).post(panel_url(on_file.patient), panel_post([]))
    assert "Enter at least one procedure code to estimate." in response.content.decode()


def test_add_a_row_without_javascript_keeps_what_was_typed(world: World, on_file: Insured) -> None:
    response = signed_in(world.tess).post(
        panel_url(on_file.patient), panel_post([CROWN], action="add_row")
    )
    panel = response.context["panel"]
    assert len(panel.rows.forms) == 3  # the crown, the blank row, one more
    assert panel.rows.forms[0]["code"].value() == "D2740"
    assert response.context["results"] == []


def test_add_a_row_with_htmx_numbers_it_after_the_others(world: World) -> None:
    response = signed_in(world.tess).get("/estimates/row/", {"p-TOTAL_FORMS": "3"}, **HTMX)
    text = response.content.decode()
    assert 'name="p-3-code"' in text and "Procedure 4" in text
    assert 'name="p-TOTAL_FORMS" value="4"' in text


def test_desk_staff_save_an_open_estimate(world: World, on_file: Insured) -> None:
    response = signed_in(world.fran).post(
        panel_url(on_file.patient), panel_post([CROWN, EXAM], action="save", title="Crown, exam")
    )
    saved = Estimate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/"
    assert (saved.title, saved.status, saved.patient_total) == (
        "Crown, exam",
        EstimateStatus.OPEN,
        Decimal("475.00"),
    )
    assert [p.code for p in saved.procedures.order_by("position")] == ["D2740", "D0120"]


def test_an_htmx_save_sends_the_browser_to_the_estimate(world: World, on_file: Insured) -> None:
    response = signed_in(world.tess).post(
        panel_url(on_file.patient), panel_post([CROWN], action="save", title="Crown"), **HTMX
    )
    saved = Estimate.objects.get()
    assert response["HX-Location"] == f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/"


def test_a_title_is_needed_to_save_and_the_estimate_stays(world: World, on_file: Insured) -> None:
    response = signed_in(world.tess).post(
        panel_url(on_file.patient), panel_post([CROWN], action="save", title=" ")
    )
    assert response.status_code == 200
    assert response.context["panel"].save.errors["title"] == [
        "Give the estimate a title to save it."
    ]
    assert len(response.context["results"]) == 1  # the estimate is still on screen
    assert not Estimate.objects.exists()


def test_an_estimate_keeps_the_title_typed_before_it(world: World, on_file: Insured) -> None:
    response = signed_in(world.tess).post(
        panel_url(on_file.patient), panel_post([CROWN], title="Crown for Ana")
    )
    assert 'value="Crown for Ana"' in response.content.decode()


def test_a_provider_previews_but_cannot_save(world: World, on_file: Insured) -> None:
    response = signed_in(world.doc).post(
        panel_url(on_file.patient), panel_post([CROWN], action="save", title="Crown")
    )
    assert response.status_code == 403
    assert not Estimate.objects.exists()


def test_options_are_saved_one_estimate_each(world: World, on_file: Insured) -> None:
    rows = [EXAM, {"code": "D6010", "option": "A — Implant"}, {"code": "D2740", "option": "B"}]
    response = signed_in(world.tess).post(
        panel_url(on_file.patient), panel_post(rows, action="save", title="Tooth 30")
    )
    assert response["Location"] == f"/patients/{on_file.patient.pk}/estimates/"
    titles = sorted(Estimate.objects.values_list("title", flat=True))
    assert titles == ["Tooth 30 · A — Implant", "Tooth 30 · B"]
    implant = Estimate.objects.get(title__endswith="Implant")
    assert sorted(implant.procedures.values_list("code", flat=True)) == ["D0120", "D6010"]


@pytest.mark.parametrize("user", ["tess", "doc"])
def test_the_saved_estimate_page(world: World, on_file: Insured, user: str) -> None:
    saved = saved_crown(world, on_file)
    response = signed_in(getattr(world, user)).get(
        f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Crown on #30" in text and "computed 03/10/2026 2:30 p.m." in text
    assert "Deductible $50.00 applied" in text and "$475.00" in text
    assert ("Re-estimate now" in text) is (user == "tess")
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(saved.pk)).count() == 1


def test_the_page_says_why_the_last_re_estimate_failed(world: World, on_file: Insured) -> None:
    saved = saved_crown(world, on_file)
    Estimate.objects.filter(pk=saved.pk).update(
        problem="procedures[0].code: D2740 has no fee in the office fee schedule"
    )
    text = signed_in(world.tess).get(f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/")
    assert "The last background re-estimate could not be made." in text.content.decode()
    assert "Procedure 1: D2740 has no fee in the office fee schedule" in text.content.decode()


def test_re_estimate_now_uses_the_fees_on_file(world: World, on_file: Insured) -> None:
    saved = saved_crown(world, on_file)
    Fee.objects.filter(schedule=on_file.office, code="D2740").update(amount=Decimal("1300.00"))
    client = signed_in(world.tess)
    url = f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/"
    response = client.post(f"{url}recompute/")
    assert response.status_code == 302 and response["Location"] == url
    saved.refresh_from_db()
    assert (saved.fee_total, saved.write_off_total) == (Decimal("1300.00"), Decimal("400.00"))


def test_re_estimate_now_reports_what_it_could_not_do(world: World, on_file: Insured) -> None:
    saved = saved_crown(world, on_file)
    Fee.objects.filter(schedule=on_file.office, code="D2740").delete()
    client = signed_in(world.tess)
    url = f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/"
    page = client.post(f"{url}recompute/", follow=True).content.decode()
    assert "could not be made again" in page
    assert "Procedure 1: D2740 has no fee in the office fee schedule" in page
    saved.refresh_from_db()
    assert saved.fee_total == Decimal("1250.00")  # the older figures are kept


def test_close_keeps_the_estimate_as_it_was(world: World, on_file: Insured) -> None:
    saved = saved_crown(world, on_file)
    client = signed_in(world.tess)
    url = f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/"
    client.post(f"{url}close/")
    saved.refresh_from_db()
    assert saved.status == EstimateStatus.CLOSED
    client.post(f"{url}recompute/")
    assert not AuditEvent.objects.filter(summary__startswith="Re-estimated").exists()
    assert "Re-estimate now" not in client.get(url).content.decode()


@pytest.mark.parametrize("action", ["recompute", "close"])
def test_a_provider_cannot_change_a_saved_estimate(
    world: World, on_file: Insured, action: str
) -> None:
    saved = saved_crown(world, on_file)
    url = f"/patients/{on_file.patient.pk}/estimates/{saved.pk}/{action}/"
    assert signed_in(world.doc).post(url).status_code == 403


def test_the_insurance_tab_lists_saved_estimates(world: World, on_file: Insured) -> None:
    saved = saved_crown(world, on_file)
    text = signed_in(world.doc).get(f"/patients/{on_file.patient.pk}/insurance/")
    page = text.content.decode()
    assert f'href="/patients/{on_file.patient.pk}/estimates/new/"' in page
    assert f'href="/patients/{on_file.patient.pk}/estimates/{saved.pk}/">Crown on #30' in page


def test_the_list_of_a_patient_s_estimates(world: World, on_file: Insured) -> None:
    saved_crown(world, on_file)
    response = signed_in(world.tess).get(f"/patients/{on_file.patient.pk}/estimates/")
    assert response.status_code == 200
    assert [e.title for e in response.context["estimates"]] == ["Crown on #30"]


def test_another_patient_s_estimate_is_not_found(world: World, on_file: Insured) -> None:
    from tests.builders import build_patient

    saved = saved_crown(world, on_file)
    other = build_patient(world.practice_a, first_name="Otto")
    url = f"/patients/{other.pk}/estimates/{saved.pk}/"
    assert signed_in(world.tess).get(url).status_code == 404


def test_the_outsider_finds_nothing(world: World, on_file: Insured, olga_client: Client) -> None:
    saved = saved_crown(world, on_file)
    base = f"/patients/{on_file.patient.pk}/estimates"
    assert olga_client.get(f"{base}/new/").status_code == 404
    assert olga_client.post(f"{base}/new/", panel_post([CROWN])).status_code == 404
    assert olga_client.get(f"{base}/").status_code == 404
    assert olga_client.get(f"{base}/{saved.pk}/").status_code == 404
    assert olga_client.post(f"{base}/{saved.pk}/close/").status_code == 404
    assert previews_audited(on_file.patient) == 0


def test_signed_out_goes_to_sign_in(on_file: Insured) -> None:
    response = Client().get(panel_url(on_file.patient))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("d2740", "All-ceramic crown"),
        ("D9110", "Visit to relieve pain · no office fee: type the fee"),
        ("D27", "Not a procedure code"),
        ("", ""),
    ],
)
def test_the_plain_name_of_a_typed_code(
    world: World, on_file: Insured, typed: str, words: str
) -> None:
    response = signed_in(world.doc).get("/estimates/procedure-name/", {"p-3-code": typed}, **HTMX)
    assert response.content.decode() == words


def test_a_post_without_the_grid_is_refused_without_a_crash(world: World, on_file: Insured) -> None:
    response = signed_in(world.tess).post(panel_url(on_file.patient), {"as_of": "2026-03-10"})
    assert response.status_code == 200
    assert "Nothing was estimated" in response.content.decode()
    assert response.context["results"] == []
