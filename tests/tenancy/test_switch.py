"""A user of several practices switches practice in the header."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casepath.tenancy.middleware import SESSION_KEY
from casepath.tenancy.models import Membership, Practice
from casepath.tenancy.roles import Role
from tests.builders import build_practice, build_user
from tests.conftest import World, signed_in


@pytest.fixture
def lakeside(world: World) -> Practice:
    """A second practice of Riverside's organization (first by name, so the default)."""
    return build_practice("Lakeside Dental", "LK", organization=world.practice_a.organization)


@pytest.fixture
def pat(world: World, lakeside: Practice) -> Any:
    """Works at Lakeside as front desk and at Riverside as treatment coordinator."""
    return build_user(
        "pat", (lakeside, Role.FRONT_DESK), (world.practice_a, Role.TREATMENT_COORDINATOR)
    )


def _current(client: Client, url: str = "/patients/") -> tuple[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    request: Any = response.wsgi_request
    return request.practice.name, request.membership.role


def _switch(client: Client, practice: Practice | int, next_url: str = "/patients/") -> Any:
    practice_id = practice if isinstance(practice, int) else practice.pk
    return client.post("/practice/switch/", {"practice": practice_id, "next": next_url})


def test_first_practice_by_name_is_current_until_switched(world: World, pat: Any) -> None:
    client = signed_in(pat)
    assert _current(client) == ("Lakeside Dental", Role.FRONT_DESK)
    response = _switch(client, world.practice_a)
    assert (response.status_code, response["Location"]) == (302, "/patients/")
    assert _current(client) == ("Riverside Dental", Role.TREATMENT_COORDINATOR)
    assert _current(client, "/practice/") == ("Riverside Dental", Role.TREATMENT_COORDINATOR)


def test_header_offers_each_of_the_users_practices(pat: Any) -> None:
    html = signed_in(pat).get("/patients/").content.decode()
    assert 'action="/practice/switch/"' in html
    assert ">Lakeside Dental</option>" in html
    assert ">Riverside Dental</option>" in html
    assert "Hillcrest" not in html


def test_single_practice_user_sees_no_switcher(world: World) -> None:
    html = signed_in(world.tess).get("/patients/").content.decode()
    assert 'action="/practice/switch/"' not in html
    assert "Riverside Dental" in html


def test_switch_to_someone_elses_practice_is_not_found(world: World, pat: Any) -> None:
    client = signed_in(pat)
    assert _switch(client, world.practice_b).status_code == 404
    assert _switch(client, 999_999).status_code == 404
    assert SESSION_KEY not in client.session
    assert _current(client) == ("Lakeside Dental", Role.FRONT_DESK)


def test_switch_to_a_practice_whose_membership_ended_is_not_found(
    world: World, pat: Any, lakeside: Practice
) -> None:
    Membership.objects.filter(user=pat, practice=world.practice_a).update(is_active=False)
    client = signed_in(pat)
    assert _switch(client, world.practice_a).status_code == 404
    assert _current(client) == ("Lakeside Dental", Role.FRONT_DESK)


@pytest.mark.parametrize(
    "outside", ["https://evil.example/patients/", "//evil.example/", "javascript:alert(1)"]
)
def test_switch_does_not_follow_next_to_another_host(world: World, pat: Any, outside: str) -> None:
    client = signed_in(pat)
    response = _switch(client, world.practice_a, next_url=outside)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session[SESSION_KEY] == world.practice_a.pk


def test_switch_needs_post_and_a_signed_in_user(world: World, pat: Any) -> None:
    assert signed_in(pat).get("/practice/switch/").status_code == 405
    response = Client().post("/practice/switch/", {"practice": world.practice_a.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outsider_cannot_switch_into_practice_a(world: World) -> None:
    client = signed_in(world.olga)
    assert _switch(client, world.practice_a).status_code == 404
    assert _current(client) == ("Hillcrest Dental", Role.TREATMENT_COORDINATOR)


def test_chosen_practice_whose_membership_ends_falls_back(world: World, pat: Any) -> None:
    client = signed_in(pat)
    _switch(client, world.practice_a)
    Membership.objects.filter(user=pat, practice=world.practice_a).update(is_active=False)
    assert _current(client) == ("Lakeside Dental", Role.FRONT_DESK)


def test_staff_page_lists_the_current_practice_only(world: World, pat: Any) -> None:
    html = signed_in(world.mona).get("/practice/staff/").content.decode()
    for username in ("tess", "fran", "doc", "mona", "pat"):
        assert f"<td>{username}</td>" in html
    assert "<td>olga</td>" not in html


def test_the_next_sign_in_opens_the_practice_switched_to_last(
    world: World, pat: Any, lakeside: Practice
) -> None:
    first = signed_in(pat)
    assert _current(first)[0] == "Lakeside Dental"
    _switch(first, world.practice_a)
    assert _current(signed_in(pat)) == ("Riverside Dental", "tc")
    _switch(first, lakeside)
    assert _current(signed_in(pat))[0] == "Lakeside Dental"


def test_signed_in_pages_are_never_cached(world: World) -> None:
    response = signed_in(world.tess).get(f"/patients/{world.patient_a.pk}/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
