"""The report's one pass over the planned procedures, in one SQL statement.

`lines` (built with the ORM, through the scoping helper) adds up the procedures of the
cases diagnosed or presented in the period, per case and procedure category. `facts`
folds them into one row per case with its payments and follow-ups. Every breakdown is
then a GROUP BY over `facts` (or over `lines` for categories), joined with UNION ALL,
so the database reads each procedure once whatever the number of cuts (the benchmark
in tests/bench/monthly_report.py holds this to 1.5 times a bare aggregate).

The SQL text is put together from constants of this module only; every value (days,
practices) goes as a parameter.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final

from django.db import connection
from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Substr, TruncMonth

from casepath.cases.models import PlannedProcedure
from casepath.core.cases import Decision
from casepath.core.catalog.codes import category_of
from casepath.core.metrics import AcceptedMeans, Cut, PresenterRule
from casepath.followups.models import Task, TaskStatus
from casepath.payments.models import Payment
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped_many

MONEY = DecimalField(max_digits=14, decimal_places=2)
SAID_YES_SQL: Final = "f.status IN ('accepted', 'scheduled', 'in_progress', 'completed')"
ACCEPTED_SQL: Final = {
    AcceptedMeans.SAID_YES: SAID_YES_SQL,
    AcceptedMeans.SCHEDULED: "f.status IN ('scheduled', 'in_progress', 'completed')",
    AcceptedMeans.COMPLETED: "f.status = 'completed'",
    AcceptedMeans.SAME_DAY: f"({SAID_YES_SQL} AND f.same_day = 1)",
}
MEANS: Final = tuple(AcceptedMeans)
CASE_COLUMNS: Final = (
    "practice_id",
    "patient_id",
    "first_id",
    "last_id",
    "provider_id",
    "case_type",
    "source",
    "status",
    "reason",
    "presented_on",
    "decided_on",
    "diagnosed_on",
    "presented_month",
    "diagnosed_month",
)


@dataclass(frozen=True)
class Filters:
    """Narrow the report: one TC (under the presenter rule), diagnosing provider, case
    type, referral source, or procedure category (then only those procedures count)."""

    tc_id: int | None = None
    provider_id: int | None = None
    case_type: str = ""
    source: str = ""
    category: str = ""


NO_FILTERS: Final = Filters()


@dataclass(frozen=True)
class Period:
    practices: Sequence[Practice]
    start: date
    end: date
    as_of: date
    """Payments received up to this day count as collected."""
    rule: PresenterRule = PresenterRule.FIRST
    filters: Filters = NO_FILTERS


def _prefixes() -> dict[str, list[str]]:
    """Each category's three-character code prefixes (its spans run by whole hundreds)."""
    by_category: dict[str, list[str]] = {}
    for hundred in range(100):
        prefix = f"D{hundred:02d}"
        category = category_of(f"{prefix}50")
        if category is not None:
            by_category.setdefault(category, []).append(prefix)
    return by_category


def _category() -> Case:
    whens = [When(l_prefix__in=codes, then=Value(cat)) for cat, codes in _prefixes().items()]
    return Case(*whens, default=Value("other"))


def _cohort(period: Period, via: str = "case__") -> Q:
    span = (period.start, period.end)
    cohort = Q(**{f"{via}presented_on__range": span}) | Q(**{f"{via}diagnosed_on__range": span})
    f = period.filters
    presenter = "first_presenter_id" if period.rule is PresenterRule.FIRST else "last_presenter_id"
    for field, value in (
        (presenter, f.tc_id),
        ("diagnosing_provider_id", f.provider_id),
        ("case_type", f.case_type),
        ("patient__referral_source", f.source),
    ):
        if value:
            cohort &= Q(**{f"{via}{field}": value})
    return cohort


