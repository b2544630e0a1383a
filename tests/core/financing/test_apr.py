"""The APR by Regulation Z Appendix J: the worked examples, unit periods, checks."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from casepath.core.errors import CasepathError
from casepath.core.financing import Disclosure, Payment, disclose
from casepath.core.financing.periods import (
    MONTH,
    SEMIMONTH,
    YEAR,
    Unit,
    common_unit,
    months_back,
    span,
)

D = Decimal


def every(amount: str, count: int, first: date, *, days: int = 0, months: int = 0) -> list[Payment]:
    """`count` payments of `amount` from `first`, `days` or `months` apart."""
    if days:
        return [Payment(D(amount), first + timedelta(days=days * k)) for k in range(count)]
    return [Payment(D(amount), months_back(first, -months * k, first.day)) for k in range(count)]


def semimonthly(amount: str, count: int, first: date) -> list[Payment]:
    """On the first date's day and 15 days later (1st and 16th)."""
    return [
        Payment(D(amount), months_back(first, -(k // 2), first.day + 15 * (k % 2)))
        for k in range(count)
    ]


def one(amount: str, due: date) -> list[Payment]:
    return [Payment(D(amount), due)]


# Appendix J (c): advance, date, payments, APR, unit period, unit periods a year.
EXAMPLES = {
    "(c)(1)(i) monthly, regular first period": (
        "5000.00", date(1978, 1, 10), every("230.00", 24, date(1978, 2, 10), months=1),
        "9.69", "month", 12,
    ),
    "(c)(1)(ii) monthly, long first period": (
        "6000.00", date(1978, 2, 10), every("200.00", 36, date(1978, 4, 1), months=1),
        "11.82", "month", 12,
    ),
    "(c)(1)(iii) semimonthly, short first period": (
        "5000.00", date(1978, 2, 23), semimonthly("219.17", 24, date(1978, 3, 1)),
        "10.34", "semimonth", 24,
    ),
    "(c)(1)(iv) quarterly, long first period": (
        "10000.00", date(1978, 5, 23), every("385.00", 40, date(1978, 10, 1), months=3),
        "8.97", "quarter", 4,
    ),
    "(c)(1)(v) weekly, long first period": (
        "500.00", date(1978, 3, 20), every("17.60", 30, date(1978, 4, 21), days=7),
        "14.96", "week", 52,
    ),
    "(c)(2)(i) monthly, irregular first payment": (
        "5000.00", date(1978, 1, 10),
        one("250.00", date(1978, 2, 10)) + every("230.00", 23, date(1978, 3, 10), months=1),
        "10.08", "month", 12,
    ),
    "(c)(2)(ii) every 4 weeks, long first period, irregular first payment": (
        "400.00", date(1978, 3, 18),
        one("39.50", date(1978, 4, 20)) + every("38.31", 11, date(1978, 5, 18), days=28),
        "28.50", "4weeks", 13,
    ),
    "(c)(3)(i) monthly, irregular final payment": (
        "5000.00", date(1978, 1, 10),
        every("230.00", 23, date(1978, 2, 10), months=1) + one("280.00", date(1980, 1, 10)),
        "10.50", "month", 12,
    ),
    "(c)(3)(ii) every 2 weeks, short first period, irregular final payment": (
        "200.00", date(1978, 4, 3),
        every("9.50", 19, date(1978, 4, 11), days=14) + one("30.00", date(1979, 1, 2)),
        "12.22", "2weeks", 26,
    ),
    "(c)(4)(i) monthly, irregular first and final payments": (
        "5000.00", date(1978, 1, 10),
        one("250.00", date(1978, 2, 10))
        + every("230.00", 22, date(1978, 3, 10), months=1)
        + one("280.00", date(1980, 1, 10)),
        "10.90", "month", 12,
    ),
    "(c)(4)(ii) every 2 months, short first period, irregular first and final payments": (
        "8000.00", date(1978, 1, 10),
        one("449.36", date(1978, 3, 1))
        + every("465.00", 18, date(1978, 5, 1), months=2)
        + one("200.00", date(1981, 5, 1)),
        "7.30", "2months", 6,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", EXAMPLES)
def test_appendix_j_worked_examples(name: str) -> None:
    financed, advance, payments, apr, unit, per_year = EXAMPLES[name]
    disclosure = disclose(D(financed), advance, payments)
    assert disclosure.apr_percent == D(apr)
    assert str(disclosure.apr_percent) == apr  # two decimals
    assert (disclosure.unit_period, disclosure.unit_periods_per_year) == (unit, per_year)


def test_the_contract_example_with_every_figure() -> None:
    payments = every("230.00", 24, date(1978, 2, 10), months=1)
    assert disclose(D("5000.00"), date(1978, 1, 10), payments) == Disclosure(
        apr_percent=D("9.69"),
        unit_period="month",
        unit_periods_per_year=12,
        amount_financed=D("5000.00"),
        finance_charge=D("520.00"),
        total_of_payments=D("5520.00"),
    )


def test_single_advance_single_payment_uses_the_term_as_unit() -> None:
    # App. J (c)(5)(i): 1,000 on 3 Jan 1978, 1,080 on 15 Sep 1978 (255 days):
    # i = 0.08 per term, 365/255 terms a year: 11.45%.
    disclosure = disclose(D("1000.00"), date(1978, 1, 3), one("1080.00", date(1978, 9, 15)))
    assert disclosure.apr_percent == D("11.45")
    assert disclosure.finance_charge == D("80.00")
    # the contract names no 255-day unit: the nearest named one, for information
    assert (disclosure.unit_period, disclosure.unit_periods_per_year) == ("year", 1)


def test_single_payment_in_whole_months() -> None:
    # 3 months: 4 terms a year, i = 30 / 1000: 12.00%
    disclosure = disclose(D("1000.00"), date(2026, 1, 15), one("1030.00", date(2026, 4, 15)))
    assert (disclosure.apr_percent, disclosure.unit_period) == (D("12.00"), "quarter")
    # 6 months: 2 a year, named as the nearest (a quarter)
    disclosure = disclose(D("1000.00"), date(2026, 1, 15), one("1030.00", date(2026, 7, 15)))
    assert disclosure.apr_percent == D("6.00")


def test_single_payment_after_more_than_a_year_counts_in_years() -> None:
    # 2 years and 6 months: t = 2, f = 6/12; 1000 (1 + i/2)(1 + i)^2 = 1300 at i = 11.0045...%
    disclosure = disclose(D("1000.00"), date(2026, 1, 15), one("1300.00", date(2028, 7, 15)))
    assert (disclosure.apr_percent, disclosure.unit_period) == (D("11.00"), "year")


def test_zero_finance_charge_is_zero_apr() -> None:
    payments = every("100.00", 10, date(2026, 2, 1), months=1)
    disclosure = disclose(D("1000.00"), date(2026, 1, 1), payments)
    assert disclosure.apr_percent == D("0.00")
    assert str(disclosure.apr_percent) == "0.00"
    assert disclosure.finance_charge == D("0.00")


def test_a_high_rate_converges() -> None:
    # 100.00 repaid by 5 weekly payments of 25.00: 25% a week over 52 weeks
    disclosure = disclose(
        D("100.00"), date(2026, 1, 1), every("25.00", 5, date(2026, 1, 8), days=7)
    )
    assert disclosure.apr_percent == D("412.40")


def test_amounts_are_normalised_to_cents() -> None:
    disclosure = disclose(
        D("5000"), date(1978, 1, 10), every("230", 24, date(1978, 2, 10), months=1)
    )
    assert str(disclosure.amount_financed) == "5000.00"
    assert str(disclosure.total_of_payments) == "5520.00"


# Unit periods


def test_ties_go_to_the_shorter_common_period() -> None:
    # two periods of a month and two of a quarter: the month
    dues = [date(2026, 2, 1), date(2026, 3, 1), date(2026, 6, 1), date(2026, 9, 1)]
    assert common_unit(date(2026, 1, 1), dues) == MONTH


def test_the_most_frequent_common_period_wins() -> None:
    dues = [date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert common_unit(date(2026, 1, 1), dues) == Unit("month", 3)


def test_without_a_common_period_the_average_is_rounded_to_a_standard_interval() -> None:
    # 44 days, then 34: average 39 days, nearest 6 weeks (42) rather than a month (30.4)
    dues = [date(2026, 2, 14), date(2026, 3, 20)]
    assert common_unit(date(2026, 1, 1), dues) == Unit("week", 6)


def test_semimonths_on_the_15th_and_the_last_day() -> None:
    dues = [date(2026, 1, 31), date(2026, 2, 15), date(2026, 2, 28), date(2026, 3, 15)]
    assert common_unit(date(2026, 1, 15), dues) == SEMIMONTH


def test_semimonths_on_the_16th_and_the_31st() -> None:
    dues = [date(2026, 8, 31), date(2026, 9, 16), date(2026, 9, 30), date(2026, 10, 16)]
    assert common_unit(date(2026, 8, 16), dues) == SEMIMONTH


def test_six_monthly_payments_use_six_months_and_name_the_nearest_unit() -> None:
    # 5% a half-year compounding half-yearly is 10.00% a year; with quarters it would be 9.88%
    payments = every("50.00", 3, date(2026, 7, 1), months=6) + one("1050.00", date(2028, 1, 1))
    disclosure = disclose(D("1000.00"), date(2026, 1, 1), payments)
    assert disclosure.apr_percent == D("10.00")
    assert (disclosure.unit_period, disclosure.unit_periods_per_year) == ("quarter", 4)


# (t, f) from the advance date


def test_quarterly_count_uses_30_day_months() -> None:
    # App. J (c)(1)(iv): 23 May to 1 Oct: 4 months back to 1 June + 9 days = 129 = 90 + 39
    assert span(date(1978, 5, 23), date(1978, 10, 1), Unit("month", 3)) == (1, Fraction(39, 90))


def test_semimonthly_count() -> None:
    # App. J (c)(1)(iii): 23 Feb to 1 Mar: 6 days; to 16 Mar: 21 days = 15 + 6
    assert span(date(1978, 2, 23), date(1978, 3, 1), SEMIMONTH) == (0, Fraction(6, 15))
    assert span(date(1978, 2, 23), date(1978, 3, 16), SEMIMONTH) == (1, Fraction(6, 15))
    assert span(date(1978, 2, 23), date(1978, 4, 1), SEMIMONTH) == (2, Fraction(6, 15))


def test_semimonthly_days_left_are_actual_days() -> None:
    # docs.md: advanced 15 July, payments on the 2nd and the 17th
    assert span(date(2026, 7, 15), date(2026, 8, 2), SEMIMONTH) == (1, Fraction(3, 15))
    assert span(date(2026, 7, 15), date(2026, 8, 17), SEMIMONTH) == (2, Fraction(2, 15))
    assert span(date(2026, 7, 15), date(2026, 9, 2), SEMIMONTH) == (3, Fraction(3, 15))


def test_monthly_count_measures_whole_months_back_then_days_over_30() -> None:
    assert span(date(1978, 2, 10), date(1978, 4, 1), MONTH) == (1, Fraction(19, 30))
    # 31 remaining days are still a fraction (not a whole month): 1 Jan to 31 Jan
    assert span(date(2026, 1, 1), date(2026, 1, 31), MONTH) == (0, Fraction(30, 30))


def test_month_end_payments_count_back_from_month_ends() -> None:
    # a schedule on the 31st: 28 February stands for the 31st and counts back to 31 Jan
    assert span(date(2026, 1, 31), date(2026, 2, 28), MONTH, 31) == (1, Fraction(0))
    assert span(date(2026, 1, 31), date(2026, 2, 28), MONTH) == (0, Fraction(28, 30))


def test_month_end_schedule_is_regular_in_the_disclosure() -> None:
    # every payment on the last day of the month, one month apart: same APR as the 10th
    end_of_month = [months_back(date(2026, 1, 31), -k, 31) for k in range(1, 12)]
    on_31st = [Payment(D("100.00"), due) for due in end_of_month]
    on_10th = every("100.00", 11, date(2026, 2, 10), months=1)
    apr_31st = disclose(D("1000.00"), date(2026, 1, 31), on_31st).apr_percent
    apr_10th = disclose(D("1000.00"), date(2026, 1, 10), on_10th).apr_percent
    assert apr_31st == apr_10th == D("19.48")


def test_year_count() -> None:
    # whole months left: over 12; otherwise the days left over 365
    assert span(date(2026, 1, 15), date(2028, 7, 15), YEAR) == (2, Fraction(6, 12))
    assert span(date(2026, 1, 15), date(2028, 7, 20), YEAR) == (2, Fraction(186, 365))


# Checks


def errors_of(amount: object, advance: object, payments: list[Payment]) -> dict[str, str]:
    with pytest.raises(CasepathError) as raised:
        disclose(amount, advance, payments)  # type: ignore[arg-type]
    return {error.path: error.message for error in raised.value.errors}


def test_every_bad_field_is_named_at_once() -> None:
    payments = [
        Payment(D("100.00"), date(2026, 1, 1)),  # not after the advance
        Payment(D("0.00"), date(2026, 2, 1)),
        Payment(D("100.001"), date(2026, 3, 1)),
        Payment(D("-5"), date(2026, 3, 1)),  # not after payments[2]
    ]
    assert errors_of(D("0"), date(2026, 1, 1), payments) == {
        "amount_financed": "must be more than 0",
        "payments[0].date": "must be after advance_date (2026-01-01)",
        "payments[1].amount": "must be more than 0",
        "payments[2].amount": "must be in whole cents",
        "payments[3].amount": "must be more than 0",
        "payments[3].date": "must be after payments[2].date (2026-03-01)",
    }


def test_no_payments_and_no_date() -> None:
    assert errors_of(D("100.00"), "2026-01-01", []) == {
        "advance_date": "must be a date",
        "payments": "must list at least one payment",
    }


def test_a_float_amount_is_refused() -> None:
    payments = [Payment(100.5, date(2026, 2, 1))]  # type: ignore[arg-type]
    errors = errors_of(D("100.00"), date(2026, 1, 1), payments)
    assert list(errors) == ["payments[0].amount"]
    assert "float" in errors["payments[0].amount"]


def test_a_date_and_time_is_not_a_date() -> None:
    from datetime import datetime

    payments = [Payment(D("110.00"), datetime(2026, 2, 1, 9, 0))]  # noqa: DTZ001
    assert errors_of(D("100.00"), date(2026, 1, 1), payments) == {
        "payments[0].date": "must be a date"
    }


def test_payments_below_the_amount_financed_are_refused() -> None:
    errors = errors_of(D("1000.00"), date(2026, 1, 1), one("900.00", date(2026, 2, 1)))
    assert errors == {
        "payments": "the payments add up to 900.00, less than the amount financed (1000.00)"
    }


def test_pennies_financed_for_dollars_repaid() -> None:
    # a single payment: i = 1000.00 / 0.01 - 1 per day, 365 days a year
    disclosure = disclose(D("0.01"), date(2026, 1, 1), one("1000.00", date(2026, 1, 2)))
    assert disclosure.apr_percent == D("3649963500.00")


@pytest.mark.parametrize(
    "name",
    [
        "(c)(1)(ii) monthly, long first period",
        "(c)(4)(i) monthly, irregular first and final payments",
    ],
)
def test_doubling_steps_and_bisection_find_the_same_root(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    financed, advance, payments, apr, _, _ = EXAMPLES[name]
    monkeypatch.setattr("casepath.core.financing.apr.SLOW_STEPS", 0)  # double from the start
    assert disclose(D(financed), advance, payments).apr_percent == D(apr)
