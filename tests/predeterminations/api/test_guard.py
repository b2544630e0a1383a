"""Every pre-determinations route: an outsider's 404, the role it needs (403), tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from casepath.accounts.services import api_token_create
from casepath.audit.models import AuditEvent
from tests.conftest import World
from tests.predeterminations.api.conftest import case_pds_url, line_ids, pd_url, send, written
from tests.predeterminations.builders import Asked, sent

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    method: str
    on: str  # "case": under the case; "pd": under the pre-determination
    tail: str = ""

    def url(self, asked: Asked, practice_id: int | None = None) -> str:
        url = case_pds_url(asked.made.case) if self.on == "case" else pd_url(asked.pd, self.tail)
        if practice_id is not None:
            url = url.replace(f"/practices/{asked.pd.practice_id}/", f"/practices/{practice_id}/")
        return url

    def body(self, asked: Asked) -> Any:
        """A body the route parses, so a refusal is about who calls, not what they sent."""
        implant, _ = line_ids(asked.pd)
        bodies: dict[tuple[str, str], Any] = {
            ("case", ""): {
                "option_id": asked.made.implant.pk,
                "coverage_id": asked.made.insured.coverage.pk,
                "procedure_ids": [asked.pd.lines.first().procedure_id],
            },
            ("pd", "/send"): {"sent_on": "2026-03-13", "channel": "fax"},
            ("pd", "/response"): {
                "received_on": "2026-04-02",
                "lines": [{"line_id": implant, "approved": "10.00"}],
            },
            ("pd", "/claim-response"): {"resourceType": "ClaimResponse"},
            ("pd", "/close"): {"status": "voided"},
        }
        return bodies.get((self.on, self.tail)) if self.method == "post" else None


ROUTES = [
    Route("get", "case"),
    Route("post", "case"),
    Route("get", "pd"),
    Route("post", "pd", "/send"),
    Route("post", "pd", "/response"),
    Route("post", "pd", "/claim-response"),
    Route("post", "pd", "/close"),
    Route("get", "pd", "/claim"),
]
WRITES = [r for r in ROUTES if r.method == "post"]


def _id(route: Route) -> str:
    return f"{route.method} {route.on}{route.tail}"


@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_the_same_call_reaches_a_member(world: World, tess: Client, route: Route) -> None:
    """So the outsider's 404 below is the guard's doing, not a missing route."""
    asked = sent(world)
    answer = send(tess, route.method, route.url(asked), route.body(asked))
    assert answer.status_code not in (401, 403, 404, 405), answer.data


@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_an_outsider_gets_404_and_nothing_is_written(
    world: World, olga: Client, route: Route
) -> None:
    asked = sent(world)
    before = written()
    answer = send(olga, route.method, route.url(asked), route.body(asked))
    assert answer.status_code == 404, answer.data
    assert answer.data == {"errors": [{"path": "", "message": "Not found."}]}
    assert written() == before


@pytest.mark.parametrize("route", ROUTES, ids=_id)
def test_an_outsider_naming_their_own_practice_gets_404(
    world: World, olga: Client, route: Route
) -> None:
    asked = sent(world)
    url = route.url(asked, practice_id=world.practice_b.pk)
    answer = send(olga, route.method, url, route.body(asked))
    assert answer.status_code == 404, answer.data


@pytest.mark.parametrize("route", WRITES, ids=_id)
def test_a_provider_cannot_write(world: World, doc: Client, route: Route) -> None:
    asked = sent(world)
    before = written()
    answer = send(doc, route.method, route.url(asked), route.body(asked))
    assert answer.status_code == 403, answer.data
    assert answer.data["errors"] == [
        {
            "path": "",
            "message": "Your role cannot send pre-determinations and record the payers' answers.",
        }
    ]
    assert written() == before


def test_a_provider_can_read(world: World, doc: Client) -> None:
    asked = sent(world)
    assert send(doc, "get", case_pds_url(asked.made.case)).status_code == 200
    assert send(doc, "get", pd_url(asked.pd)).status_code == 200


def test_an_unknown_pre_determination_is_not_found(world: World, tess: Client) -> None:
    asked = sent(world)
    for unknown in ("999999", "abc"):
        url = pd_url(asked.pd).removesuffix(f"/{asked.pd.pk}") + f"/{unknown}"
        assert send(tess, "get", url).status_code == 404, unknown
    case_url = f"/api/v1/practices/{world.practice_a.pk}/cases/abc/predeterminations"
    assert send(tess, "get", case_url).status_code == 404


def test_signed_out_callers_get_401(world: World) -> None:
    asked = sent(world)
    answer = send(Client(), "get", pd_url(asked.pd))
    assert answer.status_code == 401
    assert answer.data["errors"][0]["path"] == ""


def test_a_personal_token_reads_and_writes(world: World) -> None:
    asked = sent(world)
    _, raw = api_token_create(acting_user=world.tess, name="clearinghouse")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    read = send(Client(), "get", pd_url(asked.pd), **bearer)
    assert (read.status_code, read.data["id"]) == (200, asked.pd.pk)
    close = send(Client(), "post", pd_url(asked.pd, "/close"), {"status": "not_needed"}, **bearer)
    assert (close.status_code, close.data["status"]) == (200, "not_needed")
    audit = AuditEvent.objects.filter(summary__startswith="Pre-determination not needed").get()
    assert (audit.channel, audit.actor) == ("api", world.tess)


def test_a_wrong_token_gets_401(world: World) -> None:
    asked = sent(world)
    answer = send(Client(), "get", pd_url(asked.pd), HTTP_AUTHORIZATION="Bearer nope")
    assert answer.status_code == 401


def test_the_openapi_document_lists_every_route(world: World, tess: Client) -> None:
    paths = tess.get("/api/v1/openapi.json").json()["paths"]
    listed = {
        (method, path.removeprefix("/api/v1/practices/{practice_id}"))
        for path, operations in paths.items()
        for method, operation in operations.items()
        if "pre-determinations" in operation["tags"]
    }
    assert listed == {
        ("get", "/cases/{case_id}/predeterminations"),
        ("post", "/cases/{case_id}/predeterminations"),
        ("get", "/predeterminations/{pd_id}"),
        ("post", "/predeterminations/{pd_id}/send"),
        ("post", "/predeterminations/{pd_id}/response"),
        ("post", "/predeterminations/{pd_id}/claim-response"),
        ("post", "/predeterminations/{pd_id}/close"),
        ("get", "/predeterminations/{pd_id}/claim"),
    }
    imported = paths["/api/v1/practices/{practice_id}/predeterminations/{pd_id}/claim-response"]
    assert set(imported["post"]["responses"]) >= {"200", "401", "403", "404", "422"}
    assert list(imported["post"]["requestBody"]["content"]) == ["application/fhir+json"]
