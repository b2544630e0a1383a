"""The acceptance dashboard on a hand-made October 2026 at Riverside.

Four cases presented (all diagnosed Oct 1), by two TCs:
- c1 tess: D2740 $1,000 yes, D2950 $200 yes; accepted the day presented (Oct 5);
  $600 paid on Oct 10.
- c2 tess: D2740 $1,000 yes, D3330 $800 open; scheduled; said yes Oct 9 (4 days).
- c3 tina (from hygiene): D6010 $3,000 open; still presented.
- c4 tina: D7140 $200 declined for cost.

Said yes: 2 of 4 cases (50.0 %), $2,200 of $6,200 (35.5 %), same day 1 of 4 (25.0 %),
2.0 days (4 days over 2 cases), collected $600 of $2,200 (27.3 %), declined 1 of 4.
Scheduled: 1 of 4 (25.0 %), $1,000 of $6,200 (16.1 %).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from casepath.audit.models import Action, AuditEvent
from casepath.cases.models import Case, CaseType
from casepath.core.metrics import AcceptedMeans, PresenterRule
from casepath.reports.settings_services import metric_settings_save
from casepath.tenancy.models import Practice
from casepath.tenancy.roles import Role
from tests.builders import build_patient, build_practice, build_user
from tests.conftest import World, signed_in
from tests.reports.builders import metric_case, no, open_line, pay, yes

OCT_5 = date(2026, 10, 5)
OCTOBER = {"from": "2026-10", "to": "2026-10"}


@dataclass
class October:
    tina: Any
    c1: Case
    c2: Case
    c3: Case
    c4: Case


def october(world: World) -> October:
    a = world.practice_a
    tina = build_user("tina", (a, Role.TREATMENT_COORDINATOR))
    ada = build_patient(a, first_name="Ada", last_name="Byron")
    c1 = metric_case(
        a,
        patient=ada,
        title="Crown and buildup",
        lines=[yes("D2740", "1000.00"), yes("D2950", "200.00")],
        status="accepted",
        decided_on=OCT_5,
        first=world.tess,
    )
    c2 = metric_case(
        a,
        title="Crown, then root canal",
        lines=[yes("D2740", "1000.00"), open_line("D3330", "800.00")],
        status="scheduled",
        decided_on=date(2026, 10, 9),
        first=world.tess,
    )
    c3 = metric_case(
        a,
        title="Implant",
        lines=[open_line("D6010", "3000.00")],
        case_type=CaseType.FROM_HYGIENE,
        first=tina,
    )
    c4 = metric_case(
        a,
        title="Extraction",
        lines=[no("D7140", "200.00")],
        status="declined",
        decided_on=date(2026, 10, 6),
        decline_reason="cost",
        first=tina,
    )
    pay(c1, "600.00", date(2026, 10, 10), by=world.tess)
    return October(tina, c1, c2, c3, c4)


@pytest.fixture
def data(world: World) -> October:
    return october(world)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel("2026-10-20 15:00", tick=False):
        yield


def page(client: Client, **query: str) -> str:
    response = client.get(reverse("reports:dashboard"), {**OCTOBER, **query})
    assert response.status_code == 200
    return response.content.decode()


def card(html: str, key: str) -> str:
    found = re.search(rf'<li class="figure-card" data-figure="{key}">(.*?)</li>', html, re.S)
    assert found, key
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split())


def row(html: str, table: str, group: str) -> str:
    body = re.search(rf'<table id="{table}">(.*?)</table>', html, re.S)
    assert body, table
    found = re.search(rf'<tr data-group="{group}">(.*?)</tr>', body[1], re.S)
    assert found, group
    return " ".join(re.sub(r"<[^>]+>", " ", found[1]).split())


def test_the_cards_show_each_figure_with_its_denominator(world: World, data: October) -> None:
    html = page(signed_in(world.tess))
    assert card(html, "presented_cases") == "Cases presented 4"
    assert card(html, "presented_usd") == "Presented $6,200.00"
    assert card(html, "case_acceptance") == "Case acceptance 50.0 % 2 of 4 cases presented"
    assert card(html, "dollar_acceptance") == (
        "Dollar acceptance 35.5 % $2,200.00 of $6,200.00 presented"
    )
    assert card(html, "same_day_acceptance") == "Same-day acceptance 25.0 % 1 of 4 cases presented"
    assert card(html, "days_to_acceptance") == (
        "Days to acceptance (average) 2.0 days 4 days over 2 cases said yes to"
    )
    assert card(html, "collected_usd") == (
        "Collected of accepted 27.3 % $600.00 of $2,200.00 said yes to"
    )
    assert card(html, "declined") == "Declined 25.0 % 1 of 4 cases presented"
    assert card(html, "followup_conversion") == "Follow-up conversion — 0 of 0 cases followed up"


def test_the_breakdown_table_and_charts_carry_the_same_figures(world: World, data: October) -> None:
    html = page(signed_in(world.tess), by="tc")
    tess = row(html, "breakdown-table", str(world.tess.pk))
    assert tess.startswith("Tess Tester 2 $3,000.00 2 $2,200.00 100.0 % 2 of 2")
    tina = row(html, "breakdown-table", str(data.tina.pk))
    assert "0.0 % 0 of 2" in tina
    assert "<caption>Acceptance by treatment coordinator</caption>" in html
    assert '<th scope="row">Tess Tester</th>' in html
    assert html.count('role="img"') == 2
    assert 'aria-label="Bar chart of case and dollar acceptance by treatment coordinator' in html
    assert "<svg" in html and "Tess Tester" in html.split('id="breakdown-table"')[0]
    month = row(html, "trend-table", "2026-10")
    assert month.startswith("October 2026 4 $6,200.00 2 $2,200.00 50.0 % 2 of 4 35.5 %")


def test_declines_by_reason_and_each_case_with_its_acceptance(world: World, data: October) -> None:
    html = page(signed_in(world.tess))
    declines = html.split('id="declines-table"')[1].split("</table>")[0]
    assert "cost is too high" in declines and "1 of 1 declined" in declines
    cases = html.split('id="cases-table"')[1].split("</table>")[0]
    c1 = cases.split(f'data-case="{data.c1.pk}"')[1].split("</tr>")[0]
    assert reverse("cases:detail", args=[data.c1.pk]) in c1
    assert "Byron, Ada" in c1 and "$1,200.00" in c1 and "100.0 %" in c1
    c2 = cases.split(f'data-case="{data.c2.pk}"')[1].split("</tr>")[0]
    assert "$1,800.00" in c2 and "$1,000.00" in c2 and "55.6 %" in c2


def test_the_case_table_is_audited_once_per_view(world: World, data: October) -> None:
    page(signed_in(world.tess))
    rows = AuditEvent.objects.filter(action=Action.VIEW, object_type="acceptance report")
    assert rows.count() == 1
    assert rows.get().actor == world.tess and "4 cases" in rows.get().summary


@pytest.mark.parametrize(
    ("query", "presented"),
    [
        ({}, "4"),
        ({"case_type": CaseType.FROM_HYGIENE}, "1"),
        ({"category": "crowns"}, "2"),
        ({"source": "web"}, "0"),
    ],
)
def test_each_filter_narrows_the_cases(
    world: World, data: October, query: dict[str, str], presented: str
) -> None:
    html = page(signed_in(world.tess), **query)
    assert card(html, "presented_cases") == f"Cases presented {presented}"


def test_the_tc_and_provider_filters_narrow(world: World, data: October) -> None:
    client = signed_in(world.tess)
    html = page(client, tc=str(data.tina.pk))
    assert card(html, "presented_cases") == "Cases presented 2"
    assert card(html, "case_acceptance") == "Case acceptance 0.0 % 0 of 2 cases presented"
    provider = data.c1.diagnosing_provider_id
    assert card(page(client, provider=str(provider)), "presented_cases") == "Cases presented 4"


def test_a_category_counts_only_its_procedures(world: World, data: October) -> None:
    html = page(signed_in(world.tess), category="crowns")
    assert card(html, "presented_usd") == "Presented $2,000.00"
    assert card(html, "dollar_acceptance").startswith("Dollar acceptance 100.0 %")


def test_choosing_scheduled_changes_the_figures_as_documented(world: World, data: October) -> None:
    html = page(signed_in(world.tess), accepted_means="scheduled")
    assert card(html, "case_acceptance") == "Case acceptance 25.0 % 1 of 4 cases presented"
    assert card(html, "dollar_acceptance").startswith("Dollar acceptance 16.1 % $1,000.00 of")
    assert "A case counts as accepted when: Scheduled." in html
    assert "Chosen on this page" in html


def test_the_practice_default_applies_without_a_choice(world: World, data: October) -> None:
    metric_settings_save(
        practice=world.practice_a,
        accepted_means=AcceptedMeans.COMPLETED,
        presenter_rule=PresenterRule.LAST,
        acting_user=world.mona,
    )
    html = page(signed_in(world.tess))
    assert card(html, "case_acceptance") == "Case acceptance 0.0 % 0 of 4 cases presented"
    assert "These are the practice\N{RIGHT SINGLE QUOTATION MARK}s definitions." in html
    assert '<option value="completed" selected>' in html


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "October"}, "from", "Write a month (2026-10) or a day (2026-10-05)"),
        ({"to": "2026-13"}, "to", "not “2026-13”"),
        ({"from": "2026-11", "to": "2026-10"}, "to", "Choose an end on or after the start"),
        ({"by": "colour"}, "by", "Select a valid choice"),
        ({"accepted_means": "maybe"}, "accepted_means", "Select a valid choice"),
        ({"scope": "all"}, "scope", "Select a valid choice"),
    ],
)
def test_bad_filters_show_the_field_error_and_the_page(
    world: World, data: October, query: dict[str, str], field: str, message: str
) -> None:
    html = page(signed_in(world.tess), **query)
    assert "Please correct the fields marked below." in html
    assert f'id="id_{field}"' in html and 'aria-invalid="true"' in html
    assert message in html
    assert "Correct the filters to see the figures" in html
    assert f'<a href="#id_{field}">' in html
    assert 'data-figure="presented_cases"' not in html


def test_exact_days_narrow_the_period(world: World, data: October) -> None:
    html = page(signed_in(world.tess), **{"from": "2026-10-06", "to": "2026-10-31"})
    assert card(html, "presented_cases") == "Cases presented 0"


def test_the_default_period_is_the_last_12_months(world: World, data: October) -> None:
    response = signed_in(world.tess).get(reverse("reports:dashboard"))
    html = response.content.decode()
    assert 'value="2025-11"' in html and 'value="2026-10"' in html
    assert card(html, "presented_cases") == "Cases presented 4"


def test_another_practice_sees_none_of_it(world: World, data: October) -> None:
    client = signed_in(world.olga)
    html = page(client)
    assert card(html, "presented_cases") == "Cases presented 0"
    assert "Tess Tester" not in html and "Byron" not in html
    refused = page(client, tc=str(world.tess.pk))
    assert "Select a valid choice" in refused and "Tess" not in refused.split("<main")[1]


def test_the_front_desk_sees_the_figures_the_menu_leads_to(world: World, data: October) -> None:
    # Every role has "Reports" in the menu; the front desk also keeps the collections there.
    assert signed_in(world.fran).get(reverse("reports:dashboard")).status_code == 200


@override_settings(CASEPATH_REQUIRE_ADMIN_2FA=False)
def test_an_organization_admin_sees_every_practice_of_the_organization(
    world: World, data: October
) -> None:
    a = world.practice_a
    east = build_practice("Riverside East", "RE", organization=a.organization)
    otto = build_user("otto", (a, Role.ORGANIZATION_ADMIN))
    metric_case(east, lines=[yes("D2740", "900.00")], status="accepted", first=otto)
    metric_case(world.practice_b, lines=[yes("D2740", "500.00")], status="accepted")
    client = signed_in(otto)
    assert "All practices of Riverside Dental Group" in page(client)
    html = page(client, scope="all", by="practice")
    assert card(html, "presented_cases") == "Cases presented 5"
    assert row(html, "breakdown-table", str(east.pk)).startswith("Riverside East 1 $900.00")
    assert 'id="cases-table"' not in html
    assert card(page(client), "presented_cases") == "Cases presented 4"


def test_a_practice_alone_is_not_an_organization(world: World) -> None:
    other: Practice = world.practice_b
    assert "All practices of" not in page(signed_in(world.tess))
    assert other.organization_id != world.practice_a.organization_id
