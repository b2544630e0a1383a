"""API: a practice's case acceptance figures for a period.

GET /practices/{id}/reports/acceptance?from=&to= answers the period, the definitions in
force (the practice's, unless `accepted_means` or `presenter_rule` say otherwise),
every figure with its denominator, and the groups of the breakdown `by` (month when
left out). `tc`, `provider`, `case_type`, `source` and `category` narrow the cases.
Seeing needs VIEW_REPORTS. Bad input: 422 naming the parameter (`query.<name>`).
Figures are counts and sums over cases; they name staff, never a patient, so the read
is not audited (as the new patients' conversion).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from casepath.apikit import ERRORS, require
from casepath.core.catalog.codes import CATEGORIES
from casepath.core.errors import CasepathError, FieldError
from casepath.core.metrics import Definitions
from casepath.reports import api_schemas as s
from casepath.reports.facts import Filters
from casepath.reports.selectors import acceptance_report, metric_settings
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.roles import Permission
from casepath.tenancy.scoping import scoped
from casepath.tenancy.selectors import staff_of

BASE = "/practices/{practice_id}/reports"
CATEGORY_KEYS = frozenset(CATEGORIES) | {"other"}
LONGEST_DAYS = 3 * 366

router = Router(tags=["reports"])


def _practice(request: HttpRequest) -> Practice:
    return request.practice  # type: ignore[attr-defined,no-any-return]


@router.get(BASE + "/acceptance", response={200: s.AcceptanceOut, **ERRORS}, by_alias=True)
def acceptance(
    request: HttpRequest, practice_id: int, query: Query[s.AcceptanceQuery]
) -> dict[str, Any]:
    """Case acceptance for the cases diagnosed or presented from `from` to `to`
    (inclusive): every figure with its numerator and denominator, then the groups of
    `by`. Dollars and percentages are strings; a rate over nothing is null."""
    require(request, Permission.VIEW_REPORTS)
    practice = _practice(request)
    filters = _filters(practice, query)
    chosen = metric_settings(practice)
    definitions = Definitions(
        query.accepted_means or chosen.accepted_means,
        query.presenter_rule or chosen.presenter_rule,
    )
    as_of = timezone.localtime(timezone.now(), practice_zone(practice)).date()
    report = acceptance_report(
        [practice], query.from_, query.to, definitions, as_of=as_of, filters=filters
    )
    return s.acceptance_out(
        report,
        practice_id=practice.pk,
        by=query.by,
        as_of=as_of,
        filtered=filters != Filters(),
    )


def _filters(practice: Practice, query: s.AcceptanceQuery) -> Filters:
    """The query's filters, every problem found at once."""
    problems = []
    if query.from_ > query.to:
        problems.append(FieldError("query.from", "Start on or before the last day."))
    elif (query.to - query.from_).days >= LONGEST_DAYS:
        problems.append(FieldError("query.from", "Ask for three years at most."))
    if query.tc is not None and not staff_of(practice).filter(user_id=query.tc).exists():
        problems.append(FieldError("query.tc", "Choose a staff member of this practice."))
    if (
        query.provider is not None
        and not scoped(Provider, practice).filter(pk=query.provider).exists()
    ):
        problems.append(FieldError("query.provider", "Choose a provider of this practice."))
    if query.category is not None and query.category not in CATEGORY_KEYS:
        known = ", ".join(sorted(CATEGORY_KEYS))
        problems.append(FieldError("query.category", f"Choose one of: {known}."))
    if problems:
        raise CasepathError(*problems)
    return Filters(
        tc_id=query.tc,
        provider_id=query.provider,
        case_type=query.case_type or "",
        source=query.source or "",
        category=query.category or "",
    )
