"""The case board: a column per open status, closed cases on request, filters that
narrow it, and a constant number of queries however many cases there are."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casepath.cases.models import Case, CaseOption, CaseType, Urgency
from casepath.cases.plan_services import option_add
from casepath.core.cases import CaseStatus
from casepath.estimates.models import Estimate
from casepath.tenancy.roles import Role
from tests.builders import build_patient, build_provider, build_user
from tests.cases.builders import build_case
from tests.cases.screens.helpers import HTMX, at_status
from tests.conftest import World, signed_in

BOARD = "/cases/"


def card_ids(response: Any, column: str) -> list[int]:
    """The case ids shown in one column, in order."""
    columns = {c.key: c for c in response.context["columns"]}
    return [card.case.pk for card in columns[column].cards] if column in columns else []


def estimated(case: Case, patient_total: str) -> CaseOption:
    """A recommended option whose estimate leaves the patient `patient_total`."""
    option = option_add(acting_user=None, case=case, name="Implant", recommended=True)
    estimate = Estimate.objects.create(
        practice=case.practice,
        patient=case.patient,
        title=case.title,
        as_of=date(2026, 3, 10),
        patient_total=Decimal(patient_total),
    )
    CaseOption.objects.filter(pk=option.pk).update(estimate=estimate)
    return option


def test_columns_by_status_with_the_card(world: World, tess_client: Client) -> None:
    draft = build_case(world)
    estimated(draft, "1234.50")
    pending = at_status(build_case(world, title="Upper crowns"), CaseStatus.PENDING)
    declined = at_status(build_case(world, title="Old bridge"), CaseStatus.DECLINED)

    response = tess_client.get(BOARD)

    assert response.status_code == 200
    keys = [c.key for c in response.context["columns"]]
    assert keys == [
        "draft",
        "ready",
        "presented",
        "pending",
        "accepted",
        "scheduled",
        "in_progress",
    ]
    assert card_ids(response, "draft") == [draft.pk]
    assert card_ids(response, "pending") == [pending.pk]
    assert declined.pk not in [c.case.pk for col in response.context["columns"] for c in col.cards]
    page = response.content.decode()
    assert "Ana Lopez" in page and "Missing lower left molar" in page
    assert "14</strong> days since diagnosis" in page  # diagnosed 03/10, today 03/24
    assert "$1,234.50" in page
    assert "Rita Nunez, DDS" in page
    assert '<h2 id="column-pending">Pending decision' in page


def test_closed_cases_in_their_own_column(world: World, tess_client: Client) -> None:
    declined = at_status(build_case(world), CaseStatus.DECLINED)
    completed = at_status(build_case(world), CaseStatus.COMPLETED)
    build_case(world, title="Open one")

    response = tess_client.get(BOARD, {"closed": "on"})

    assert sorted(card_ids(response, "closed")) == sorted([declined.pk, completed.pk])
    assert "Declined" in response.content.decode()


def test_filters_by_coordinator_provider_type_and_urgency(
    world: World, tess_client: Client
) -> None:
    other_tc = build_user("theo", (world.practice_a, Role.TREATMENT_COORDINATOR))
    other_doc = build_provider(world.practice_a, first_name="Sam", last_name="Osei")
    mine = build_case(world)
    theirs = build_case(world, coordinator=other_tc)
    ortho = build_case(world, case_type=CaseType.ORTHODONTIC, urgency=Urgency.IMMEDIATE)
    by_osei = build_case(world)
    Case.objects.filter(pk=by_osei.pk).update(diagnosing_provider=other_doc)

    def shown(**query: Any) -> set[int]:
        response = tess_client.get(BOARD, query)
        return set(card_ids(response, "draft"))

    everyone = {mine.pk, theirs.pk, ortho.pk, by_osei.pk}
    assert shown() == everyone
    assert shown(tc=other_tc.pk) == {theirs.pk}
    assert shown(provider=other_doc.pk) == {by_osei.pk}
    assert shown(type="orthodontic") == {ortho.pk}
    assert shown(urgency="immediate") == {ortho.pk}
    assert shown(tc="not-a-number") == everyone  # an invalid filter is ignored


def test_filters_by_age_and_patient_name(world: World, tess_client: Client) -> None:
    old = build_case(world, diagnosed_on=date(2026, 1, 2))  # 81 days
    fresh = build_case(world, diagnosed_on=date(2026, 3, 20))  # 4 days
    ben = build_patient(world.practice_a, first_name="Ben", last_name="Okafor")
    bens = build_case(world, diagnosed_on=date(2026, 3, 1))  # 23 days
    Case.objects.filter(pk=bens.pk).update(patient=ben)

    def shown(**query: Any) -> set[int]:
        return set(card_ids(tess_client.get(BOARD, query), "draft"))

    assert shown(age="7") == {old.pk, bens.pk}
    assert shown(age="30") == {old.pk}
    assert shown(age="60") == {old.pk}
    assert shown(q="okaf") == {bens.pk}
    assert shown(q="ben ok") == {bens.pk}
    assert shown(q="lopez") == {old.pk, fresh.pk}


def test_urgent_and_older_cases_first_in_a_column(world: World, tess_client: Client) -> None:
    soon_old = build_case(world, diagnosed_on=date(2026, 2, 1))
    soon_new = build_case(world, diagnosed_on=date(2026, 3, 20))
    immediate = build_case(world, urgency=Urgency.IMMEDIATE, diagnosed_on=date(2026, 3, 22))

    response = tess_client.get(BOARD)

    assert card_ids(response, "draft") == [immediate.pk, soon_old.pk, soon_new.pk]


def test_htmx_swaps_only_the_columns(world: World, tess_client: Client) -> None:
    build_case(world)

    response = tess_client.get(BOARD, {"urgency": "soon"}, **HTMX)

    page = response.content.decode()
    assert "<html" not in page
    assert 'id="column-draft"' in page and "1 case." in page


def test_the_filter_form_is_labelled_and_pushes_its_url(tess_client: Client) -> None:
    page = tess_client.get(BOARD).content.decode()

    for field in ("q", "tc", "provider", "type", "urgency", "age", "closed"):
        assert f'for="id_{field}"' in page
    assert 'hx-push-url="true"' in page and 'role="search"' in page


def test_a_constant_number_of_queries(
    world: World, tess_client: Client, django_assert_max_num_queries: Any
) -> None:
    estimated(build_case(world), "100.00")
    with CaptureQueriesContext(connection) as one_case:
        tess_client.get(BOARD)
    for n in range(12):
        case = build_case(world, title=f"Case {n}")
        estimated(case, "100.00")
        at_status(case, list(CaseStatus)[n % 10])

    with django_assert_max_num_queries(len(one_case)):
        response = tess_client.get(BOARD, {"closed": "on"})

    assert response.context["count"] == 13
    # Sign-in, practice and session: 9; the board: cases, options, coordinators, providers.
    assert len(one_case) <= 13


@pytest.mark.parametrize("who", ["fran", "doc", "mona"])
def test_every_staff_member_sees_the_board(world: World, who: str) -> None:
    build_case(world)

    response = signed_in(getattr(world, who)).get(BOARD)

    assert response.status_code == 200
    assert ("New case" in response.content.decode()) is (who != "fran")


def test_the_outsider_sees_none_of_practice_a(world: World, olga_client: Client) -> None:
    build_case(world)

    response = olga_client.get(BOARD)

    assert response.status_code == 200
    assert response.context["count"] == 0


def test_settings_link_the_case_templates_by_role(world: Any) -> None:
    from tests.conftest import signed_in

    tc_page = signed_in(world.tess).get("/accounts/settings/").content.decode()
    assert "/cases/templates/consent/" in tc_page and "/cases/templates/documents/" in tc_page
    desk_page = signed_in(world.fran).get("/accounts/settings/").content.decode()
    assert "/cases/templates/consent/" in desk_page
    assert "/cases/templates/documents/" not in desk_page
