"""The pre-determinations API under test: URLs, JSON calls and the people calling."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from casepath.audit.models import AuditEvent
from casepath.cases.models import Case, CaseEvent
from casepath.predeterminations.models import Predetermination, PredeterminationLine
from casepath.predeterminations.selectors import lines_of
from tests.conftest import World, signed_in


def case_pds_url(case: Case) -> str:
    return f"/api/v1/practices/{case.practice_id}/cases/{case.pk}/predeterminations"


def pd_url(pd: Predetermination, tail: str = "") -> str:
    return f"/api/v1/practices/{pd.practice_id}/predeterminations/{pd.pk}{tail}"


def send(client: Client, method: str, url: str, body: Any = None, **extra: Any) -> Any:
    """A JSON call; the answer with its decoded body as `.data`."""
    if method == "get":
        response = client.get(url, **extra)
    else:
        text = body if isinstance(body, str) else json.dumps({} if body is None else body)
        response = getattr(client, method)(url, text, content_type="application/json", **extra)
    response.data = response.json() if response.content else None
    return response


def paths(answer: Any) -> list[str]:
    return [e["path"] for e in answer.data["errors"]]


def line_ids(pd: Predetermination) -> list[int]:
    return [line.pk for line in lines_of(pd)]


def written() -> tuple[int, ...]:
    """Rows a write would add or change (to prove a refused call wrote nothing)."""
    answered = PredeterminationLine.objects.filter(answered=True).count()
    statuses = tuple(Predetermination.objects.order_by("pk").values_list("status", flat=True))
    return (
        Predetermination.objects.count(),
        PredeterminationLine.objects.count(),
        answered,
        CaseEvent.objects.count(),
        AuditEvent.objects.count(),
        hash(statuses),
    )


@pytest.fixture
def tess(world: World) -> Client:
    return signed_in(world.tess)


@pytest.fixture
def doc(world: World) -> Client:
    """A provider: sees cases, cannot send pre-determinations."""
    return signed_in(world.doc)


@pytest.fixture
def olga(world: World) -> Client:
    """A treatment coordinator of practice B."""
    return signed_in(world.olga)
