"""Personal API tokens: created and revoked by their user, stored only as a hash."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from casepath.accounts.models import ApiToken
from tests.conftest import World, signed_in

pytestmark = pytest.mark.usefixtures("frozen_now")


def _create(client: Client, name: str = "PMS sync") -> str:
    """Create a token on the Settings page; returns the raw value shown once."""
    response = client.post("/accounts/tokens/", {"name": name})
    assert response.status_code == 200
    raw: str = response.context["raw"]
    assert f'data-testid="new-token">{raw}<' in response.content.decode()
    return raw


def _me(raw: str) -> Any:
    return Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_raw_token_is_shown_once_and_only_its_hash_is_kept(world: World) -> None:
    client = signed_in(world.tess)
    raw = _create(client)
    token = ApiToken.objects.get(user=world.tess)
    assert raw.startswith("cp_")
    assert len(raw) > 40
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert token.hint == raw[:10]
    stored = [str(v) for v in ApiToken.objects.values_list().get(pk=token.pk)]
    assert not any(raw in value for value in stored)
    page = client.get("/accounts/tokens/").content.decode()
    assert raw not in page
    assert f"{token.hint}…" in page


def test_token_authenticates_the_api_as_its_user(world: World) -> None:
    raw = _create(signed_in(world.tess))
    response = _me(raw)
    assert response.status_code == 200
    assert response.json()["username"] == "tess"
    assert [m["practice_name"] for m in response.json()["memberships"]] == ["Riverside Dental"]
    assert ApiToken.objects.get(user=world.tess).last_used_at == timezone.now()


@pytest.mark.parametrize("header", ["", "Bearer ", "Bearer cp_not-a-token", "Token cp_x"])
def test_missing_or_unknown_token_is_401(db: Any, header: str) -> None:
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json() == {
        "errors": [{"path": "", "message": "Sign in, or send a personal API token."}]
    }


def test_revoked_token_is_refused(world: World, frozen_now: Any) -> None:
    client = signed_in(world.tess)
    raw = _create(client)
    token = ApiToken.objects.get(user=world.tess)
    frozen_now.shift(timedelta(minutes=5))
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/tokens/")
    token.refresh_from_db()
    assert token.revoked_at == timezone.now()
    assert _me(raw).status_code == 401
    assert "Revoked" in client.get("/accounts/tokens/").content.decode()


def test_revoke_needs_post(world: World) -> None:
    client = signed_in(world.tess)
    _create(client)
    token = ApiToken.objects.get(user=world.tess)
    assert client.get(f"/accounts/tokens/{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.get(pk=token.pk).is_active


def test_another_users_token_cannot_be_revoked(world: World) -> None:
    raw = _create(signed_in(world.tess))
    token = ApiToken.objects.get(user=world.tess)
    for other in (world.fran, world.olga):
        assert signed_in(other).post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=token.pk).is_active
    assert _me(raw).status_code == 200


def test_each_user_sees_only_their_own_tokens(world: World) -> None:
    _create(signed_in(world.tess), name="Tess's sync")
    page = signed_in(world.fran).get("/accounts/tokens/").content.decode()
    assert "Tess&#x27;s sync" not in page
    assert "You have no API tokens." in page


def test_token_of_a_deactivated_user_stops_working(world: World) -> None:
    raw = _create(signed_in(world.tess))
    world.tess.is_active = False
    world.tess.save()
    assert _me(raw).status_code == 401


def test_token_needs_a_name(world: World) -> None:
    response = signed_in(world.tess).post("/accounts/tokens/", {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert response.context["raw"] is None
    assert not ApiToken.objects.exists()


def test_tokens_page_needs_a_signed_in_user(db: Any) -> None:
    assert Client().get("/accounts/tokens/")["Location"].startswith("/accounts/login/")
