"""Puts the signed-in user's current practice and membership on every request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from casepath.tenancy.selectors import last_chosen, memberships_for

SESSION_KEY = "casepath_practice_id"


class CurrentPracticeMiddleware:
    """Sets `request.membership`, `request.practice` and `request.memberships`.

    The practice is the one the user chose in the header (kept in the session),
    else the one they last switched to, else their first one. A user with no
    active membership gets `None` for both.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memberships = list(memberships_for(request.user))
        chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
        current = next((m for m in memberships if m.practice_id == chosen), None)
        if current is None and memberships:
            current = last_chosen(memberships)
        request.memberships = memberships  # type: ignore[attr-defined]
        request.membership = current  # type: ignore[attr-defined]
        request.practice = current.practice if current else None  # type: ignore[attr-defined]
        return self.get_response(request)
