"""Reading cases through the API: the filtered list and one case with its whole plan."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from casepath.audit.models import AuditEvent
from casepath.cases import services
from casepath.cases.models import CaseType, NoteKind, Urgency
from tests.builders import build_patient
from tests.cases.api.conftest import base, case_url, presented, send
from tests.cases.builders import TwoOptions, build_case
from tests.conftest import World, signed_in


def test_the_list_shows_the_practice_cases_newest_first(
    world: World, made: TwoOptions, tess: Client
) -> None:
    second = build_case(world, title="Cracked upper molar", missing_teeth="")
    answer = send(tess, "get", base(world.practice_a.pk))
    assert answer.status_code == 200
    assert answer.data["count"] == 2
    assert [c["title"] for c in answer.data["items"]] == [
        "Cracked upper molar",
        "Missing lower left molar",
    ]
    row = answer.data["items"][1]
    assert row["id"] == made.case.pk
    assert row["status"] == "ready" and row["status_label"] == "Ready to present"
    assert row["patient"] == {
        "id": world.patient_a.pk,
        "name": "Ana Lopez",
        "chart_number": world.patient_a.chart_number,
    }
    assert row["diagnosing_provider"]["name"].startswith("Rita Nunez")
    assert row["diagnosing_provider"]["is_external"] is False
    assert row["coordinator"] == {"id": world.tess.pk, "name": world.tess.get_full_name() or "tess"}
    assert second.pk == answer.data["items"][0]["id"]


def _filtered(client: Client, world: World, **query: Any) -> list[str]:
    answer = client.get(base(world.practice_a.pk), query)
    assert answer.status_code == 200, answer.json()
    return [c["title"] for c in answer.json()["items"]]


def test_the_list_filters(world: World, made: TwoOptions, tess: Client) -> None:
    other_patient = build_patient(world.practice_a, first_name="Cy", last_name="Moss")
    services.case_create(
        acting_user=world.tess,
        patient=other_patient,
        diagnosing_provider=made.case.diagnosing_provider,
        title="Toothache",
        case_type=CaseType.EMERGENCY,
        urgency=Urgency.IMMEDIATE,
        diagnosed_on=made.case.diagnosed_on,
        coordinator=world.mona,
    )
    molar = "Missing lower left molar"
    assert _filtered(tess, world, status="ready") == [molar]
    assert _filtered(tess, world, status="draft") == ["Toothache"]
    assert _filtered(tess, world, coordinator=world.tess.pk) == [molar]
    assert _filtered(tess, world, type="emergency") == ["Toothache"]
    assert _filtered(tess, world, urgency="immediate") == ["Toothache"]
    assert _filtered(tess, world, patient=world.patient_a.pk) == [molar]
    assert _filtered(tess, world, provider=made.case.diagnosing_provider_id) == ["Toothache", molar]
    assert _filtered(tess, world, provider=made.case.diagnosing_provider_id + 999) == []


def test_the_list_pages(world: World, made: TwoOptions, tess: Client) -> None:
    for n in range(4):
        build_case(world, title=f"Case {n}")
    answer = tess.get(base(world.practice_a.pk), {"limit": 2, "offset": 1}).json()
    assert answer["count"] == 5
    assert (answer["limit"], answer["offset"]) == (2, 1)
    assert [c["title"] for c in answer["items"]] == ["Case 2", "Case 1"]


@pytest.mark.parametrize(
    ("query", "path"),
    [
        ({"status": "maybe"}, "query.status"),
        ({"type": "cosmetic"}, "query.type"),
        ({"limit": 0}, "query.limit"),
        ({"limit": 201}, "query.limit"),
        ({"offset": -1}, "query.offset"),
        ({"patient": "ana"}, "query.patient"),
    ],
)
def test_bad_filters_answer_422_naming_the_filter(
    world: World, tess: Client, query: dict[str, Any], path: str
) -> None:
    answer = tess.get(base(world.practice_a.pk), query)
    assert answer.status_code == 422
    assert [e["path"] for e in answer.json()["errors"]] == [path]


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_two_or_twelve_cases(
    world: World, made: TwoOptions, tess: Client
) -> None:
    build_case(world, title="Second")
    url = base(world.practice_a.pk)
    tess.get(url)  # the first request of a session also saves when it was last seen
    few = _count_queries(tess, url)
    for n in range(10):
        build_case(world, title=f"More {n}", coordinator=world.mona if n % 2 else None)
    assert _count_queries(tess, url) == few
    assert len(tess.get(url).json()["items"]) == 12


def test_the_list_read_is_audited_through_the_api(world: World, made: TwoOptions) -> None:
    client = signed_in(world.doc)
    before = AuditEvent.objects.count()
    client.get(base(world.practice_a.pk), {"status": "ready"})
    event = AuditEvent.objects.order_by("pk").last()
    assert AuditEvent.objects.count() == before + 1
    assert (event.action, event.channel, event.actor) == ("search", "api", world.doc)
    assert "status=ready, limit=50, offset=0): 1 shown" in event.summary


def test_one_case_has_its_plan_estimates_presentations_and_notes(
    world: World, made: TwoOptions, tess: Client
) -> None:
    case = presented(made, world.tess)
    services.case_note_add(
        acting_user=world.tess, case=case, kind=NoteKind.FINANCIAL, text="Asked about CareCredit."
    )
    answer = send(tess, "get", case_url(case))
    assert answer.status_code == 200
    data = answer.data
    assert (data["status"], data["presented_on"], data["expires_on"]) == (
        "presented",
        "2026-03-10",
        "2026-04-09",
    )
    assert data["missing_teeth"] == "19"
    implant, bridge = data["options"]
    assert (implant["name"], implant["recommended"], bridge["recommended"]) == (
        "Implant",
        True,
        False,
    )
    assert [p["name"] for p in implant["phases"]] == ["Phase 1", "Implant crown"]
    post = implant["phases"][0]["procedures"][0]
    assert (post["code"], post["tooth"], post["fee"], post["healing_days"]) == (
        "D6010",
        "19",
        "2400.00",
        90,
    )
    assert (post["discount"], post["net_fee"], post["decision"]) == ("0.00", "2400.00", "undecided")
    assert [p["code"] for p in bridge["phases"][0]["procedures"]] == ["D6750", "D6240", "D6750"]
    assert implant["estimate"]["fee_total"] == "3850.00"
    assert bridge["estimate"]["fee_total"] == "3400.00"
    assert implant["estimate"]["as_of"] == "2026-03-10"
    totals = implant["estimate"]
    parts = [Decimal(totals[k]) for k in ("insurance_total", "write_off_total", "patient_total")]
    assert sum(parts) == Decimal("3850.00")
    [shown] = data["presentations"]
    assert (shown["number"], shown["mode"], shown["expires_on"]) == (1, "in_person", "2026-04-09")
    assert shown["presented_at"].startswith("2026-03-10T")
    [note] = data["notes"]
    assert (note["kind"], note["text"]) == ("financial", "Asked about CareCredit.")


def test_reading_a_case_is_audited_with_its_patient(
    world: World, made: TwoOptions, tess: Client
) -> None:
    send(tess, "get", case_url(made.case))
    event = AuditEvent.objects.order_by("pk").last()
    assert (event.action, event.channel, event.patient) == ("view", "api", world.patient_a)
    assert event.object_id == str(made.case.pk)


def test_a_case_of_another_practice_is_not_found(
    world: World, made: TwoOptions, olga: Client
) -> None:
    own = f"{base(world.practice_b.pk)}/{made.case.pk}"
    for url in (case_url(made.case), own, base(world.practice_a.pk)):
        answer = send(olga, "get", url)
        assert answer.status_code == 404
        assert answer.data == {"errors": [{"path": "", "message": "Not found."}]}


def test_a_missing_case_is_not_found(world: World, tess: Client) -> None:
    assert send(tess, "get", f"{base(world.practice_a.pk)}/999999").status_code == 404
    assert send(tess, "get", f"{base(world.practice_a.pk)}/abc").status_code == 404


def test_signed_out_callers_get_401(world: World, made: TwoOptions) -> None:
    answer = send(Client(), "get", case_url(made.case))
    assert answer.status_code == 401
    assert answer.data["errors"][0]["path"] == ""


def test_a_personal_token_reads_the_case(world: World, made: TwoOptions) -> None:
    from casepath.accounts.services import api_token_create

    _, raw = api_token_create(acting_user=world.tess, name="sync")
    answer = Client().get(case_url(made.case), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert answer.status_code == 200
    assert answer.json()["id"] == made.case.pk
