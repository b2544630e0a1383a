"""The cases API under test: URLs, JSON calls, and a case presented to the patient."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from casepath.cases.models import Case
from tests.cases.builders import DIAGNOSED, TwoOptions, two_option_case
from tests.conftest import World, signed_in


def base(practice_id: int) -> str:
    return f"/api/v1/practices/{practice_id}/cases"


def case_url(case: Case, tail: str = "") -> str:
    return f"{base(case.practice_id)}/{case.pk}{tail}"


def send(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    """A JSON call; the answer with its decoded body as `.data`."""
    if method == "get":
        response = client.get(url)
    else:
        call = getattr(client, method)
        response = call(url, json.dumps(body or {}), content_type="application/json")
    response.data = response.json() if response.content else None
    return response


def presented(made: TwoOptions, user: Any) -> Case:
    """The two-option case, presented in person on the day it was diagnosed."""
    from casepath.cases.presentation_services import present_case

    now = datetime(2026, 3, 10, 10, 30, tzinfo=ZoneInfo("America/New_York"))
    present_case(acting_user=user, case=made.case, mode="in_person", today=DIAGNOSED, now=now)
    made.case.refresh_from_db()
    return made.case


@pytest.fixture
def made(world: World) -> TwoOptions:
    return two_option_case(world)


@pytest.fixture
def tess(world: World) -> Client:
    return signed_in(world.tess)


@pytest.fixture
def fran(world: World) -> Client:
    return signed_in(world.fran)


@pytest.fixture
def olga(world: World) -> Client:
    return signed_in(world.olga)
