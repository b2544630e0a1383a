"""The case board (a column per status, filtered) and the New case form.

The board reads in a constant number of queries: the cases with their patient,
provider and coordinator in one, the recommended options with their estimates in
another, whatever the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone

from casepath.cases import services
from casepath.cases.forms import BoardFilterForm, CaseHeaderForm, show_errors
from casepath.cases.models import Case, CaseOption, CaseType
from casepath.cases.selectors import cases_of
from casepath.core.cases import CLOSED, LABELS, CaseStatus
from casepath.core.errors import CasepathError
from casepath.intake.arrivals import hand_off_for_patient
from casepath.intake.receivers import inherited_goals
from casepath.patients.selectors import patient_get
from casepath.tenancy.access import practice_view
from casepath.tenancy.roles import Permission, Role
from casepath.tenancy.scoping import scoped
from casepath.web.htmx import is_partial

OPEN_COLUMNS = (
    CaseStatus.DRAFT,
    CaseStatus.READY,
    CaseStatus.PRESENTED,
    CaseStatus.PENDING,
    CaseStatus.ACCEPTED,
    CaseStatus.SCHEDULED,
    CaseStatus.IN_PROGRESS,
)
URGENCY_ORDER = {"immediate": 0, "soon": 1, "elective": 2}
BOARD_LIMIT = 500
"""More cases than this on one board is a sign to filter; the page says so."""


@dataclass(frozen=True)
class Card:
    case: Case
    age_days: int
    patient_portion: Decimal | None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    cards: list[Card]


@practice_view(Permission.VIEW_CASES)
def board(request: HttpRequest) -> HttpResponse:
    practice, today = request.practice, timezone.localdate()  # type: ignore[attr-defined]
    form = BoardFilterForm(request.GET or None, practice=practice)
    recommended = (
        scoped(CaseOption, practice).filter(is_recommended=True).select_related("estimate")
    )
    rows = list(
        form.apply(cases_of(practice), today)
        .prefetch_related(Prefetch("options", recommended, to_attr="recommended"))
        .order_by("diagnosed_on", "pk")[: BOARD_LIMIT + 1]
    )
    context = {
        "form": form,
        "columns": _columns(rows[:BOARD_LIMIT], today, form.shows_closed),
        "count": min(len(rows), BOARD_LIMIT),
        "truncated": len(rows) > BOARD_LIMIT,
        "can_edit": request.membership.can(Permission.EDIT_CASES),  # type: ignore[attr-defined]
    }
    template = "cases/board/columns.html" if is_partial(request) else "cases/board/board.html"
    return render(request, template, context)


def _columns(rows: list[Case], today: date, closed: bool) -> list[Column]:
    cards = sorted(
        (_card(case, today) for case in rows),
        key=lambda c: (URGENCY_ORDER.get(c.case.urgency, 9), -c.age_days, c.case.pk),
    )
    columns = [
        Column(s.value, LABELS[s], [c for c in cards if c.case.status == s]) for s in OPEN_COLUMNS
    ]
    if closed:
        columns.append(Column("closed", "Closed", [c for c in cards if c.case.status in CLOSED]))
    return columns


def _card(case: Case, today: date) -> Card:
    option = next(iter(getattr(case, "recommended", [])), None)
    estimate = option.estimate if option else None
    portion = estimate.patient_total if estimate else None
    return Card(case, max((today - case.diagnosed_on).days, 0), portion)


@practice_view(Permission.EDIT_CASES)
def case_new(request: HttpRequest) -> HttpResponse:
    practice, patient = request.practice, _patient(request)  # type: ignore[attr-defined]
    form = CaseHeaderForm(
        request.POST or None, practice=practice, initial=_initial(request, patient)
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                acting_user=request.user,
                patient=form.cleaned_data["patient_chart"],
                **form.header(),
            )
        except (CasepathError, ValidationError) as error:
            show_errors(form, error, {"patient": "patient_chart"})
        else:
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/board/new.html", {"form": form, "patient": patient})


def _initial(request: HttpRequest, patient: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"diagnosed_on": timezone.localdate()}
    if request.membership.role == Role.TREATMENT_COORDINATOR:  # type: ignore[attr-defined]
        initial["coordinator"] = request.user.pk
    if patient is not None:
        initial["patient_chart"] = patient.chart_number
        initial |= _from_hand_off(patient)
    return initial


def _from_hand_off(patient: Any) -> dict[str, Any]:
    """A new patient just handed off: the case starts from what the TC heard."""
    hand_off = hand_off_for_patient(patient)
    if hand_off is None or hand_off.case_id is not None:
        return {}
    return {
        "case_type": CaseType.NEW_PATIENT,
        "diagnosing_provider": hand_off.handed_off_to_id,
        "coordinator": hand_off.coordinator_id,
        "chief_concern": hand_off.chief_concern,
        "goals": inherited_goals(hand_off),
    }


def _patient(request: HttpRequest) -> Any:
    """The patient named by ?patient= (coming from the patient page), if any."""
    chosen = request.GET.get("patient", "")
    return patient_get(request.practice, chosen) if chosen.isdigit() else None  # type: ignore[attr-defined]


urlpatterns = [
    path("", board, name="board"),
    path("new/", case_new, name="new"),
]
