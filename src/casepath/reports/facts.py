"""The report's one pass over the cases of the period, in one SQL statement.

`cases` (built with the ORM, through the scoping helper) are the cases diagnosed or
presented in the period with what the cuts need; `lines` are their `CaseFigures` (the
planned dollars and procedures summed per case and category when the plan changed, see
case_figures.py). `facts` joins them into one row per case with its payments and
follow-ups. Every breakdown is then a GROUP BY over `facts` (or over `lines` for
categories), joined with UNION ALL, so the database reads each case once whatever the
number of cuts (tests/bench/monthly_report.py measures it on 10,000,000 procedures).

The SQL text is put together from constants of this module only; every value (days,
practices) goes as a parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from casepath.cases.models import Case as CaseRow
from casepath.core.metrics import AcceptedMeans, Cut, PresenterRule
from casepath.followups.models import Task, TaskStatus
from casepath.payments.models import Payment
from casepath.reports.models import WHOLE_CASE, CaseFigures
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped_many

YES: Final = "('accepted', 'scheduled', 'in_progress', 'completed')"
# When each definition counts a case as accepted, from its status (evaluated once per
# case in `facts`, then summed by every cut as a 0/1 column y_<definition>).
STATUS_SQL: Final = {
    AcceptedMeans.SAID_YES: f"c.status_ IN {YES}",
    AcceptedMeans.SCHEDULED: "c.status_ IN ('scheduled', 'in_progress', 'completed')",
    AcceptedMeans.COMPLETED: "c.status_ = 'completed'",
    AcceptedMeans.SAME_DAY: f"(c.status_ IN {YES} AND c.decided_on_ = c.presented_on_)",
}
ACCEPTED_SQL: Final = {means: f"f.y_{means} = 1" for means in AcceptedMeans}
SAID_YES_SQL: Final = ACCEPTED_SQL[AcceptedMeans.SAID_YES]
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


def _cohort(period: Period) -> Q:
    """Cases diagnosed or presented in the period, narrowed by the filters."""
    span = (period.start, period.end)
    cohort = Q(presented_on__range=span) | Q(diagnosed_on__range=span)
    f = period.filters
    presenter = "first_presenter_id" if period.rule is PresenterRule.FIRST else "last_presenter_id"
    for field, value in (
        (presenter, f.tc_id),
        ("diagnosing_provider_id", f.provider_id),
        ("case_type", f.case_type),
        ("patient__referral_source", f.source),
    ):
        if value:
            cohort &= Q(**{field: value})
    return cohort


def _case_ids(period: Period) -> QuerySet[Any]:
    return scoped_many(CaseRow, period.practices).filter(_cohort(period)).values("pk")


def cases(period: Period) -> QuerySet[Any]:
    return (
        scoped_many(CaseRow, period.practices)
        .filter(_cohort(period))
        .annotate(
            c_id=F("pk"),
            practice_id_=F("practice_id"),
            patient_id_=F("patient_id"),
            first_id_=F("first_presenter_id"),
            last_id_=F("last_presenter_id"),
            provider_id_=F("diagnosing_provider_id"),
            case_type_=F("case_type"),
            source_=F("patient__referral_source"),
            status_=F("status"),
            reason_=F("decline_reason"),
            presented_on_=F("presented_on"),
            decided_on_=F("decided_on"),
            diagnosed_on_=F("diagnosed_on"),
            presented_month_=TruncMonth("presented_on"),
            diagnosed_month_=TruncMonth("diagnosed_on"),
        )
        .values("c_id", *(f"{c}_" for c in CASE_COLUMNS))
        .order_by()
    )


def lines(period: Period, *, whole: bool) -> QuerySet[Any]:
    """The cases' figures: the whole case (or, with a category filter, that category's
    row standing for the case) when `whole`, else one row per category."""
    rows = scoped_many(CaseFigures, period.practices).filter(case__in=_case_ids(period))
    if period.filters.category:
        rows = rows.filter(category=period.filters.category)
    elif whole:
        rows = rows.filter(category=WHOLE_CASE)
    else:
        rows = rows.exclude(category=WHOLE_CASE)
    return (
        rows.annotate(
            l_case=F("case_id"),
            l_category=F("category"),
            l_presented_usd=F("presented_usd"),
            l_presented_n=F("presented_n"),
            l_accepted_usd=F("accepted_usd"),
            l_accepted_n=F("accepted_n"),
        )
        .values(
            "l_case",
            "l_category",
            "l_presented_usd",
            "l_presented_n",
            "l_accepted_usd",
            "l_accepted_n",
        )
        .order_by()
    )


def paid(period: Period) -> QuerySet[Any]:
    return (
        scoped_many(Payment, period.practices)
        .filter(case__in=_case_ids(period), received_on__lte=period.as_of)
        .annotate(p_case=F("case_id"))
        .values("p_case")
        .annotate(p_total=Sum("amount"))
        .order_by()
    )


def followed(period: Period) -> QuerySet[Any]:
    return (
        scoped_many(Task, period.practices)
        .filter(case__in=_case_ids(period), status=TaskStatus.DONE)
        .annotate(f_case=F("case_id"))
        .values("f_case")
        .distinct()
        .order_by()
    )


def _days() -> str:
    if connection.vendor == "postgresql":
        return "(c.decided_on_ - c.presented_on_)"
    return "CAST(julianday(c.decided_on_) - julianday(c.presented_on_) AS INTEGER)"


def _facts_sql() -> str:
    return f"""facts AS (
  SELECT c.c_id AS case_id, {", ".join(f"c.{c}_ AS {c}" for c in CASE_COLUMNS)},
    CASE WHEN c.presented_on_ BETWEEN %s AND %s THEN 1 ELSE 0 END AS in_presented,
    CASE WHEN c.diagnosed_on_ BETWEEN %s AND %s THEN 1 ELSE 0 END AS in_diagnosed,
    {", ".join(f"CASE WHEN {sql} THEN 1 ELSE 0 END AS y_{m}" for m, sql in STATUS_SQL.items())},
    {_days()} AS days,
    l.l_presented_usd AS presented_usd, l.l_presented_n AS presented_n,
    l.l_accepted_usd AS accepted_usd, l.l_accepted_n AS accepted_n,
    COALESCE(p.p_total, 0) AS collected_usd,
    CASE WHEN fu.f_case IS NULL THEN 0 ELSE 1 END AS followed_up
  FROM cases c
  JOIN lines l ON l.l_case = c.c_id
  LEFT JOIN paid p ON p.p_case = c.c_id
  LEFT JOIN followed fu ON fu.f_case = c.c_id
)"""  # noqa: S608


def _measures_sql(*, diagnosed: bool, presented: bool, amounts: str = "f") -> str:
    """The aggregate columns, in the order selectors._measures reads them; a half left
    out (diagnosed or presented) is zeros."""
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
            "l_accepted_n AS accepted_n FROM categories) a "
            "ON a.l_case = f.case_id "
            "GROUP BY a.l_category"
        ),
    ]


def _with(period: Period) -> tuple[str, list[Any]]:
    parts, params = [], []
    for name, qs in (
        ("cases", cases(period)),
        ("lines", lines(period, whole=True)),
        ("categories", lines(period, whole=False)),
        ("paid", paid(period)),
        ("followed", followed(period)),
    ):
        sql, more = qs.query.sql_with_params()
        parts.append(f"{name} AS ({sql})")
        params += list(more)
    parts.append(_facts_sql())
    params += [period.start, period.end, period.start, period.end]
    return "WITH " + ",\n".join(parts), params


def rollups(period: Period) -> list[tuple[Any, ...]]:
    """(cut, key, *measure columns) for every cut, from one statement (read whole, so
    that the transaction holding work_mem ends here)."""
    head, params = _with(period)
    sql = head + "\n" + "\nUNION ALL\n".join(_branches(period.rule))
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every cut sorts its cases once: in memory rather than in temporary files
            # (the categories of 63,000 cases need about 100 MB; docs/performance.md).
            cursor.execute("SET LOCAL work_mem = '160MB'")
        cursor.execute(sql, params)
        return list(cursor.fetchall())


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
