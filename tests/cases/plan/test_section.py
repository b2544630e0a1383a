"""The plan section: options, phases and procedures, the side-by-side comparison, the tooth
chart; who sees the forms; the outsider finds nothing."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from casepath.cases import plan_services
from casepath.cases.models import Case
from casepath.core.catalog import plain_name
from casepath.tenancy.models import Provider
from tests.builders import build_provider
from tests.cases.builders import TwoOptions, build_case, fees_for_cases
from tests.cases.plan.conftest import HTMX, url
from tests.conftest import World, signed_in


def section(user: Any, case: Case) -> str:
    response = signed_in(user).get(url("plan", case.pk), **HTMX)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def compare_row(page: str, heading: str) -> list[str]:
    """The cells of one row of the side-by-side table, tags stripped."""
    row = re.search(rf'<th scope="row">{heading}</th>(.*?)</tr>', page, re.S)
    assert row, heading
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


def test_the_section_shows_each_option_with_its_phases_and_procedures(
    world: World, two: TwoOptions
) -> None:
    page = section(world.tess, two.case)
    assert '<div id="case-plan" class="case-plan">' in page
    assert "<!doctype html>" not in page  # a fragment for the case page
    badge = '<span class="badge">Recommended</span>'
    assert f'id="plan-option-{two.implant.pk}-title">Implant {badge}</h3>' in page
    assert f'id="plan-option-{two.bridge.pk}-title">Bridge</h3>' in page
    # The implant's two phases in order; the default name is not repeated.
    implant = page[page.index(f'id="plan-option-{two.implant.pk}"') :]
    implant = implant[: implant.index("</article>")]
    assert re.findall(r'-title">(Phase [^<]*)</h4>', implant) == [
        "Phase 1",
        "Phase 2: Implant crown",
    ]
    for code in ("D6010", "D6058"):
        assert f"<td>{code}</td>\n      <td>{plain_name(code)}</td>" in implant
    assert "$2,400.00" in implant and "$1,450.00" in implant
    assert "90 days" in implant
    assert "<dt>After discounts</dt><dd><strong>$3,850.00</strong></dd>" in implant
    assert "<dt>Time to finish</dt><dd>About 3 months</dd>" in implant


def test_the_provider_column_tells_in_house_from_outside_specialists(
    world: World, two: TwoOptions
) -> None:
    surgeon = build_provider(
        world.practice_a, first_name="Omar", last_name="Said", kind="specialist", is_external=True
    )
    implant_body = two.implant.phases.first().procedures.get()
    plan_services.procedure_update(acting_user=world.tess, procedure=implant_body, provider=surgeon)
    crown = two.implant.phases.last().procedures.get()
    nunez = Provider.objects.get(practice=world.practice_a, last_name="Nunez")
    plan_services.procedure_update(acting_user=world.tess, procedure=crown, provider=nunez)
    page = section(world.tess, two.case)
    assert f'{surgeon}<br><span class="muted">Outside specialist</span>' in page
    assert f'{nunez}<br><span class="muted">In-house</span>' in page
    # The add form lists both, the specialist under their own heading.
    assert '<optgroup label="Outside specialists">' in page
    assert f"{surgeon} · outside specialist</option>" in page


def test_options_side_by_side_come_from_the_figures_and_each_saved_estimate(
    world: World, two: TwoOptions
) -> None:
    page = section(world.tess, two.case)
    assert compare_row(page, "Procedures") == ["2", "3"]
    assert compare_row(page, "Visits") == ["2", "1"]
    assert compare_row(page, "Time to finish") == ["About 3 months", "Same day"]
    assert compare_row(page, "Total fee") == ["$3,850.00", "$3,400.00"]
    implant, bridge = two.implant.estimate, two.bridge.estimate
    assert implant is not None and bridge is not None
    assert implant.insurance_total > 0  # the PPO pays part of the implant
    assert compare_row(page, "Insurance estimate") == [
        f"${implant.insurance_total:,.2f}",
        f"${bridge.insurance_total:,.2f}",
    ]
    assert compare_row(page, "Patient portion") == [
        f"${implant.patient_total:,.2f}",
        f"${bridge.patient_total:,.2f}",
    ]
    assert "Monthly" not in page  # until financing exists


def test_an_option_changed_after_its_estimate_says_so(world: World, two: TwoOptions) -> None:
    phase = two.bridge.phases.get()
    plan_services.procedure_add(acting_user=world.tess, phase=phase, code="D0120")
    page = section(world.tess, two.case)
    assert compare_row(page, "Insurance estimate")[1] == "Plan changed since the estimate"
    assert compare_row(page, "Patient portion")[1] == "Plan changed since the estimate"
    assert compare_row(page, "Insurance estimate")[0].startswith("$")


def test_options_never_estimated_say_so_beside_the_estimate_button(world: World) -> None:
    fees_for_cases(world)
    case = build_case(world)
    option = plan_services.option_add(acting_user=world.tess, case=case, name="Crown")
    plan_services.procedure_add(
        acting_user=world.tess, phase=option.phases.get(), code="D2740", tooth="30"
    )
    page = section(world.tess, case)
    assert compare_row(page, "Insurance estimate") == ["Not estimated"]
    assert compare_row(page, "Patient portion") == ["Not estimated"]
    assert compare_row(page, "Total fee") == ["$1,250.00"]
    assert f'action="{url("plan_estimate", case.pk)}"' in page
    assert ">Estimate options</button>" in page


def test_each_option_has_a_tooth_chart_with_planned_and_missing_teeth(
    world: World, two: TwoOptions
) -> None:
    page = section(world.tess, two.case)
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2
    implant_chart, bridge_chart = re.findall(r"<svg .*?</svg>", page, re.S)
    assert "<title>Tooth chart: Implant</title>" in implant_chart
    assert '<g class="tooth missing planned" data-tooth="19">' in implant_chart
    assert '<g class="tooth" data-tooth="18">' in implant_chart
    for tooth in ("18", "20"):
        assert f'<g class="tooth planned" data-tooth="{tooth}">' in bridge_chart
    assert '<g class="tooth missing planned" data-tooth="19">' in bridge_chart
    assert f"tooth 19 ({plain_name('D6010')}, {plain_name('D6058')})" in implant_chart


def test_no_options_yet(world: World) -> None:
    case = build_case(world)
    page = section(world.tess, case)
    assert "No options yet." in page
    assert "Options side by side" not in page
    assert "<summary>Add an option</summary>" in page


@pytest.mark.parametrize("user", ["tess", "doc", "mona"])
def test_planners_get_the_forms(world: World, two: TwoOptions, user: str) -> None:
    page = section(getattr(world, user), two.case)
    assert "<summary>Add an option</summary>" in page
    assert "<summary>Add a procedure to Implant crown</summary>" in page
    assert "<summary>Change or remove D6240 on tooth 19</summary>" in page
    assert "<summary>Add an image</summary>" in page


def test_the_front_desk_sees_the_plan_without_forms(world: World, two: TwoOptions) -> None:
    page = section(world.fran, two.case)
    assert "D6240" in page and "Options side by side" in page
    assert "<form" not in page


@pytest.mark.parametrize("status", ["scheduled", "in_progress", "completed"])
def test_a_scheduled_plan_is_fixed(world: World, two: TwoOptions, status: str) -> None:
    Case.objects.filter(pk=two.case.pk).update(status=status)
    two.case.refresh_from_db()
    page = section(world.tess, two.case)
    assert "its plan is fixed." in page
    assert "<form" not in page
    assert "D6240" in page


def test_the_outsider_finds_no_plan(world: World, two: TwoOptions) -> None:
    response = signed_in(world.olga).get(url("plan", two.case.pk), **HTMX)
    assert response.status_code == 404


def test_the_section_reads_the_plan_in_a_fixed_number_of_queries(
    world: World, two: TwoOptions, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(world.tess)
    with django_assert_max_num_queries(16):
        client.get(url("plan", two.case.pk), **HTMX)
    phase = two.bridge.phases.get()
    for tooth in ("3", "14", "30"):
        plan_services.procedure_add(acting_user=world.tess, phase=phase, code="D2740", tooth=tooth)
    with django_assert_max_num_queries(16):
        client.get(url("plan", two.case.pk), **HTMX)


def test_without_htmx_the_section_is_a_page(world: World, two: TwoOptions) -> None:
    response = signed_in(world.tess).get(url("plan", two.case.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<!doctype html>" in page
    assert f'href="{url("detail", two.case.pk)}"' in page
    assert '<div id="case-plan"' in page