def lines(period: Period) -> QuerySet[Any]:
    net = Greatest(F("fee") - F("discount"), Value(Decimal("0.00")), output_field=MONEY)
    recommended = Q(phase__option__is_recommended=True)
    accepted = Q(decision=Decision.ACCEPTED)
    zero = Value(Decimal("0.00"), output_field=MONEY)
    rows = (
        scoped_many(PlannedProcedure, period.practices)
        .filter(_cohort(period))
        .annotate(l_prefix=Substr("code", 1, 3), l_category=_category())
    )
    if period.filters.category:
        rows = rows.filter(l_category=period.filters.category)
    return (
        rows.annotate(
            l_case=F("case_id"),
            practice_id_=F("case__practice_id"),
            patient_id_=F("case__patient_id"),
            first_id_=F("case__first_presenter_id"),
            last_id_=F("case__last_presenter_id"),
            provider_id_=F("case__diagnosing_provider_id"),
            case_type_=F("case__case_type"),
            source_=F("case__patient__referral_source"),
            status_=F("case__status"),
            reason_=F("case__decline_reason"),
            presented_on_=F("case__presented_on"),
            decided_on_=F("case__decided_on"),
            diagnosed_on_=F("case__diagnosed_on"),
            presented_month_=TruncMonth("case__presented_on"),
            diagnosed_month_=TruncMonth("case__diagnosed_on"),
        )
        .values("l_case", "l_category", *(f"{c}_" for c in CASE_COLUMNS))
        .annotate(
            l_presented_usd=Coalesce(Sum(net, filter=recommended), zero),
            l_presented_n=Count("pk", filter=recommended),
            l_accepted_usd=Coalesce(Sum(net, filter=accepted), zero),
            l_accepted_n=Count("pk", filter=accepted),
        )
        .order_by()
    )


def paid(period: Period) -> QuerySet[Any]:
    return (
        scoped_many(Payment, period.practices)
        .filter(_cohort(period), received_on__lte=period.as_of)
        .annotate(p_case=F("case_id"))
        .values("p_case")
        .annotate(p_total=Sum("amount"))
        .order_by()
    )


def followed(period: Period) -> QuerySet[Any]:
    return (
        scoped_many(Task, period.practices)
        .filter(_cohort(period), status=TaskStatus.DONE, case__isnull=False)
        .annotate(f_case=F("case_id"))
        .values("f_case")
        .distinct()
        .order_by()
    )


def _days() -> str:
    if connection.vendor == "postgresql":
        return "(l.decided_on_ - l.presented_on_)"
    return "CAST(julianday(l.decided_on_) - julianday(l.presented_on_) AS INTEGER)"


def _facts_sql() -> str:
    columns = ", ".join(f"l.{c}_" for c in CASE_COLUMNS)
    return f"""facts AS (
  SELECT l.l_case AS case_id, {", ".join(f"l.{c}_ AS {c}" for c in CASE_COLUMNS)},
    CASE WHEN l.presented_on_ BETWEEN %s AND %s THEN 1 ELSE 0 END AS in_presented,
    CASE WHEN l.diagnosed_on_ BETWEEN %s AND %s THEN 1 ELSE 0 END AS in_diagnosed,
    CASE WHEN l.decided_on_ = l.presented_on_ THEN 1 ELSE 0 END AS same_day,
    {_days()} AS days,
    SUM(l.l_presented_usd) AS presented_usd, SUM(l.l_presented_n) AS presented_n,
    SUM(l.l_accepted_usd) AS accepted_usd, SUM(l.l_accepted_n) AS accepted_n,
    COALESCE(MAX(p.p_total), 0) AS collected_usd,
    MAX(CASE WHEN fu.f_case IS NULL THEN 0 ELSE 1 END) AS followed_up
  FROM lines l
  LEFT JOIN paid p ON p.p_case = l.l_case
  LEFT JOIN followed fu ON fu.f_case = l.l_case
  GROUP BY l.l_case, {columns}
)"""  # noqa: S608


