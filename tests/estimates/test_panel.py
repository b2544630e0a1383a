"""The panel's work: options estimated alone, another benefit year, errors on their rows,
the re-estimate pages, and the queries the panel costs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from casepath.core.errors import CasepathError, FieldError
from casepath.estimates.models import ReestimateRun, RunStatus
from casepath.estimates.panel import Row, RowError, options_of, row_errors
from casepath.estimates.requests import ProcedureLine
from casepath.estimates.services import estimate_preview
from tests.conftest import World, signed_in
from tests.estimates.builders import AS_OF, Insured, insured
from tests.estimates.panel_posts import panel_post
from tests.insurance.coverage_builders import build_use

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)
EXAM, CROWN = {"code": "D0120"}, {"code": "D2740", "tooth": "30"}
IMPLANT = {"code": "D6010", "tooth": "30", "option": "A — Implant"}
FILLING = {"code": "D2391", "tooth": "3", "option": "B — Filling"}
# Opening the panel: signing in (session, user, two-step devices,
# memberships: 4), the patient and its practice (2), what is on file (coverages and benefits
# used, office schedules, plans, fees: 5), the coverages with their plans for their names (1),
# the providers to choose the treating one from (1: added with per-provider fees; their own
# schedules come with the office's, at no extra query), the session's idle clock (savepoint,
# update, release: 3), the payers' answers on file (pre-determinations: 1).
PANEL_QUERIES = 17
# A preview adds the licensed descriptors and the audit row, whatever the rows and options.
PREVIEW_QUERIES = PANEL_QUERIES + 2


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def on_file(world: World) -> Insured:
    return insured(world)


def line(row: dict[str, str]) -> ProcedureLine:
    return ProcedureLine(code=row["code"], tooth=row.get("tooth", ""))


def post(world: World, on_file: Insured, rows: list[dict[str, str]], **kwargs: Any) -> Any:
    url = f"/patients/{on_file.patient.pk}/estimates/new/"
    return signed_in(world.tess).post(url, panel_post(rows, **kwargs))


def test_rows_without_an_option_belong_to_every_option() -> None:
    rows = [
        Row(0, line(EXAM)),
        Row(1, line(IMPLANT), "A"),
        Row(2, line(CROWN)),
        Row(3, line(FILLING), "B"),
        Row(4, line(FILLING), "A"),
    ]
    options = options_of(rows)
    assert [(o.label, [r.index for r in o.rows]) for o in options] == [
        ("A", [0, 1, 2, 4]),
        ("B", [0, 2, 3]),
    ]
    assert [o.label for o in options_of(rows[:1])] == [""]


def test_each_option_is_estimated_as_if_it_were_the_only_one(
    world: World, on_file: Insured
) -> None:
    crown = {**CROWN, "option": "B — Crown"}
    response = post(world, on_file, [EXAM, IMPLANT, crown])
    implant_option, crown_option = response.context["results"]
    assert (implant_option.label, crown_option.label) == ("A — Implant", "B — Crown")
    for shown, own in ((implant_option, IMPLANT), (crown_option, crown)):
        alone = estimate_preview(on_file.patient, [line(EXAM), line(own)], AS_OF)
        assert [str(p.patient) for p in shown.procedures] == [
            p["patient"] for p in alone["procedures"]
        ]
        assert {k: str(getattr(shown, k)) for k in alone["totals"]} == alone["totals"]
    # each option meets the $50 deductible: (1700 - 50) x 50% and (900 - 50) x 50%
    implant_share = implant_option.procedures[1].shares[0]
    crown_share = crown_option.procedures[1].shares[0]
    assert (implant_share.deductible, implant_share.insurance) == (
        Decimal("50.00"),
        Decimal("825.00"),
    )
    assert (crown_share.deductible, crown_share.insurance) == (Decimal("50.00"), Decimal("425.00"))
    assert (implant_option.patient, crown_option.patient) == (Decimal("875.00"), Decimal("475.00"))
    together = estimate_preview(on_file.patient, [line(EXAM), line(IMPLANT), line(crown)], AS_OF)
    # estimated together, the implant would have taken the deductible from the crown
    assert together["procedures"][2]["coverages"][0]["deductible"] == "0.00"


def test_options_are_shown_side_by_side(world: World, on_file: Insured) -> None:
    page = post(world, on_file, [EXAM, CROWN, IMPLANT, FILLING]).content.decode()
    assert '<th scope="col">A — Implant</th><th scope="col">B — Filling</th>' in page
    assert '<td class="num">$1,325.00</td><td class="num">$503.00</td>' in page
    assert "Option A — Implant" in page and "Option B — Filling" in page


def test_the_next_benefit_year_meets_a_fresh_deductible_and_maximum(
    world: World, on_file: Insured
) -> None:
    build_use(
        on_file.coverage,
        code="D2391",
        tooth="3",
        service_date=date(2026, 2, 1),
        insurance_amount="1400.00",
        deductible_applied="50.00",
    )
    (this_year,) = post(world, on_file, [CROWN]).context["results"]
    (share,) = this_year.procedures[0].shares
    assert (share.deductible, share.insurance) == (Decimal("0.00"), Decimal("100.00"))
    response = post(world, on_file, [CROWN], as_of="2027-01-15")
    (next_year,) = response.context["results"]
    (share,) = next_year.procedures[0].shares
    assert next_year.procedures[0].benefit_year == "2027"
    assert (share.deductible, share.insurance) == (Decimal("50.00"), Decimal("425.00"))
    assert "Deductible $50.00 applied" in share.notes
    assert "Estimate as of 01/15/2027" in response.content.decode()


def test_a_coverage_not_in_force_on_the_day_is_left_out(world: World, on_file: Insured) -> None:
    on_file.coverage.end_date = date(2026, 12, 31)
    on_file.coverage.save()
    response = post(world, on_file, [CROWN], as_of="2027-01-15")
    (shown,) = response.context["results"]
    assert shown.procedures[0].shares == [] and shown.patient == Decimal("1250.00")
    assert "None: the patient pays the full fee." in response.content.decode()


def test_core_errors_land_on_the_rows_they_name() -> None:
    rows = [Row(2, line(EXAM)), Row(5, line(CROWN))]
    error = CasepathError(
        FieldError("procedures[1].date", "must be a date"),
        FieldError("procedures[0]", "is not right"),
        FieldError("as_of", "must be a day"),
        FieldError("coverages[0].plan.maximums", "must be a list"),
    )
    found = row_errors(error, rows)
    assert found[:3] == [
        RowError(5, "planned_on", "Must be a date."),
        RowError(2, None, "Is not right."),
        RowError(None, "as_of", "Must be a day."),
    ]
    assert found[3].index is None and "coverages[0].plan.maximums" in found[3].message


def test_the_panel_opens_in_a_fixed_number_of_queries(
    world: World, on_file: Insured, django_assert_num_queries: Any
) -> None:
    client = signed_in(world.tess)
    url = f"/patients/{on_file.patient.pk}/estimates/new/"
    with django_assert_num_queries(PANEL_QUERIES):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "rows", [[CROWN], [EXAM, CROWN, IMPLANT, FILLING, {**EXAM, "option": "C"}]]
)
def test_a_preview_costs_the_same_queries_whatever_the_rows_and_options(
    world: World, on_file: Insured, django_assert_num_queries: Any, rows: list[dict[str, str]]
) -> None:
    client = signed_in(world.tess)
    url = f"/patients/{on_file.patient.pk}/estimates/new/"
    with django_assert_num_queries(PREVIEW_QUERIES):
        assert client.post(url, panel_post(rows)).context["results"]


# Background re-estimates


def make_run(world: World, **fields: Any) -> ReestimateRun:
    values = {"reason": "The fees of “Office fees” changed", "as_of": AS_OF} | fields
    return ReestimateRun.objects.create(practice=world.practice_a, **values)


def test_a_running_re_estimate_polls_itself(world: World) -> None:
    run = make_run(world, status=RunStatus.RUNNING, estimates_total=8, estimates_done=2)
    client = signed_in(world.doc)
    page = client.get(f"/estimates/runs/{run.pk}/").content.decode()
    assert "<html" in page and 'hx-trigger="every 1s"' in page
    part = client.get(f"/estimates/runs/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and 'hx-trigger="every 1s"' in part
    assert "2 of 8 estimates" in part and 'value="25"' in part


def test_a_finished_re_estimate_stops_polling(world: World) -> None:
    run = make_run(
        world, status=RunStatus.FINISHED, estimates_total=4, estimates_done=4, procedures_done=9
    )
    part = signed_in(world.tess).get(f"/estimates/runs/{run.pk}/", HTTP_HX_REQUEST="true")
    text = part.content.decode()
    assert "hx-trigger" not in text
    assert "4 of 4 estimates, 9 procedures" in text and 'value="100"' in text


def test_the_re_estimates_list_shows_the_practice_s_runs(world: World) -> None:
    run = make_run(world)
    ReestimateRun.objects.create(practice=world.practice_b, reason="Hillcrest's", as_of=AS_OF)
    response = signed_in(world.fran).get("/estimates/runs/")
    assert list(response.context["runs"]) == [run]
    assert f'href="/estimates/runs/{run.pk}/"' in response.content.decode()
    settings_page = signed_in(world.fran).get("/accounts/settings/").content.decode()
    assert 'href="/estimates/runs/"' in settings_page


def test_another_practice_s_run_is_not_found(world: World) -> None:
    run = ReestimateRun.objects.create(practice=world.practice_b, reason="x", as_of=AS_OF)
    assert signed_in(world.tess).get(f"/estimates/runs/{run.pk}/").status_code == 404
