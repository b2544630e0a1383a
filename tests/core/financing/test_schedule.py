"""In-house plans: the documented examples, due dates, interest, checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import casepath.core.financing
from casepath.core.errors import CasepathError
from casepath.core.financing import Frequency, Schedule, Terms, amortize
from casepath.core.financing.schedule import due_dates

D = Decimal
DOCS = Path(casepath.core.financing.__file__).with_name("docs.md")
MONTHLY = Terms(
    total=D("3000.00"),
    down_payment=D("600.00"),
    apr_percent=D("9.90"),
    frequency=Frequency.MONTHLY,
    agreement_date=date(2026, 3, 2),
    first_payment_date=date(2026, 4, 2),
    number_of_payments=12,
)
INTEREST_FREE_START = Terms(
    total=D("1500.00"),
    down_payment=D("300.00"),
    apr_percent=D("18.00"),
    frequency=Frequency.MONTHLY,
    agreement_date=date(2026, 1, 20),
    first_payment_date=date(2026, 3, 1),
    payment_amount=D("200.00"),
    interest_free_days=30,
)
SEMIMONTHLY = Terms(
    total=D("2000.00"),
    down_payment=D("500.00"),
    apr_percent=D("12.00"),
    frequency=Frequency.SEMIMONTHLY,
    agreement_date=date(2026, 1, 20),
    first_payment_date=date(2026, 2, 1),
    number_of_payments=8,
)
# docs.md, "Worked examples": (number, due, payment, interest, principal, balance)
EXAMPLES = {
    "monthly": (MONTHLY, [
        (1, "2026-04-02", "210.89", "19.80", "191.09", "2208.91"),
        (2, "2026-05-02", "210.89", "18.22", "192.67", "2016.24"),
        (3, "2026-06-02", "210.89", "16.63", "194.26", "1821.98"),
        (4, "2026-07-02", "210.89", "15.03", "195.86", "1626.12"),
        (5, "2026-08-02", "210.89", "13.42", "197.47", "1428.65"),
        (6, "2026-09-02", "210.89", "11.79", "199.10", "1229.55"),
        (7, "2026-10-02", "210.89", "10.14", "200.75", "1028.80"),
        (8, "2026-11-02", "210.89", "8.49", "202.40", "826.40"),
        (9, "2026-12-02", "210.89", "6.82", "204.07", "622.33"),
        (10, "2027-01-02", "210.89", "5.13", "205.76", "416.57"),
        (11, "2027-02-02", "210.89", "3.44", "207.45", "209.12"),
        (12, "2027-03-02", "210.85", "1.73", "209.12", "0.00"),
    ], ("2400.00", "130.64", "2530.64", "9.90", "month")),
    "interest-free start": (INTEREST_FREE_START, [
        (1, "2026-03-01", "200.00", "6.00", "194.00", "1006.00"),
        (2, "2026-04-01", "200.00", "15.09", "184.91", "821.09"),
        (3, "2026-05-01", "200.00", "12.32", "187.68", "633.41"),
        (4, "2026-06-01", "200.00", "9.50", "190.50", "442.91"),
        (5, "2026-07-01", "200.00", "6.64", "193.36", "249.55"),
        (6, "2026-08-01", "200.00", "3.74", "196.26", "53.29"),
        (7, "2026-09-01", "54.09", "0.80", "53.29", "0.00"),
    ], ("1200.00", "54.09", "1254.09", "13.19", "month")),
    "semimonthly": (SEMIMONTHLY, [
        (1, "2026-02-01", "191.56", "6.00", "185.56", "1314.44"),
        (2, "2026-02-16", "191.56", "6.57", "184.99", "1129.45"),
        (3, "2026-03-01", "191.56", "5.65", "185.91", "943.54"),
        (4, "2026-03-16", "191.56", "4.72", "186.84", "756.70"),
        (5, "2026-04-01", "191.56", "3.78", "187.78", "568.92"),
        (6, "2026-04-16", "191.56", "2.84", "188.72", "380.20"),
        (7, "2026-05-01", "191.56", "1.90", "189.66", "190.54"),
        (8, "2026-05-16", "191.49", "0.95", "190.54", "0.00"),
    ], ("1500.00", "32.41", "1532.41", "12.00", "semimonth")),
}  # fmt: skip


def rows(schedule: Schedule) -> list[tuple[int, str, str, str, str, str]]:
    return [
        (i.number, str(i.due), str(i.payment), str(i.interest), str(i.principal), str(i.balance))
        for i in schedule.instalments
    ]


@pytest.mark.parametrize("name", EXAMPLES)
def test_documented_examples(name: str) -> None:
    terms, expected, (financed, charge, total, apr, unit) = EXAMPLES[name]
    schedule = amortize(terms)
    assert rows(schedule) == expected
    assert str(schedule.amount_financed) == financed
    assert str(schedule.finance_charge) == charge
    assert str(schedule.total_of_payments) == total
    assert (str(schedule.disclosure.apr_percent), schedule.disclosure.unit_period) == (apr, unit)
    assert schedule.is_consumer_credit
    assert schedule.payment == D(expected[0][2])


@pytest.mark.parametrize("name", EXAMPLES)
def test_docs_show_the_same_schedules(name: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    for number, *cells in EXAMPLES[name][1]:
        assert f"| {number} | {' | '.join(cells)} |" in text


def test_a_zero_rate_plan() -> None:
    terms = replace(MONTHLY, total=D("1200.00"), down_payment=D("200.00"), apr_percent=D(0))
    schedule = amortize(replace(terms, number_of_payments=6))
    assert [str(i.payment) for i in schedule.instalments] == ["166.67"] * 5 + ["166.65"]
    assert {i.interest for i in schedule.instalments} == {D("0.00")}
    assert str(schedule.disclosure.apr_percent) == "0.00"
    assert schedule.finance_charge == 0
    assert schedule.is_consumer_credit  # more than four instalments


def test_consumer_credit_flag() -> None:
    free = replace(MONTHLY, apr_percent=D(0))
    assert not amortize(replace(free, number_of_payments=4)).is_consumer_credit
    assert amortize(replace(free, number_of_payments=5)).is_consumer_credit
    assert amortize(replace(MONTHLY, number_of_payments=2)).is_consumer_credit  # finance charge


def test_a_single_payment_plan() -> None:
    schedule = amortize(replace(MONTHLY, number_of_payments=1))
    assert rows(schedule) == [(1, "2026-04-02", "2419.80", "19.80", "2400.00", "0.00")]
    assert str(schedule.disclosure.apr_percent) == "9.90"


def test_a_long_first_period_compounds_its_whole_months() -> None:
    # 10 January to 20 March: 2 whole months back (20 Jan) + 10 days:
    # 1200 x ((1 + 10/30 x 1%)(1.01)^2 - 1) = 1200 x 0.0235003 = 28.20
    terms = replace(MONTHLY, apr_percent=D("12.00"), agreement_date=date(2026, 1, 10))
    schedule = amortize(
        replace(terms, total=D("1200.00"), down_payment=D(0), first_payment_date=date(2026, 3, 20))
    )
    assert schedule.instalments[0].interest == D("28.20")
    assert schedule.disclosure.apr_percent == D("12.00")


def test_interest_free_days_longer_than_some_periods() -> None:
    terms = replace(
        SEMIMONTHLY, total=D("1500.00"), down_payment=D(0), interest_free_days=40
    )  # interest from 1 March 2026
    interest = [i.interest for i in amortize(terms).instalments]
    assert interest[:3] == [D("0.00"), D("0.00"), D("0.00")]  # 1 Feb, 16 Feb, 1 Mar
    assert interest[3] > 0


def test_interest_free_for_the_whole_plan_is_a_zero_rate_plan() -> None:
    schedule = amortize(replace(MONTHLY, interest_free_days=400))
    assert schedule.finance_charge == 0
    assert str(schedule.disclosure.apr_percent) == "0.00"
    assert [str(i.payment) for i in schedule.instalments] == ["200.00"] * 12


def test_payment_amount_that_divides_the_balance_exactly() -> None:
    terms = replace(MONTHLY, apr_percent=D(0), number_of_payments=None, payment_amount=D("300"))
    assert [str(i.payment) for i in amortize(terms).instalments] == ["300.00"] * 8


def test_a_payment_that_never_pays_off_is_refused() -> None:
    # the first period (1 month and 12 days) adds 25.31, the second 1.5% of 1,207.31
    terms = replace(INTEREST_FREE_START, interest_free_days=0, payment_amount=D("18.00"))
    assert errors_of(terms) == {
        "payment_amount": "18.00 does not cover a period's interest (18.11): "
        "the balance would never be paid off"
    }


def test_a_payment_that_takes_too_long_is_refused() -> None:
    terms = replace(INTEREST_FREE_START, apr_percent=D(0), payment_amount=D("1.00"))
    assert errors_of(terms) == {
        "payment_amount": "1.00 is too small: it would take more than 600 payments"
    }


def test_too_many_payments_for_the_amount_are_refused() -> None:
    terms = replace(MONTHLY, total=D("600.05"), apr_percent=D(0), number_of_payments=10)
    assert errors_of(terms) == {
        "number_of_payments": "10 payments are too many for 0.05: 5 of 0.01 pay it all"
    }


# Due dates


def dates(first: date, frequency: Frequency, count: int) -> list[str]:
    due = due_dates(first, frequency)
    return [str(due(number)) for number in range(1, count + 1)]


def test_monthly_dates_keep_the_day_or_the_month_end() -> None:
    assert dates(date(2026, 1, 31), Frequency.MONTHLY, 4) == [
        "2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30",
    ]  # fmt: skip
    assert dates(date(2027, 11, 30), Frequency.QUARTERLY, 3) == [
        "2027-11-30", "2028-02-29", "2028-05-30",
    ]  # fmt: skip


def test_weekly_and_biweekly_dates() -> None:
    assert dates(date(2026, 12, 24), Frequency.WEEKLY, 3) == [
        "2026-12-24", "2026-12-31", "2027-01-07",
    ]  # fmt: skip
    assert dates(date(2026, 12, 24), Frequency.BIWEEKLY, 2) == ["2026-12-24", "2027-01-07"]


def test_semimonthly_dates_are_two_days_15_apart() -> None:
    assert dates(date(2026, 3, 1), Frequency.SEMIMONTHLY, 4) == [
        "2026-03-01", "2026-03-16", "2026-04-01", "2026-04-16",
    ]  # fmt: skip
    assert dates(date(2026, 1, 30), Frequency.SEMIMONTHLY, 4) == [
        "2026-01-30", "2026-02-15", "2026-02-28", "2026-03-15",
    ]  # fmt: skip
    assert dates(date(2026, 1, 31), Frequency.SEMIMONTHLY, 4) == [
        "2026-01-31", "2026-02-16", "2026-02-28", "2026-03-16",
    ]  # fmt: skip
    assert dates(date(2026, 1, 20), Frequency.SEMIMONTHLY, 3) == [
        "2026-01-20", "2026-02-05", "2026-02-20",
    ]  # fmt: skip


# Checks


def errors_of(terms: Terms, apr_cap: Decimal | None = None) -> dict[str, str]:
    with pytest.raises(CasepathError) as raised:
        amortize(terms, apr_cap=apr_cap)
    return {error.path: error.message for error in raised.value.errors}


def test_every_bad_field_is_named() -> None:
    terms = Terms(
        total=D("-1"),
        down_payment=D("-5"),
        apr_percent=D("-2"),
        frequency="fortnightly",  # type: ignore[arg-type]
        agreement_date=date(2026, 3, 2),
        first_payment_date=date(2026, 3, 1),
        interest_free_days=-1,
    )
    assert errors_of(terms) == {
        "total": "must be more than 0",
        "down_payment": "must be 0 or more",
        "apr_percent": "must be 0 or more",
        "frequency": "'fortnightly' is not one of weekly, biweekly, semimonthly, "
        "monthly, quarterly",
        "first_payment_date": "must be after the agreement date (2026-03-02)",
        "number_of_payments": "give a number of payments or a payment amount",
        "interest_free_days": "must be from 0 to 3660",
    }


def test_down_payment_must_leave_something_to_finance() -> None:
    for down in ("3000.00", "3500.00"):
        assert errors_of(replace(MONTHLY, down_payment=D(down))) == {
            "down_payment": "must be less than the total (3000.00)"
        }


def test_the_rate_cap() -> None:
    assert errors_of(MONTHLY, apr_cap=D("9.89")) == {
        "apr_percent": "must be at most 9.89%, the practice's cap"
    }
    assert amortize(MONTHLY, apr_cap=D("9.90")).payment == D("210.89")


def test_a_first_payment_on_the_agreement_day_is_refused() -> None:
    terms = replace(MONTHLY, first_payment_date=MONTHLY.agreement_date)
    assert list(errors_of(terms)) == ["first_payment_date"]


def test_number_of_payments_and_payment_amount() -> None:
    both = replace(MONTHLY, payment_amount=D("100.00"))
    assert errors_of(both) == {
        "payment_amount": "give a payment amount or a number of payments, not both"
    }
    assert errors_of(replace(MONTHLY, number_of_payments=0)) == {
        "number_of_payments": "must be from 1 to 600"
    }
    assert errors_of(replace(MONTHLY, number_of_payments=True)) == {
        "number_of_payments": "must be a whole number"
    }
    by_amount = replace(MONTHLY, number_of_payments=None, payment_amount=D("0.001"))
    assert errors_of(by_amount) == {"payment_amount": "must be in whole cents"}


def test_floats_and_fractions_of_cents_are_refused() -> None:
    terms = replace(MONTHLY, total=3000.0, down_payment=D("600.005"))  # type: ignore[arg-type]
    errors = errors_of(terms)
    assert set(errors) == {"total", "down_payment"}
    assert "float" in errors["total"]
    assert errors["down_payment"] == "must be in whole cents"


def test_frequency_may_be_given_as_its_value() -> None:
    terms = replace(MONTHLY, frequency="monthly")  # type: ignore[arg-type]
    assert amortize(terms).payment == D("210.89")
