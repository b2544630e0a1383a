"""The patient's side: a presented two-option case, a link to it, and the patient's phone.

The clock is frozen (NOW); `phone` is an anonymous browser, `verified` the same browser
after the patient gave the right date of birth (Ana Lopez: April 12, 1985).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from casepath.cases import links, presentation_services
from casepath.cases.models import PatientLink, Presentation
from tests.cases.builders import TwoOptions, two_option_case
from tests.conftest import World

NOW = datetime(2026, 3, 10, 18, 30, tzinfo=UTC)  # 2:30 pm in New York
TODAY = date(2026, 3, 10)
BIRTH = {"month": "4", "day": "12", "year": "1985"}
WRONG_BIRTH = {"month": "4", "day": "13", "year": "1985"}
PHONE = "(614) 555-0199"


@dataclass
class Linked:
    two: TwoOptions
    presentation: Presentation
    link: PatientLink
    token: str

    def url(self, name: str = "page", *args: object) -> str:
        return reverse(f"patient:{name}", args=[self.token, *args])


@pytest.fixture(autouse=True)
def frozen_now() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def present_and_link(world: World, two: TwoOptions) -> Linked:
    presentation = presentation_services.present_case(
        acting_user=world.tess, case=two.case, mode="remote", today=TODAY, now=NOW
    )
    link, token = links.link_make(acting_user=world.tess, presentation=presentation, now=NOW)
    return Linked(two, presentation, link, token)


@pytest.fixture
def linked(world: World) -> Linked:
    """Ana's two-option case (implant or bridge), presented, with a link for her phone."""
    world.practice_a.phone = PHONE
    world.practice_a.save()
    return present_and_link(world, two_option_case(world))


@pytest.fixture
def phone() -> Client:
    return Client()


@pytest.fixture
def verified(linked: Linked, phone: Client) -> Client:
    response = phone.post(linked.url(), BIRTH)
    assert response.status_code == 302
    return phone


def page_text(response: Any) -> str:
    return response.content.decode()
