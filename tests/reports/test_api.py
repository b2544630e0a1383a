"""The reports API: acceptance figures on a hand-computed set of cases, the definitions
and filters, a 422 naming each bad parameter, and who may read (token, role, outsider).

October 2026 at Riverside (all diagnosed on the 1st, all first presented by tess):
  1. presented the 5th, said yes the same day to the crown (D2740 $1,200) and no to
     the filling (D2950 $300); $500 paid on the 10th;
  2. presented the 5th, declined on the 8th for cost (implant D6010 $2,000), another
     provider, a patient from the web;
  3. presented the 12th, still open (cleaning D1110 $100), an emergency, last
     presented by mona.
Presented: 3 cases, 3 patients, 4 procedures, $3,600. Said yes: 1 case, 1 procedure,
$1,200 (33.3 %, 25.0 %, 33.3 %); same day 1 of 3; collected $500 of $1,200 (41.7 %).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from casepath.accounts.services import api_token_create
from casepath.audit.models import AuditEvent
from casepath.reports.models import MetricSettings
from casepath.tenancy.roles import MATRIX, Permission, Role
from tests.builders import build_patient, build_provider
from tests.conftest import World, signed_in
from tests.reports.builders import metric_case, no, open_line, pay, yes

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=ZoneInfo("America/New_York"))
OCTOBER = {"from": "2026-10-01", "to": "2026-10-31"}


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def url(practice_id: int) -> str:
    return f"/api/v1/practices/{practice_id}/reports/acceptance"


def get(client: Client, practice_id: int, query: dict[str, Any], **extra: Any) -> Any:
    response = client.get(url(practice_id), query, **extra)
    response.data = response.json() if response.content else None
    return response


def bearer(user: Any) -> dict[str, str]:
    _, raw = api_token_create(acting_user=user, name="reports")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def october(world: World) -> dict[str, Any]:
    a = world.practice_a
    other = build_provider(a, first_name="Omar", last_name="Quinn")
    crown = metric_case(
        a,
        lines=[yes("D2740", "1200.00"), no("D2950", "300.00")],
        status="accepted",
        presented_on=date(2026, 10, 5),
        decided_on=date(2026, 10, 5),
        first=world.tess,
    )
    pay(crown, "500.00", date(2026, 10, 10), by=world.fran)
    metric_case(
        a,
        patient=build_patient(a, first_name="Web", referral_source="web"),
        lines=[no("D6010", "2000.00")],
        status="declined",
        presented_on=date(2026, 10, 5),
        decided_on=date(2026, 10, 8),
        decline_reason="cost",
        provider=other,
        first=world.tess,
    )
    metric_case(
        a,
        lines=[open_line("D1110", "100.00")],
        presented_on=date(2026, 10, 12),
        case_type="emergency",
        first=world.tess,
        last=world.mona,
    )
    metric_case(  # another practice's: never counted
        world.practice_b,
        patient=world.patient_b,
        lines=[yes("D2740", "9000.00")],
        status="accepted",
        decided_on=date(2026, 10, 5),
        first=world.olga,
    )
    return {"other_provider": other}


@pytest.fixture
def tess(world: World) -> Client:
    return signed_in(world.tess)


def by_key(figures: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f["key"]: f for f in figures}


def values(figures: list[dict[str, Any]], *keys: str) -> list[Any]:
    found = by_key(figures)
    return [found[k]["value"] for k in keys]


# ---- the figures -------------------------------------------------------------


def test_every_total_figure_on_the_hand_computed_month(
    world: World, october: Any, tess: Client
) -> None:
    answer = get(tess, world.practice_a.pk, OCTOBER)
    assert answer.status_code == 200, answer.data
    data = answer.data
    assert (data["from"], data["to"], data["as_of"]) == ("2026-10-01", "2026-10-31", "2026-11-02")
    assert data["practice_id"] == world.practice_a.pk and data["filtered"] is False
    assert data["definitions"]["accepted_means"]["key"] == "said_yes"
    assert data["definitions"]["accepted_means"]["words"].startswith("A presented case is")
    assert data["definitions"]["presenter_rule"] == {
        "key": "first",
        "label": "First presenter",
        "words": "First presenter: the TC who first presented the case",
    }
    figures = by_key(data["figures"])
    assert [f["key"] for f in data["figures"]][:3] == [
        "diagnosed_cases",
        "diagnosed_usd",
        "presented_cases",
    ]
    expected = {
        "diagnosed_cases": 3,
        "diagnosed_usd": "3600.00",
        "presented_cases": 3,
        "presented_patients": 3,
        "presented_procedures": 4,
        "presented_usd": "3600.00",
        "accepted_cases": 1,
        "accepted_usd": "1200.00",
        "case_acceptance": "33.3",
        "patient_acceptance": "33.3",
        "procedure_acceptance": "25.0",
        "dollar_acceptance": "33.3",
        "same_day_acceptance": "33.3",
        "days_to_acceptance": "0.0",
        "scheduled_usd": "0.00",
        "completed_usd": "0.00",
        "collected_usd": "41.7",
        "followup_conversion": None,
        "declined": "33.3",
        "predeterminations_returned": None,
        "financing_approved": None,
    }
    assert {k: f["value"] for k, f in figures.items()} == expected
    assert figures["case_acceptance"] == {
        "key": "case_acceptance",
        "label": "Case acceptance",
        "unit": "percent",
        "value": "33.3",
        "numerator": 1,
        "denominator": 3,
        "denominator_label": "of 3 cases presented",
    }
    collected = figures["collected_usd"]
    assert (collected["numerator"], collected["denominator"]) == ("500.00", "1200.00")
    assert collected["denominator_label"] == "of $1,200.00 said yes to"
    assert figures["presented_usd"]["unit"] == "usd"
    assert figures["presented_usd"]["denominator"] is None


def test_the_read_is_not_audited(world: World, october: Any, tess: Client) -> None:
    before = AuditEvent.objects.count()
    assert get(tess, world.practice_a.pk, OCTOBER).status_code == 200
    assert AuditEvent.objects.count() == before


def test_groups_of_the_chosen_breakdown(world: World, october: Any, tess: Client) -> None:
    answer = get(tess, world.practice_a.pk, OCTOBER | {"by": "decline_reason"})
    assert (answer.data["by"], answer.data["by_label"]) == ("decline_reason", "Decline reason")
    [cost] = answer.data["groups"]
    assert (cost["key"], cost["label"]) == ("cost", "The cost is too high")
    assert values(cost["figures"], "presented_cases", "presented_usd") == [1, "2000.00"]

    months = get(tess, world.practice_a.pk, OCTOBER).data
    assert months["by"] == "month"
    assert [(g["key"], g["label"]) for g in months["groups"]] == [("2026-10", "October 2026")]

    types = get(tess, world.practice_a.pk, OCTOBER | {"by": "case_type"}).data["groups"]
    assert {g["label"]: values(g["figures"], "presented_cases")[0] for g in types} == {
        "New patient": 2,
        "Emergency": 1,
    }
    assert get(tess, world.practice_a.pk, OCTOBER | {"by": "total"}).data["groups"] == []


def test_the_presenter_rule_moves_a_case_between_tcs(
    world: World, october: Any, tess: Client
) -> None:
    def tcs(rule: str) -> dict[str, int]:
        query = OCTOBER | {"by": "tc", "presenter_rule": rule}
        groups = get(tess, world.practice_a.pk, query).data["groups"]
        return {g["key"]: values(g["figures"], "presented_cases")[0] for g in groups}

    tess_id, mona_id = str(world.tess.pk), str(world.mona.pk)
    assert tcs("first") == {tess_id: 3}
    assert tcs("last") == {tess_id: 2, mona_id: 1}


def test_the_definition_comes_from_the_practice_unless_asked(
    world: World, october: Any, tess: Client
) -> None:
    MetricSettings.objects.create(practice=world.practice_a, accepted_means="completed")
    chosen = get(tess, world.practice_a.pk, OCTOBER).data
    assert chosen["definitions"]["accepted_means"]["key"] == "completed"
    assert values(chosen["figures"], "accepted_cases", "case_acceptance") == [0, "0.0"]
    asked = get(tess, world.practice_a.pk, OCTOBER | {"accepted_means": "same_day"}).data
    assert asked["definitions"]["accepted_means"]["key"] == "same_day"
    assert values(asked["figures"], "accepted_cases", "accepted_usd") == [1, "1200.00"]


@pytest.mark.parametrize(
    ("query", "presented"),
    [
        ({"case_type": "emergency"}, [1, "100.00"]),
        ({"source": "web"}, [1, "2000.00"]),
        ({"category": "crowns"}, [1, "1200.00"]),
        ({"tc": "mona", "presenter_rule": "last"}, [1, "100.00"]),
        ({"tc": "tess"}, [3, "3600.00"]),
        ({"provider": "other"}, [1, "2000.00"]),
    ],
    ids=["case_type", "source", "category", "tc-last", "tc-first", "provider"],
)
def test_each_filter_narrows_the_cases(
    world: World, october: Any, tess: Client, query: dict[str, str], presented: list[Any]
) -> None:
    people = {"mona": world.mona.pk, "tess": world.tess.pk, "other": october["other_provider"].pk}
    query = {k: people.get(v, v) for k, v in query.items()}
    answer = get(tess, world.practice_a.pk, OCTOBER | query)
    assert answer.status_code == 200, answer.data
    assert answer.data["filtered"] is True
    assert values(answer.data["figures"], "presented_cases", "presented_usd") == presented


def test_an_empty_period_has_zeros_and_no_rates(world: World, october: Any, tess: Client) -> None:
    answer = get(tess, world.practice_a.pk, {"from": "2025-01-01", "to": "2025-01-31"})
    assert answer.status_code == 200
    figures = by_key(answer.data["figures"])
    assert figures["presented_cases"]["value"] == 0
    assert figures["presented_usd"]["value"] == "0.00"
    assert figures["case_acceptance"]["value"] is None
    assert answer.data["groups"] == []


# ---- bad parameters ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ({"from": None}, "query.from"),
        ({"to": None}, "query.to"),
        ({"from": "yesterday"}, "query.from"),
        ({"to": "2026-13-01"}, "query.to"),
        ({"from": "2026-11-01", "to": "2026-10-31"}, "query.from"),
        ({"from": "2020-01-01"}, "query.from"),
        ({"accepted_means": "maybe"}, "query.accepted_means"),
        ({"presenter_rule": "middle"}, "query.presenter_rule"),
        ({"by": "weather"}, "query.by"),
        ({"tc": "abc"}, "query.tc"),
        ({"tc": "olga"}, "query.tc"),
        ({"provider": "987654"}, "query.provider"),
        ({"case_type": "cosmetic"}, "query.case_type"),
        ({"source": "billboard"}, "query.source"),
        ({"category": "magic"}, "query.category"),
    ],
)
def test_a_bad_parameter_is_named(
    world: World, tess: Client, query: dict[str, Any], where: str
) -> None:
    people = {"olga": world.olga.pk}
    sent = {k: people.get(v, v) for k, v in (OCTOBER | query).items() if v is not None}
    answer = get(tess, world.practice_a.pk, sent)
    assert answer.status_code == 422, answer.data
    assert [e["path"] for e in answer.data["errors"]] == [where]
    assert all(e["message"] for e in answer.data["errors"])


def test_every_problem_is_named_at_once(world: World, tess: Client) -> None:
    query = {"from": "2026-11-01", "to": "2026-10-31", "tc": world.olga.pk, "category": "x"}
    answer = get(tess, world.practice_a.pk, query)
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == [
        "query.from",
        "query.tc",
        "query.category",
    ]


def test_another_practices_provider_is_refused(world: World, tess: Client) -> None:
    theirs = build_provider(world.practice_b)
    answer = get(tess, world.practice_a.pk, OCTOBER | {"provider": theirs.pk})
    assert answer.status_code == 422
    assert [e["path"] for e in answer.data["errors"]] == ["query.provider"]


# ---- who may read ------------------------------------------------------------


def test_a_token_reads_and_no_credentials_get_401(world: World, october: Any) -> None:
    answer = get(Client(), world.practice_a.pk, OCTOBER, **bearer(world.mona))
    assert answer.status_code == 200, answer.data
    assert values(answer.data["figures"], "presented_cases") == [3]
    nobody = get(Client(), world.practice_a.pk, OCTOBER)
    assert nobody.status_code == 401
    assert nobody.data["errors"][0]["path"] == ""


@pytest.mark.parametrize("persona", ["tess", "fran", "doc", "mona"])
def test_each_role_reads_as_the_matrix_says(world: World, october: Any, persona: str) -> None:
    user = getattr(world, persona)
    role = user.memberships.get(practice=world.practice_a).role
    allowed = role in MATRIX[Permission.VIEW_REPORTS]
    answer = get(Client(), world.practice_a.pk, OCTOBER, **bearer(user))
    assert answer.status_code == (200 if allowed else 403), answer.data


def test_a_role_without_view_reports_gets_403(
    world: World, october: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_desk = MATRIX[Permission.VIEW_REPORTS] - {Role.FRONT_DESK}
    monkeypatch.setitem(MATRIX, Permission.VIEW_REPORTS, without_desk)
    answer = get(Client(), world.practice_a.pk, OCTOBER, **bearer(world.fran))
    assert answer.status_code == 403, answer.data
    assert answer.data["errors"][0]["message"]


@pytest.mark.parametrize("query", [OCTOBER, {}, {"from": "nonsense", "by": "x"}])
def test_an_outsider_gets_404_whatever_they_send(
    world: World, october: Any, query: dict[str, str]
) -> None:
    answer = get(Client(), world.practice_a.pk, query, **bearer(world.olga))
    assert answer.status_code == 404, answer.data
    assert answer.data == {"errors": [{"path": "", "message": "Not found."}]}


def test_the_outsider_reads_only_their_own_practice(world: World, october: Any) -> None:
    answer = get(Client(), world.practice_b.pk, OCTOBER, **bearer(world.olga))
    assert answer.status_code == 200, answer.data
    assert values(answer.data["figures"], "presented_cases", "accepted_usd") == [1, "9000.00"]


def test_the_answer_is_json(world: World, october: Any, tess: Client) -> None:
    response = tess.get(url(world.practice_a.pk), OCTOBER)
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["figures"]
