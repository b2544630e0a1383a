"""The estimator's small parts: dates, note words, memos and the plan cache."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest

from casepath.core.benefits import checks, estimate, notes, plan
from casepath.core.benefits.dates import add_months, age_on, benefit_year
from casepath.core.benefits.memo import Memo
from tests.core.benefits.spec import coverage, procedure, request


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2100, 1, 31), 1, date(2100, 2, 28)),
        (date(2000, 1, 30), 1, date(2000, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 11, 15), 14, date(2028, 1, 15)),
        (date(2026, 1, 1), -13, date(2024, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(
    start: date, months: int, end: date
) -> None:
    assert add_months(start, months) == end


def test_benefit_year_is_named_by_the_year_it_starts() -> None:
    assert benefit_year(date(2026, 6, 30), 7) == 2025
    assert benefit_year(date(2026, 7, 1), 7) == 2026
    assert benefit_year(date(2026, 1, 1), 1) == 2026


def test_age_counts_whole_years_and_a_leap_birthday_turns_on_1_march() -> None:
    assert age_on(date(2012, 4, 30), date(2027, 4, 29)) == 14
    assert age_on(date(2012, 4, 30), date(2027, 4, 30)) == 15
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_money_in_notes_reads_as_dollars_and_cents() -> None:
    assert notes.usd(0) == "$0.00"
    assert notes.usd(5) == "$0.05"
    assert notes.usd(123456789) == "$1,234,567.89"


def test_a_memo_works_out_each_value_and_keeps_no_more_than_its_limit() -> None:
    calls: list[int] = []

    def double(key: int) -> int:
        calls.append(key)
        return key * 2

    kept = Memo(double, limit=1)
    assert [kept[3], kept[3], kept[4], kept[4]] == [6, 6, 8, 8]
    assert calls == [3, 4, 4], "3 was kept, 4 was over the limit"
    assert dict(kept) == {3: 6}


def test_fees_are_kept_only_up_to_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks, "CENTS_KEPT", 0)
    monkeypatch.setattr(checks, "_kept", {})
    fee = Decimal("987.65")
    req = request([procedure("D2391", str(fee))], [])
    assert estimate(req).procedures[0].patient == fee
    assert fee not in checks._kept


def test_the_plan_cache_compiles_a_plan_once_and_forgets_the_oldest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(plan, "PLANS_KEPT", 2)
    monkeypatch.setattr(plan, "_compiled", {})
    plans = [coverage({"coverage": [{"percent": p}]}).plan for p in (10, 20, 30)]
    first = plan.compiled_plan(plans[0], "p")
    assert plan.compiled_plan(plans[0], "p") is first
    for other in plans[1:]:
        plan.compiled_plan(other, "p")
    assert len(plan._compiled) == 2
    assert plan.compiled_plan(plans[0], "p") is not first, "the oldest was forgotten"


def test_importing_the_estimator_and_catalog_pulls_in_no_django() -> None:
    code = (
        "import sys, casepath.core.benefits, casepath.core.catalog;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('django','ninja')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
