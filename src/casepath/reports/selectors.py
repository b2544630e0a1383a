"""Reads for reports: the acceptance report of one or several practices for a period.

`acceptance_report` runs the one statement of `facts.rollups`, turns each row into
`Measures`, names each group (a TC's name, "October 2026", "Crowns"), and adds the
activity counts that are not about the cohort (pre-determinations, financing).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from casepath.cases.models import Case, CaseType
from casepath.core.cases.decline import DECLINE_LABELS, DeclineReason
from casepath.core.metrics import (
    AcceptedMeans,
    CaseLine,
    Cut,
    Definitions,
    Group,
    Measures,
    PresenterRule,
    Report,
    Tally,
)
from casepath.core.money import to_cents
from casepath.financing.models import ApplicationStatus, FinancingApplication
from casepath.patients.models import ReferralSource
from casepath.predeterminations.models import Predetermination
from casepath.reports import facts
from casepath.reports.labels import category_label, month_key, month_label
from casepath.reports.models import MetricSettings
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import scoped, scoped_many

NOT_RECORDED = "Not recorded"


def metric_settings(practice: Practice) -> Definitions:
    row = scoped(MetricSettings, practice).first()
    if row is None:
        return Definitions()
    return Definitions(AcceptedMeans(row.accepted_means), PresenterRule(row.presenter_rule))


def acceptance_report(
    practices: Sequence[Practice],
    start: date,
    end: date,
    definitions: Definitions,
    *,
    as_of: date,
    filters: facts.Filters = facts.NO_FILTERS,
    with_cases: bool = False,
) -> Report:
    """Figures for cases diagnosed or presented from `start` to `end` (inclusive).

    Collected counts payments received up to `as_of`. With a filter, the activity
    counts (pre-determinations, financing) are left out: they are not about the cases.
    """
    period = facts.Period(practices, start, end, as_of, definitions.presenter_rule, filters)
    grouped: dict[str, dict[str, Measures]] = defaultdict(dict)
    for cut, key, *columns in facts.rollups(period):
        cut = Cut.MONTH if cut == "month_diagnosed" else Cut(cut)
        name = month_key(key) if cut is Cut.MONTH else ("" if key is None else str(key))
        measures = _measures(columns)
        mine = grouped[cut]
        mine[name] = mine[name].plus(measures) if name in mine else measures
    if filters == facts.NO_FILTERS:
        _add_activity(grouped, period)
    total = grouped.get(Cut.TOTAL, {}).get("", Measures())
    breakdowns = {
        cut: _groups(cut, grouped.get(cut, {}), practices) for cut in Cut if cut is not Cut.TOTAL
    }
    cases = _case_lines(period, definitions) if with_cases else ()
    return Report(start, end, definitions, total, breakdowns, cases)


def _measures(columns: Sequence[Any]) -> Measures:
    it = iter(columns)

    def n() -> int:
        return int(next(it) or 0)

    def usd() -> Decimal:
        return to_cents(Decimal(str(next(it) or 0)))

    diagnosed_cases, diagnosed_usd = n(), usd()
    presented = Tally(n(), n(), n(), usd())
    accepted: dict[AcceptedMeans, Tally] = {}
    followed: dict[AcceptedMeans, int] = {}
    for means in facts.MEANS:
        accepted[means] = Tally(n(), n(), n(), usd())
        followed[means] = n()
    return Measures(
        diagnosed_cases=diagnosed_cases,
        diagnosed_usd=diagnosed_usd,
        presented=presented,
        accepted=MappingProxyType(accepted),
        days_to_accept_total=n(),
        days_to_accept_cases=n(),
        collected_usd=usd(),
        followed_up_cases=n(),
        followed_up_accepted=MappingProxyType(followed),
        declined_cases=n(),
    )


def _add_activity(grouped: dict[str, dict[str, Measures]], period: facts.Period) -> None:
    """Pre-determinations and financing in the period: by practice, month and in all."""
    span = (period.start, period.end)
    counts = (
        (Predetermination, "sent_on", Q(), "predeterminations_sent"),
        (Predetermination, "received_on", Q(), "predeterminations_returned"),
        (FinancingApplication, "submitted_on", Q(), "financing_applications"),
        (
            FinancingApplication,
            "submitted_on",
            Q(status=ApplicationStatus.APPROVED),
            "financing_approved",
        ),
    )
    for model, day, extra, name in counts:
        rows = (
            scoped_many(model, period.practices)
            .filter(extra, **{f"{day}__range": span})
            .annotate(month=TruncMonth(day))
            .values("practice_id", "month")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            for cut, key in (
                (Cut.TOTAL, ""),
                (Cut.PRACTICE, str(row["practice_id"])),
                (Cut.MONTH, month_key(row["month"])),
            ):
                mine = grouped[cut]
                before = mine.get(key, Measures())
                mine[key] = before.plus(Measures(**{name: row["n"]}))


def _groups(
    cut: Cut, rows: Mapping[str, Measures], practices: Sequence[Practice]
) -> tuple[Group, ...]:
    names = _names(cut, rows.keys(), practices)
    groups = [Group(key, names.get(key, key or NOT_RECORDED), m) for key, m in rows.items()]
    if cut is Cut.MONTH:
        return tuple(sorted(groups, key=lambda g: g.key))
    return tuple(sorted(groups, key=lambda g: (-g.measures.presented.usd, g.label)))


def _names(cut: Cut, keys: Iterable[str], practices: Sequence[Practice]) -> dict[str, str]:
    keys = [k for k in keys if k]
    if cut is Cut.PRACTICE:
        return {str(p.pk): p.name for p in practices}
    if cut is Cut.TC:
        return _user_names(keys) | {"": "No presenter recorded"}
    if cut is Cut.PROVIDER:
        providers = scoped_many(Provider, practices).filter(pk__in=keys)
        return {str(p.pk): str(p) for p in providers}
    if cut is Cut.CASE_TYPE:
        return dict(CaseType.choices)
    if cut is Cut.SOURCE:
        return dict(ReferralSource.choices)
    if cut is Cut.DECLINE_REASON:
        return {r.value: label for r, label in DECLINE_LABELS.items()} | {
            "": DECLINE_LABELS[DeclineReason.OTHER]
        }
    if cut is Cut.CATEGORY:
        return {k: category_label(k) for k in keys}
    if cut is Cut.MONTH:
        return {k: month_label(k) for k in keys}
    return {}


def _user_names(keys: Sequence[str]) -> dict[str, str]:
    users = get_user_model().objects.filter(pk__in=keys)
    return {str(u.pk): u.get_full_name() or u.get_username() for u in users}


def _case_lines(period: facts.Period, d: Definitions) -> tuple[CaseLine, ...]:
    rows = facts.case_rows(period)
    ids = [row[0] for row in rows]
    cases = {
        c.pk: c
        for c in scoped_many(Case, period.practices)
        .filter(pk__in=ids)
        .select_related("patient")
        .only("pk", "title", "patient__first_name", "patient__last_name")
    }
    tcs = _user_names([str(r[1 if d.presenter_rule is PresenterRule.FIRST else 2]) for r in rows])
    lines = []
    for case_id, first_id, last_id, status, presented_on, presented_usd, accepted_usd in rows:
        case = cases[case_id]
        tc_id = first_id if d.presenter_rule is PresenterRule.FIRST else last_id
        lines.append(
            CaseLine(
                case_id=case_id,
                patient=f"{case.patient.last_name}, {case.patient.first_name}",
                title=case.title,
                tc=tcs.get(str(tc_id), "No presenter recorded"),
                presented_on=presented_on
                if isinstance(presented_on, date)
                else date.fromisoformat(str(presented_on)),
                status=status,
                presented_usd=to_cents(Decimal(str(presented_usd or 0))),
                accepted_usd=to_cents(Decimal(str(accepted_usd or 0))),
            )
        )
    return tuple(lines)
