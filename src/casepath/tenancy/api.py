"""API: who am I, and which practices may I work in."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from casepath.apikit import ERRORS
from casepath.tenancy.selectors import memberships_for

router = Router(tags=["practices"])


class MembershipOut(Schema):
    practice_id: int
    practice_name: str
    organization_name: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request: HttpRequest) -> MeOut:
    """The calling user and their practices; use a practice_id in the other routes."""
    return MeOut(
        username=request.user.get_username(),
        full_name=request.user.get_full_name(),  # type: ignore[union-attr]
        memberships=[
            MembershipOut(
                practice_id=m.practice_id,
                practice_name=m.practice.name,
                organization_name=m.practice.organization.name,
                role=m.role,
            )
            for m in memberships_for(request.user)
        ],
    )
