"""Reads about organizations, practices and memberships."""

from __future__ import annotations

from operator import attrgetter

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from casepath.tenancy.models import Membership, Operatory, Practice, Provider
from casepath.tenancy.scoping import scoped


def memberships_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Membership]:
    """The user's active memberships, with their practices, in name order."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("practice", "practice__organization")
        .order_by("practice__name")
    )


def last_chosen(memberships: list[Membership]) -> Membership:
    """The membership whose practice the user switched to last, else the first."""
    chosen = sorted((m for m in memberships if m.last_chosen_at), key=attrgetter("last_chosen_at"))
    return chosen[-1] if chosen else memberships[0]


def providers_of(practice: Practice) -> QuerySet[Provider]:
    return scoped(Provider, practice).order_by("is_external", "last_name", "first_name")


def operatories_of(practice: Practice) -> QuerySet[Operatory]:
    return scoped(Operatory, practice)


def staff_of(practice: Practice) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(practice=practice)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
