"""Every cases route: the role it needs (403), an outsider's 404, and the OpenAPI document."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.cases.models import Case, CaseEvent
from tests.cases.api.conftest import base, presented, send
from tests.cases.builders import TwoOptions
from tests.conftest import World


@dataclass(frozen=True)
class Route:
    method: str
    tail: str  # after /practices/{practice_id}/cases
    permission: str  # what the route needs: view, edit or present

    def url(self, practice_id: int, made: TwoOptions) -> str:
        phase = made.bridge.phases.get()
        tail = self.tail.format(case=made.case.pk, option=made.bridge.pk, phase=phase.pk)
        return base(practice_id) + tail

    def body(self, world: World, made: TwoOptions) -> dict[str, Any]:
        """A body the route accepts from someone allowed (so a 403 is the role's doing)."""
        bodies: dict[str, dict[str, Any]] = {
            "": {
                "patient_id": world.patient_a.pk,
                "diagnosing_provider_id": made.case.diagnosing_provider_id,
                "title": "New",
                "case_type": "emergency",
                "diagnosed_on": "2026-03-10",
            },
            "/{case}": {"urgency": "elective"},
            "/{case}/options": {"name": "Denture"},
            "/{case}/options/{option}/phases": {"name": "Healing"},
            "/{case}/phases/{phase}/procedures": {"code": "D7140", "tooth": "17"},
            "/{case}/transitions": {"to": "draft"},
            "/{case}/accept": {"option_id": made.bridge.pk},
            "/{case}/decline": {"reason": "cost"},
            "/{case}/notes": {"text": "Called her back."},
        }
        return bodies.get(self.tail, {}) if self.method != "get" else {}


ROUTES = [
    Route("get", "", "view"),
    Route("post", "", "edit"),
    Route("get", "/{case}", "view"),
    Route("patch", "/{case}", "edit"),
    Route("post", "/{case}/options", "edit"),
    Route("post", "/{case}/options/{option}/phases", "edit"),
    Route("post", "/{case}/phases/{phase}/procedures", "edit"),
    Route("post", "/{case}/estimate", "edit"),
    Route("post", "/{case}/transitions", "edit"),
    Route("post", "/{case}/accept", "present"),
    Route("post", "/{case}/decline", "present"),
    Route("post", "/{case}/notes", "edit"),
]
WRITES = [r for r in ROUTES if r.method != "get"]
WORDS = {
    "edit": "Your role cannot plan and revise cases.",
    "present": "Your role cannot present cases, send patient links and record decisions.",
}


def _written() -> tuple[int, int, int]:
    return Case.objects.count(), CaseEvent.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("route", WRITES, ids=lambda r: f"{r.method} {r.tail or '/'}")
def test_front_desk_gets_403_on_every_write(
    world: World, made: TwoOptions, fran: Client, route: Route
) -> None:
    before = _written()
    answer = send(fran, route.method, route.url(world.practice_a.pk, made), route.body(world, made))
    assert answer.status_code == 403
    assert answer.data == {"errors": [{"path": "", "message": WORDS[route.permission]}]}
    assert _written() == before


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.tail or '/'}")
def test_front_desk_may_read(world: World, made: TwoOptions, fran: Client, route: Route) -> None:
    if route.method == "get":
        assert send(fran, "get", route.url(world.practice_a.pk, made)).status_code == 200


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.tail or '/'}")
def test_an_outsider_gets_404_whatever_they_send(
    world: World, made: TwoOptions, olga: Client, route: Route
) -> None:
    """In practice A's URL, or in her own practice's URL with practice A's records, with a
    valid body, an empty one, or a broken one: always 404, and nothing is written."""
    before = _written()
    urls = [route.url(world.practice_a.pk, made)]
    if route.tail:
        urls.append(route.url(world.practice_b.pk, made))
    for url in urls:
        for body in (route.body(world, made), {}, {"name": 7, "to": "nowhere"}):
            answer = send(olga, route.method, url, body)
            assert answer.status_code == 404, (url, body, answer.data)
            assert answer.data == {"errors": [{"path": "", "message": "Not found."}]}
    assert _written() == before


@pytest.mark.parametrize("route", WRITES, ids=lambda r: f"{r.method} {r.tail or '/'}")
def test_the_allowed_body_works_for_the_tc(
    world: World, made: TwoOptions, tess: Client, route: Route
) -> None:
    """The bodies the guard tests send are valid ones (accept and decline need a
    presented case; the rest work on the ready case)."""
    if route.permission == "present":
        presented(made, world.tess)
    answer = send(tess, route.method, route.url(world.practice_a.pk, made), route.body(world, made))
    assert answer.status_code in (200, 201), answer.data


def test_the_openapi_document_lists_every_cases_route(world: World, tess: Client) -> None:
    paths = tess.get("/api/v1/openapi.json").json()["paths"]
    prefix = "/api/v1/practices/{practice_id}/cases"
    listed = {
        (method, path.removeprefix(prefix))
        for path, operations in paths.items()
        if path.startswith(prefix)
        for method, operation in operations.items()
        if "cases" in operation["tags"]
    }
    expected = {
        (
            r.method,
            r.tail.replace("{case}", "{case_id}")
            .replace("{option}", "{option_id}")
            .replace("{phase}", "{phase_id}"),
        )
        for r in ROUTES
    }
    assert listed == expected
    accept = paths[prefix + "/{case_id}/accept"]["post"]
    assert set(accept["responses"]) >= {"200", "401", "403", "404", "422"}
    assert "cases" in accept["tags"]
