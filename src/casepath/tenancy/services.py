"""Writes about a user's place in their practices."""

from __future__ import annotations

from django.utils import timezone

from casepath.tenancy.models import Membership


def membership_choose(*, acting_user: object, membership: Membership) -> None:
    """Remember the practice the user switched to, for their next sign-in."""
    if membership.user_id != getattr(acting_user, "pk", None):
        raise PermissionError("only the member chooses their practice")
    membership.last_chosen_at = timezone.now()
    membership.save(update_fields=["last_chosen_at"])
