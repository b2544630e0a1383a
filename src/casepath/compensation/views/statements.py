"""Statements of a month (managers see every TC, a TC their own), making them, one
statement with every payment behind each dollar, and finalizing it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from casepath.audit.models import Action
from casepath.audit.services import audit_request
from casepath.compensation import selectors, services
from casepath.compensation.models import StatementStatus
from casepath.compensation.views.common import (
    can_manage,
    period_of,
    practice_of,
    require_manager,
    today,
)
from casepath.core.errors import CasepathError
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission


@practice_view(Permission.VIEW_REPORTS)
def statement_list(request: HttpRequest) -> HttpResponse:
    form, span = period_of(request, request.GET)
    manager = can_manage(request)
    rows = []
    if span is not None:
        mine = None if manager else request.user
        rows = list(selectors.statements_of(practice_of(request), *span, user=mine))
    context = {
        "form": form,
        "span": span,
        "period": f"{span[0]:%Y-%m}" if span else "",
        "statements": rows,
        "drafts": sum(1 for s in rows if s.status == StatementStatus.DRAFT),
        "can_manage": manager,
    }
    return render(request, "compensation/statements.html", context)


@require_POST
@practice_view(Permission.MANAGE_COMPENSATION)
def statements_make(request: HttpRequest) -> HttpResponse:
    form, span = period_of(request, request.POST)
    if span is None:
        messages.error(request, f"Month: {' '.join(form.errors.get('period', []))}")
        return redirect("compensation:statements")
    practice = practice_of(request)
    made = services.statements_make(
        practice=practice,
        acting_user=request.user,
        start=span[0],
        end=span[1],
        as_of=today(practice),
    )
    kept = f"; {made.kept_final} final statements kept as they are" if made.kept_final else ""
    plural = "" if made.made == 1 else "s"
    month = f"{span[0]:%B %Y}"
    messages.success(request, f"Made {made.made} draft statement{plural} for {month}{kept}.")
    return redirect(f"{reverse('compensation:statements')}?period={span[0]:%Y-%m}")


@practice_view(Permission.VIEW_REPORTS)
def statement_page(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = selectors.statement_get(
        practice_of(request), statement_id, viewer=request.user, all_tcs=can_manage(request)
    )
    audit_request(
        request,
        action=Action.VIEW,
        target=statement,
        summary=f"Opened the compensation statement of {statement.user} "
        f"for {statement.period_start:%Y-%m} "
        f"({len(statement.snapshot['counted'])} payments)",
    )
    context = {
        "statement": statement,
        "snap": statement.snapshot,
        "can_manage": can_manage(request),
        "is_draft": statement.status == StatementStatus.DRAFT,
    }
    return render(request, "compensation/statement.html", context)


@require_POST
@practice_view(Permission.VIEW_REPORTS)
def statement_finalize(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = selectors.statement_get(
        practice_of(request), statement_id, viewer=request.user, all_tcs=can_manage(request)
    )
    require_manager(request)
    try:
        services.statement_finalize(statement=statement, acting_user=request.user)
    except CasepathError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The statement is final: it will not change again.")
    return redirect("compensation:statement", statement_id=statement.pk)


urlpatterns = [
    path("", statement_list, name="statements"),
    path("statements/make/", statements_make, name="statements_make"),
    path("statements/<int:statement_id>/", statement_page, name="statement"),
    path("statements/<int:statement_id>/finalize/", statement_finalize, name="finalize"),
]
