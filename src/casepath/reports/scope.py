"""Which practices a user may report on: the current practice, or, for an organization
admin, every practice of the organization where they hold that role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from casepath.tenancy.models import Membership, Practice
from casepath.tenancy.roles import Permission, Role, role_can

THIS_PRACTICE: Final = "practice"
ALL_PRACTICES: Final = "all"


@dataclass(frozen=True)
class Scope:
    key: str
    label: str
    practices: tuple[Practice, ...]

    @property
    def one_practice(self) -> bool:
        return len(self.practices) == 1 and self.key == THIS_PRACTICE


def is_organization_admin(user: Any, practice: Practice) -> bool:
    return Membership.objects.filter(
        user=user,
        is_active=True,
        role=Role.ORGANIZATION_ADMIN,
        practice__organization_id=practice.organization_id,
    ).exists()


def scopes_for(user: Any, practice: Practice) -> dict[str, Scope]:
    """The scopes this user may choose from, by key, the current practice first."""
    scopes = {THIS_PRACTICE: Scope(THIS_PRACTICE, practice.name, (practice,))}
    if is_organization_admin(user, practice):
        practices = tuple(
            Practice.objects.filter(organization_id=practice.organization_id)
            .select_related("organization")
            .order_by("name", "pk")
        )
        organization = practice.organization.name
        scopes[ALL_PRACTICES] = Scope(ALL_PRACTICES, f"All practices of {organization}", practices)
    return scopes


def presenters_of(practices: tuple[Practice, ...]) -> list[tuple[str, str]]:
    """(user id, name) of everyone whose role may present cases in these practices."""
    roles = [r for r in Role if role_can(r, Permission.PRESENT_CASES)]
    rows = (
        Membership.objects.filter(practice__in=[p.pk for p in practices], role__in=roles)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    names: dict[str, str] = {}
    for m in rows:
        names.setdefault(str(m.user_id), m.user.get_full_name() or m.user.get_username())
    return list(names.items())
