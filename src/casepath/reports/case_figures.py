"""Keeping `CaseFigures` equal to the case's procedures.

`case_figures_refresh(practice, case_id)` sums a case's procedures again (one query,
then its rows are replaced); receivers.py calls it whenever a procedure, phase or option is saved or
deleted and when the cases app says decisions changed in bulk (`plan_changed`).
`case_figures_rebuild(practices)` sums every case again (demo data made in bulk, a
repair after loading data by hand: `casepath manage refresh_case_figures`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, DecimalField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Substr

from casepath.cases.models import Case as CaseRow
from casepath.cases.models import PlannedProcedure
from casepath.core.cases import Decision
from casepath.core.catalog.codes import category_of
from casepath.reports.models import WHOLE_CASE, CaseFigures
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped, scoped_many

MONEY = DecimalField(max_digits=12, decimal_places=2)
BATCH = 2000


def category_prefixes() -> dict[str, list[str]]:
    """Each category's three-character code prefixes (its spans run by whole hundreds)."""
    by_category: dict[str, list[str]] = {}
    for hundred in range(100):
        prefix = f"D{hundred:02d}"
        category = category_of(f"{prefix}50")
        if category is not None:
            by_category.setdefault(category, []).append(prefix)
    return by_category


def _category() -> Case:
    whens = [
        When(f_prefix__in=codes, then=Value(cat)) for cat, codes in category_prefixes().items()
    ]
    return Case(*whens, default=Value("other"))


def _sums(procedures: QuerySet[PlannedProcedure]) -> QuerySet[Any]:
    net = Greatest(F("fee") - F("discount"), Value(Decimal("0.00")), output_field=MONEY)
    recommended = Q(phase__option__is_recommended=True)
    accepted = Q(decision=Decision.ACCEPTED)
    zero = Value(Decimal("0.00"), output_field=MONEY)
    return (
        procedures.annotate(f_prefix=Substr("code", 1, 3), f_category=_category())
        .values("case_id", "practice_id", "organization_id", "f_category")
        .annotate(
            presented_usd=Coalesce(Sum(net, filter=recommended), zero),
            presented_n=Count("pk", filter=recommended),
            accepted_usd=Coalesce(Sum(net, filter=accepted), zero),
            accepted_n=Count("pk", filter=accepted),
        )
        .order_by()
    )


def _rows(procedures: QuerySet[PlannedProcedure]) -> list[CaseFigures]:
    """One row per case and category (one query), and each case's whole-case row as
    their sum."""
    made: list[CaseFigures] = []
    whole: dict[int, CaseFigures] = {}
    for row in _sums(procedures):
        made.append(
            CaseFigures(
                practice_id=row["practice_id"],
                organization_id=row["organization_id"],
                case_id=row["case_id"],
                category=row["f_category"],
                presented_usd=row["presented_usd"],
                presented_n=row["presented_n"],
                accepted_usd=row["accepted_usd"],
                accepted_n=row["accepted_n"],
            )
        )
        total = whole.setdefault(
            row["case_id"],
            CaseFigures(
                practice_id=row["practice_id"],
                organization_id=row["organization_id"],
                case_id=row["case_id"],
                category=WHOLE_CASE,
                presented_usd=Decimal("0.00"),
                presented_n=0,
                accepted_usd=Decimal("0.00"),
                accepted_n=0,
            ),
        )
        total.presented_usd += Decimal(row["presented_usd"])
        total.presented_n += row["presented_n"]
        total.accepted_usd += Decimal(row["accepted_usd"])
        total.accepted_n += row["accepted_n"]
    return made + list(whole.values())


def case_figures_refresh(practice: Practice, case_id: int) -> None:
    """Sum one case again: three queries (delete, sum, insert)."""
    scoped(CaseFigures, practice).filter(case_id=case_id).delete()
    procedures = scoped(PlannedProcedure, practice).filter(case_id=case_id)
    CaseFigures.objects.bulk_create(_rows(procedures))


def case_figures_rebuild(practices: Sequence[Practice]) -> int:
    """Sum every case of `practices` again; returns the rows written."""
    scoped_many(CaseFigures, practices).delete()
    written = 0
    ids = list(scoped_many(CaseRow, practices).order_by("pk").values_list("pk", flat=True))
    for part in _batches(ids):
        procedures = scoped_many(PlannedProcedure, practices).filter(case_id__in=part)
        written += len(CaseFigures.objects.bulk_create(_rows(procedures), batch_size=BATCH))
    return written


def _batches(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _net() -> str:
    return "CASE WHEN p.fee > p.discount THEN p.fee - p.discount ELSE 0 END"


def _category_sql() -> str:
    whens = " ".join(
        f"WHEN substr(p.code, 1, 3) IN ({', '.join(repr(c) for c in codes)}) THEN '{cat}'"
        for cat, codes in category_prefixes().items()
    )
    return f"CASE {whens} ELSE 'other' END"


def fill_all_sql() -> list[str]:
    """Set-based SQL summing every case of every practice, for an empty CaseFigures
    table: after a bulk load (the benchmark) and in the migration that made the table.
    Only constants of this module go into the text."""
    net = _net()
    head = (
        "INSERT INTO reports_casefigures (practice_id, organization_id, created_at, "  # noqa: S608
        "updated_at, case_id, category, presented_usd, presented_n, accepted_usd, accepted_n) "
        "SELECT p.practice_id, p.organization_id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
        "p.case_id, {category}, "
        f"SUM(CASE WHEN o.is_recommended THEN {net} ELSE 0 END), "
        "SUM(CASE WHEN o.is_recommended THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN p.decision = 'accepted' THEN {net} ELSE 0 END), "
        "SUM(CASE WHEN p.decision = 'accepted' THEN 1 ELSE 0 END) "
        "FROM cases_plannedprocedure p "
        "JOIN cases_casephase ph ON ph.id = p.phase_id "
        "JOIN cases_caseoption o ON o.id = ph.option_id "
        "GROUP BY p.practice_id, p.organization_id, p.case_id{group} "
        # A case's rows side by side, as the services write them.
        "ORDER BY p.case_id"
    )
    category = _category_sql()
    return [
        head.format(category="''", group=""),
        head.format(category=category, group=f", {category}"),
    ]
