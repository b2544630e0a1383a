"""The outsider (a TC of practice B) finds none of practice A's cases, by any method."""

from __future__ import annotations

import pytest
from django.test import Client

from casepath.cases.models import Case, CaseNote
from tests.cases.builders import build_case
from tests.conftest import World

ACTIONS = ("", "edit/", "move/", "accept/", "decline/", "notes/")


@pytest.mark.parametrize("action", ACTIONS)
def test_every_case_route_answers_404(world: World, olga_client: Client, action: str) -> None:
    case = build_case(world)
    url = f"/cases/{case.pk}/{action}"

    answered = {
        "get": olga_client.get(url).status_code,
        "post": olga_client.post(url, {"to": "ready", "kind": "general", "text": "x"}).status_code,
        "put": olga_client.put(url).status_code,
        "delete": olga_client.delete(url).status_code,
    }

    assert set(answered.values()) <= {404, 405}
    assert 404 in answered.values()
    assert Case.objects.get(pk=case.pk).status == "draft"
    assert CaseNote.objects.count() == 0


def test_new_case_for_another_practices_patient_is_not_found(
    world: World, olga_client: Client
) -> None:
    assert olga_client.get("/cases/new/", {"patient": world.patient_a.pk}).status_code == 404
