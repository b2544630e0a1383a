"""/payments/: the collections list, filtered by dates, chart number or case, with its
total; and the case page's card (collected so far, the last payments)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.payments import selectors
from casepath.payments.forms import FilterForm
from casepath.payments.views.common import can, practice, require_seeing
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission
from casepath.web.htmx import is_partial


@require_GET
@practice_view(Permission.VIEW_PATIENTS)
def payment_list(request: HttpRequest) -> HttpResponse:
    require_seeing(request)
    form = FilterForm(request.GET or None)
    chosen = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = {
        "start": chosen.get("start"),
        "end": chosen.get("end"),
        "chart_number": chosen.get("chart_number") or "",
        "case": chosen.get("case"),
    }
    listed = selectors.payment_list(
        practice(request),
        start=filters["start"],
        end=filters["end"],
        chart_number=filters["chart_number"],
        case=filters["case"],
    )
    shown = ", ".join(f"{k}={v}" for k, v in filters.items() if v)
    audit_request(
        request,
        action=Action.SEARCH,
        object_type="payment",
        summary=f"Listed payments ({shown or 'all'}): {len(listed.rows)} shown",
    )
    context = {
        "form": form,
        "listed": listed,
        "can_record": can(request, Permission.RECORD_PAYMENTS),
        "imports": selectors.imports_recent(practice(request), limit=5),
    }
    template = "payments/_rows.html" if is_partial(request) else "payments/list.html"
    return render(request, template, context)


@require_GET
@practice_view(Permission.VIEW_CASES)
def case_section(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case's collections: a card for the case page, else a page of its own."""
    require_seeing(request)
    case = selectors.case_get(practice(request), case_id)
    context = {
        "card": selectors.case_card(case),
        "case": case,
        "can_record": can(request, Permission.RECORD_PAYMENTS),
    }
    if is_partial(request):
        return render(request, "payments/partials/case_card.html", context)
    audit_request(
        request,
        action=Action.VIEW,
        target=case,
        patient=case.patient,
        summary=f"Opened the payments of the case “{case.title}”",
    )
    return render(request, "payments/case.html", context)


urlpatterns = [
    path("", payment_list, name="list"),
    path("cases/<int:case_id>/", case_section, name="case_section"),
]