def _measures_sql(*, diagnosed: bool, presented: bool, amounts: str = "f") -> str:
    """The aggregate columns, in `MEASURE_COLUMNS` order; a half left out is zeros."""
    a = amounts
    # By category, a case counts as presented (or diagnosed) in the categories of its
    # recommended option, and as accepted in those of the procedures it accepted.
    shown = f" AND {a}.presented_n > 0" if a != "f" else ""
    taken = f" AND {a}.accepted_n > 0" if a != "f" else ""
    p = f"f.in_presented = 1{shown}"
    columns = [
        f"SUM(CASE WHEN f.in_diagnosed = 1{shown} THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN f.in_diagnosed = 1 THEN {a}.presented_usd ELSE 0 END)",
    ]
    if not diagnosed:
        columns = ["0", "0"]
    more = [
        f"SUM(CASE WHEN {p} THEN 1 ELSE 0 END)",
        f"COUNT(DISTINCT CASE WHEN {p} THEN f.patient_id END)",
        f"SUM(CASE WHEN {p} THEN {a}.presented_n ELSE 0 END)",
        f"SUM(CASE WHEN {p} THEN {a}.presented_usd ELSE 0 END)",
    ]
    for means in MEANS:
        yes = f"f.in_presented = 1{taken} AND {ACCEPTED_SQL[means]}"
        more += [
            f"SUM(CASE WHEN {yes} THEN 1 ELSE 0 END)",
            f"COUNT(DISTINCT CASE WHEN {yes} THEN f.patient_id END)",
            f"SUM(CASE WHEN {yes} THEN {a}.accepted_n ELSE 0 END)",
            f"SUM(CASE WHEN {yes} THEN {a}.accepted_usd ELSE 0 END)",
            f"SUM(CASE WHEN {yes} AND f.followed_up = 1 THEN 1 ELSE 0 END)",
        ]
    dated = f"f.in_presented = 1{taken} AND {SAID_YES_SQL} AND f.days IS NOT NULL"
    more += [
        f"SUM(CASE WHEN {dated} THEN f.days ELSE 0 END)",
        f"SUM(CASE WHEN {dated} THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN {p} THEN f.collected_usd ELSE 0 END)" if a == "f" else "0",
        f"SUM(CASE WHEN {p} AND f.followed_up = 1 THEN 1 ELSE 0 END)",
        f"SUM(CASE WHEN {p} AND f.status = 'declined' THEN 1 ELSE 0 END)",
    ]
    if not presented:
        more = ["0"] * len(more)
    return ", ".join(columns + more)


def _branch(cut: str, key: str, where: str = "1 = 1", **halves: bool) -> str:
    both = {"diagnosed": True, "presented": True} | halves
    return (
        f"SELECT '{cut}' AS cut, CAST({key} AS TEXT) AS key, {_measures_sql(**both)} "  # noqa: S608
        f"FROM facts f WHERE {where}" + ("" if key == "''" else f" GROUP BY {key}")
    )


def _branches(rule: PresenterRule) -> list[str]:
    tc = "f.first_id" if rule is PresenterRule.FIRST else "f.last_id"
    presented = "f.in_presented = 1"
    return [
        _branch(Cut.TOTAL, "''"),
        _branch(Cut.PRACTICE, "f.practice_id"),
        _branch(Cut.TC, tc, presented, diagnosed=False),
        _branch(Cut.PROVIDER, "f.provider_id"),
        _branch(Cut.CASE_TYPE, "f.case_type"),
        _branch(Cut.SOURCE, "f.source"),
        _branch(Cut.DECLINE_REASON, "f.reason", f"{presented} AND f.status = 'declined'"),
        _branch(Cut.MONTH, "f.presented_month", presented, diagnosed=False),
        _branch("month_diagnosed", "f.diagnosed_month", "f.in_diagnosed = 1", presented=False),
        (
            f"SELECT '{Cut.CATEGORY}' AS cut, CAST(a.l_category AS TEXT) AS key, "  # noqa: S608
            f"{_measures_sql(diagnosed=True, presented=True, amounts='a')} "
            "FROM facts f JOIN (SELECT l_case, l_category, l_presented_usd AS presented_usd, "
            "l_presented_n AS presented_n, l_accepted_usd AS accepted_usd, "
            "l_accepted_n AS accepted_n FROM lines) a ON a.l_case = f.case_id "
            "GROUP BY a.l_category"
        ),
    ]


def _with(period: Period) -> tuple[str, list[Any]]:
    parts, params = [], []
    for name, qs in (
        ("lines", lines(period)),
        ("paid", paid(period)),
        ("followed", followed(period)),
    ):
        sql, more = qs.query.sql_with_params()
        parts.append(f"{name} AS ({sql})")
        params += list(more)
    parts.append(_facts_sql())
    params += [period.start, period.end, period.start, period.end]
    return "WITH " + ",\n".join(parts), params


def rollups(period: Period) -> Iterator[tuple[Any, ...]]:
    """(cut, key, *measure columns) for every cut, from one statement."""
    head, params = _with(period)
    sql = head + "\n" + "\nUNION ALL\n".join(_branches(period.rule))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        yield from cursor.fetchall()


def case_rows(period: Period) -> list[tuple[Any, ...]]:
    """(case_id, first_id, last_id, status, presented_on, presented_usd, accepted_usd)
    of each case presented in the period."""
    head, params = _with(period)
    sql = (
        head + "\nSELECT f.case_id, f.first_id, f.last_id, f.status, f.presented_on, "
        "f.presented_usd, f.accepted_usd FROM facts f WHERE f.in_presented = 1 "
        "ORDER BY f.presented_on, f.case_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
