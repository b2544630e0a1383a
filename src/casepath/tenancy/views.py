"""Practice switching and the practice's own settings pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from casepath.tenancy import selectors, services
from casepath.tenancy.access import practice_view
from casepath.tenancy.middleware import SESSION_KEY
from casepath.tenancy.roles import Permission


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    """Make another of the user's practices the current one (404 for any other)."""
    wanted = request.POST.get("practice", "")
    membership = next(
        (m for m in request.memberships if str(m.practice_id) == wanted),  # type: ignore[attr-defined]
        None,
    )
    if membership is None:
        raise Http404("No such practice")
    request.session[SESSION_KEY] = membership.practice_id
    services.membership_choose(acting_user=request.user, membership=membership)
    back = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = "/"
    return redirect(back)


@practice_view(Permission.VIEW_PATIENTS)
def practice(request: HttpRequest) -> HttpResponse:
    current = request.practice  # type: ignore[attr-defined]
    return render(
        request,
        "tenancy/practice.html",
        {
            "providers": selectors.providers_of(current),
            "operatories": selectors.operatories_of(current),
        },
    )


@practice_view(Permission.MANAGE_PRACTICE)
def staff(request: HttpRequest) -> HttpResponse:
    current = request.practice  # type: ignore[attr-defined]
    return render(request, "tenancy/staff.html", {"members": selectors.staff_of(current)})
