"""The role matrix, written out by hand, and the pages that enforce it.

ALLOWED is the table from the issue, cell by cell. It is deliberately not derived
from `roles.MATRIX`: changing what a role may do means changing both.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from casepath.tenancy.models import Membership
from casepath.tenancy.roles import MATRIX, Permission, Role, role_can
from tests.accounts.otp import verified_client
from tests.builders import build_user
from tests.conftest import World, signed_in

ROLES = ("tc", "front_desk", "provider", "manager", "org_admin")
# fmt: off
ALLOWED = {
    #                       tc     front_desk provider manager org_admin
    "view_patients":       (True,  True,      True,    True,   True),
    "edit_patients":       (True,  True,      False,   True,   True),
    "view_insurance":      (True,  True,      True,    True,   True),
    "edit_coverage":       (True,  True,      False,   True,   True),
    "edit_plans":          (True,  True,      False,   True,   True),
    "manage_fees":         (False, False,     False,   True,   True),
    "view_cases":          (True,  True,      True,    True,   True),
    "edit_cases":          (True,  False,     True,    True,   True),
    "present_cases":       (True,  False,     True,    True,   True),
    "manage_case_templates": (True, False,    False,   True,   True),
    "manage_financing":    (False, False,     False,   True,   True),
    "record_payments":     (True,  True,      False,   True,   True),
    "send_predeterminations": (True, True,    False,   True,   True),
    "work_follow_ups":     (True,  True,      False,   True,   True),
    "view_audit":          (False, False,     False,   True,   True),
    "view_reports":        (True,  True,      True,    True,   True),
    "manage_compensation": (False, False,     False,   True,   True),
    "manage_practice":     (False, False,     False,   True,   True),
    "manage_organization": (False, False,     False,   False,  True),
}
# fmt: on
# Pages guarded by one permission each (GET answers 200 when allowed, 403 when not).
GUARDED_PAGES = {
    "/practice/": "view_patients",
    "/patients/": "view_patients",
    "/patients/new/": "edit_patients",
    "/audit/": "view_audit",
    "/practice/staff/": "manage_practice",
}


def allowed(role: str, permission: str) -> bool:
    return ALLOWED[permission][ROLES.index(role)]


def test_the_table_names_every_role_and_permission() -> None:
    assert set(ROLES) == {r.value for r in Role}
    assert set(ALLOWED) == {p.value for p in Permission}
    assert set(MATRIX) == set(Permission)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("permission", list(ALLOWED))
def test_role_can_follows_the_table(role: str, permission: str) -> None:
    assert role_can(role, Permission(permission)) is allowed(role, permission)


def test_matrix_holds_exactly_the_allowed_cells() -> None:
    from_table = {p: {r for r in ROLES if allowed(r, p)} for p in ALLOWED}
    assert {p.value: {r.value for r in roles} for p, roles in MATRIX.items()} == from_table


def test_unknown_role_can_do_nothing() -> None:
    assert not any(role_can("janitor", p) for p in Permission)


@pytest.mark.parametrize("role", ROLES)
def test_inactive_membership_can_do_nothing(world: World, role: str) -> None:
    membership = Membership(practice=world.practice_a, role=role, is_active=False)
    assert [p for p in Permission if membership.can(p)] == []
    membership.is_active = True
    assert [p.value for p in Permission if membership.can(p)] == [
        p for p in ALLOWED if allowed(role, p)
    ]


def _client_for(role: str, world: World) -> Client:
    """A signed-in member of practice A; admins pass the second factor they must use."""
    user = build_user(f"as_{role}", (world.practice_a, Role(role)))
    return verified_client(user) if role == "org_admin" else signed_in(user)


@pytest.mark.parametrize("role", ROLES)
def test_guarded_pages_answer_as_the_table_says(world: World, role: str) -> None:
    client = _client_for(role, world)
    answered = {url: client.get(url).status_code for url in GUARDED_PAGES}
    expected = {url: 200 if allowed(role, p) else 403 for url, p in GUARDED_PAGES.items()}
    assert answered == expected


def test_forbidden_page_says_what_the_role_cannot_do(world: World) -> None:
    response = signed_in(world.doc).get("/patients/new/")
    assert response.status_code == 403
    assert "add and change patients" in response.content.decode().lower()


def test_user_with_only_an_inactive_membership_gets_no_practice(world: World) -> None:
    Membership.objects.filter(user=world.mona).update(is_active=False)
    client = signed_in(world.mona)
    assert {url: client.get(url).status_code for url in GUARDED_PAGES} == dict.fromkeys(
        GUARDED_PAGES, 403
    )
    response = client.get("/patients/")
    assert response.wsgi_request.practice is None  # type: ignore[attr-defined]
    assert "tenancy/no_practice.html" in [t.name for t in response.templates]


def test_signed_out_visitor_is_sent_to_sign_in(db: Any) -> None:
    for url in GUARDED_PAGES:
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
