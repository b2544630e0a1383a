"""The manager's audit trail: filters, pages, CSV export, and who may see it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.http import StreamingHttpResponse

from casepath.audit.models import Action, AuditEvent
from casepath.audit.services import audit_record
from casepath.audit.views import CSV_COLUMNS, PAGE_SIZE
from tests.builders import build_patient
from tests.conftest import World, signed_in


def _record(world: World, actor: Any, action: Action, patient: Any = None, **extra: Any) -> None:
    audit_record(
        practice=extra.pop("practice", world.practice_a),
        actor=actor,
        action=action,
        target=patient,
        object_type="patient",
        patient=patient,
        summary=f"{actor.username} {action} {patient or 'search'}",
        **extra,
    )


@pytest.fixture
def trail(world: World, frozen_now: Any) -> World:
    """Three days of activity at Riverside, and one row at Hillcrest."""
    other = build_patient(world.practice_a, first_name="Zoe", last_name="Quinn")
    frozen_now.shift(timedelta(days=-2))  # 2026-03-08
    _record(world, world.tess, Action.VIEW, world.patient_a)
    _record(world, world.fran, Action.SEARCH)
    frozen_now.shift(timedelta(days=1))  # 2026-03-09
    _record(
        world, world.tess, Action.UPDATE, other, changes={"city": {"before": "", "after": "Oslo"}}
    )
    _record(world, world.fran, Action.VIEW, other)
    frozen_now.shift(timedelta(days=1))  # 2026-03-10
    _record(world, world.tess, Action.VIEW, world.patient_a, ip_address="192.0.2.1")
    _record(world, world.olga, Action.VIEW, world.patient_b, practice=world.practice_b)
    return world


def _summaries(response: Any) -> list[str]:
    return [e.summary for e in response.context["page"].object_list]


@pytest.mark.parametrize("who", ["tess", "fran", "doc"])
def test_only_managers_may_read_the_trail(world: World, who: str) -> None:
    client = signed_in(getattr(world, who))
    assert client.get("/audit/").status_code == 403
    assert client.get("/audit/export.csv").status_code == 403
    assert not AuditEvent.objects.exists()


def test_manager_sees_the_practices_rows_newest_first(trail: World) -> None:
    response = signed_in(trail.mona).get("/audit/")
    assert response.status_code == 200
    assert _summaries(response) == [
        "tess view Lopez, Ana (RV-000001)",
        "fran view Quinn, Zoe (RV-000002)",
        "tess update Quinn, Zoe (RV-000002)",
        "fran search search",
        "tess view Lopez, Ana (RV-000001)",
    ]
    html = response.content.decode()
    assert "olga" not in html
    assert "city: “” → “Oslo”" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"action": "update"}, ["tess update Quinn, Zoe (RV-000002)"]),
        (
            {"patient": "rv-000002"},
            ["fran view Quinn, Zoe (RV-000002)", "tess update Quinn, Zoe (RV-000002)"],
        ),
        (
            {"start": "2026-03-09", "end": "2026-03-09"},
            ["fran view Quinn, Zoe (RV-000002)", "tess update Quinn, Zoe (RV-000002)"],
        ),
        ({"start": "2026-03-10"}, ["tess view Lopez, Ana (RV-000001)"]),
        ({"end": "2026-03-08"}, ["fran search search", "tess view Lopez, Ana (RV-000001)"]),
        (
            {"action": "view", "patient": "RV-000001", "end": "2026-03-09"},
            ["tess view Lopez, Ana (RV-000001)"],
        ),
    ],
)
def test_filters(trail: World, query: dict[str, str], expected: list[str]) -> None:
    assert _summaries(signed_in(trail.mona).get("/audit/", query)) == expected


def test_filter_by_user(trail: World) -> None:
    response = signed_in(trail.mona).get("/audit/", {"user": trail.fran.pk})
    assert _summaries(response) == ["fran view Quinn, Zoe (RV-000002)", "fran search search"]


def test_a_user_of_another_practice_is_not_a_choice(trail: World) -> None:
    response = signed_in(trail.mona).get("/audit/", {"user": trail.olga.pk})
    assert "user" in response.context["form"].errors


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"patient": "HC-000001"}, "patient"),  # another practice's chart
        ({"start": "2026-03-10", "end": "2026-03-08"}, "end"),
        ({"start": "10 March"}, "start"),
    ],
)
def test_bad_filters_name_the_field(trail: World, query: dict[str, str], field: str) -> None:
    response = signed_in(trail.mona).get("/audit/", query)
    assert response.status_code == 200
    assert field in response.context["form"].errors


def test_pages_of_fifty(world: World) -> None:
    for _ in range(PAGE_SIZE * 2 + 20):
        _record(world, world.tess, Action.VIEW, world.patient_a)
    client = signed_in(world.mona)
    first = client.get("/audit/", {"action": "view"})
    assert len(first.context["page"].object_list) == PAGE_SIZE
    assert "Page 1 of 3" in first.content.decode()
    assert "action=view&amp;page=2" in first.content.decode()
    last = client.get("/audit/", {"action": "view", "page": 3})
    assert len(last.context["page"].object_list) == 20
    assert "Page 3 of 3" in last.content.decode()


# Request cost (session, user, two-step devices, memberships), the count,
# the filter's user list and one page of rows joined to their patients. No query per row;
# no session write either (the idle timer saves at most once a minute).
AUDIT_PAGE_QUERIES = 7


@pytest.mark.parametrize("rows", [5, 60])
def test_the_list_costs_the_same_whatever_the_rows(
    world: World, rows: int, django_assert_num_queries: Any
) -> None:
    for n in range(rows):
        patient = world.patient_a if n % 2 else None
        _record(world, world.tess, Action.VIEW, patient)
    client = signed_in(world.mona)
    client.get("/audit/")
    with django_assert_num_queries(AUDIT_PAGE_QUERIES):
        client.get("/audit/", {"action": "view"})


def _csv(response: Any) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_csv_export_has_a_header_and_the_filtered_rows(trail: World) -> None:
    response = signed_in(trail.mona).get("/audit/export.csv", {"patient": "RV-000002"})
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Disposition"] == 'attachment; filename="audit-RV-20260310.csv"'
    header, *rows = _csv(response)
    assert header == list(CSV_COLUMNS)
    assert [(r[1], r[2], r[6]) for r in rows] == [
        ("fran", "view", "RV-000002"),
        ("tess", "update", "RV-000002"),
    ]
    assert rows[0][0] == "2026-03-09T18:30:00+00:00"


def test_csv_export_of_everything_leaves_other_practices_out(trail: World) -> None:
    _header, *rows = _csv(signed_in(trail.mona).get("/audit/export.csv"))
    # The export's own row is written first, so an unfiltered export lists itself on top.
    assert [r[1] for r in rows] == ["mona", "tess", "fran", "tess", "fran", "tess"]
    assert rows[0][2] == "export"
    export = AuditEvent.objects.filter(action="export").get()
    assert (export.actor, export.practice) == (trail.mona, trail.practice_a)
    assert export.summary == "Exported the audit trail (all rows)"
