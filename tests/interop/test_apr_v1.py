"""APR request JSON: series expanded to dates, strict reading with paths, and the
worked examples of Regulation Z Appendix J (c)(1)-(c)(4) through the format."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from casepath.core.errors import CasepathError
from casepath.interop.apr_v1 import read_request, respond
from casepath.interop.apr_v1.series import series_dates
from casepath.interop.estimate_v1 import parse_json

CONTRACT = Path(__file__).resolve().parents[3] / "shared" / "contracts" / "apr-v1.md"
FORMAT = "casepath.apr/1"


def request(*payments: dict[str, Any], financed: Any = "5000.00", advance: str = "1978-01-10"):
    return {
        "format": FORMAT,
        "amount_financed": financed,
        "advance_date": advance,
        "payments": list(payments),
    }


def series(amount: Any, first: str, count: int, every: str) -> dict[str, Any]:
    return {"amount": amount, "count": count, "first_date": first, "every": every}


def errors_of(data: Any) -> dict[str, str]:
    with pytest.raises(CasepathError) as caught:
        read_request(data)
    return {e.path: e.message for e in caught.value.errors}


# Due dates of a series


def test_months_keep_the_first_day_or_the_last_day_of_a_shorter_month() -> None:
    dates = series_dates(date(2026, 1, 31), 4, "month")
    assert dates == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


@pytest.mark.parametrize(
    ("every", "second", "third"),
    [
        ("week", date(2026, 3, 17), date(2026, 3, 24)),
        ("2weeks", date(2026, 3, 24), date(2026, 4, 7)),
        ("4weeks", date(2026, 4, 7), date(2026, 5, 5)),
        ("month", date(2026, 4, 10), date(2026, 5, 10)),
        ("2months", date(2026, 5, 10), date(2026, 7, 10)),
        ("quarter", date(2026, 6, 10), date(2026, 9, 10)),
        ("year", date(2027, 3, 10), date(2028, 3, 10)),
    ],
)
def test_every_period_steps_from_the_first_date(every: str, second: date, third: date) -> None:
    assert series_dates(date(2026, 3, 10), 3, every) == [date(2026, 3, 10), second, third]


def test_a_leap_day_series_falls_on_february_28_in_other_years() -> None:
    assert series_dates(date(2024, 2, 29), 2, "year") == [date(2024, 2, 29), date(2025, 2, 28)]


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        ((1978, 3, 1), [(1978, 3, 1), (1978, 3, 16), (1978, 4, 1), (1978, 4, 16)]),
        ((2026, 1, 15), [(2026, 1, 15), (2026, 1, 30), (2026, 2, 15), (2026, 2, 28)]),
        ((2026, 1, 31), [(2026, 1, 31), (2026, 2, 15), (2026, 2, 28), (2026, 3, 15)]),
        ((2026, 1, 16), [(2026, 1, 16), (2026, 2, 1), (2026, 2, 16), (2026, 3, 1)]),
        ((2026, 1, 20), [(2026, 1, 20), (2026, 2, 5), (2026, 2, 20), (2026, 3, 5)]),
    ],
)
def test_a_semimonth_pairs_two_days_fifteen_apart(
    first: tuple[int, int, int], expected: list[tuple[int, int, int]]
) -> None:
    assert series_dates(date(*first), 4, "semimonth") == [date(*d) for d in expected]


# Reading


def test_the_contract_example_reads_whole() -> None:
    # shared/ stands beside every checkout (CI clones the repository next to it).
    assert CONTRACT.exists(), f"the APR contract is missing: {CONTRACT}"
    text = CONTRACT.read_text()
    read = read_request(parse_json(text.split("```json", 2)[1].split("```")[0]))
    assert read.amount_financed == Decimal("5000.00")
    assert read.advance_date == date(1978, 1, 10)
    assert [(p.amount, p.due) for p in read.payments] == [
        (Decimal("230.00"), date(1978, 2, 10)),
        (Decimal("230.00"), date(1978, 3, 10)),
    ]


def test_forms_mix_and_payments_come_out_in_date_order() -> None:
    read = read_request(
        request(
            {"amount": "280", "date": "1980-01-10"},
            series("230.00", "1978-03-10", 22, "month"),
            {"amount": 250, "date": "1978-02-10"},
        )
    )
    dues = [p.due for p in read.payments]
    assert len(dues) == 24
    assert dues == sorted(dues)
    assert (read.payments[0].amount, read.payments[0].due) == (Decimal("250.00"), dues[0])
    assert read.payments[1].due == date(1978, 3, 10)
    assert read.payments[-2].due == date(1979, 12, 10)
    assert read.payments[-1].amount == Decimal("280.00")


def test_json_numbers_stay_exact() -> None:
    read = read_request(parse_json(json.dumps(request({"amount": 230.1, "date": "1978-02-10"}))))
    assert read.payments[0].amount == Decimal("230.10")
    assert isinstance(read.payments[0].amount, Decimal)


def test_every_problem_is_reported_with_its_path() -> None:
    data = {
        "format": "casepath.apr/2",
        "amount_financed": "0",
        "advance_date": "1978-02-30",
        "payments": [
            {"amount": "230.001", "date": "1978-03-10"},
            series(-5, "1978-04-10", 0, "fortnight"),
            {"amount": "50.00", "date": "1980-01-10", "count": 2},
            {"amount": "50.00", "when": "1980-01-10"},
            "230",
        ],
        "colour": "blue",
    }
    assert errors_of(data) == {
        "colour": "is not a field of this object (unknown key 'colour')",
        "format": "must be 'casepath.apr/1'",
        "amount_financed": "must be more than zero",
        "advance_date": "'1978-02-30' is not a real date (YYYY-MM-DD)",
        "payments[0].amount": "has more than two decimals (whole cents only)",
        "payments[1].amount": "must be more than zero",
        "payments[1].count": "must be at least 1",
        "payments[1].every": (
            "must be one of: 2months, 2weeks, 4weeks, month, quarter, semimonth, week, year"
        ),
        "payments[2]": 'give a "date", or "count", "first_date" and "every", not both',
        "payments[3].when": "is not a field of this object (unknown key 'when')",
        "payments[3].date": "is required",
        "payments[4]": "must be an object",
    }


def test_a_series_needs_all_its_fields_and_the_others_are_still_read() -> None:
    assert errors_of(request({"amount": "0", "every": "month"})) == {
        "payments[0].count": "is required",
        "payments[0].first_date": "is required",
        "payments[0].amount": "must be more than zero",
    }


def test_payments_fall_after_the_advance() -> None:
    data = request(
        {"amount": "100", "date": "1978-01-10"},
        series("100", "1978-01-09", 3, "month"),
        {"amount": "100", "date": "1978-01-11"},
    )
    assert errors_of(data) == {
        "payments[0].date": "must be after advance_date",
        "payments[1].first_date": "must be after advance_date",
    }


def test_one_payment_a_day() -> None:
    data = request(
        series("230", "1978-02-10", 24, "month"),
        {"amount": "250", "date": "1978-02-10"},
        series("100", "1978-03-10", 3, "month"),
    )
    assert errors_of(data) == {
        "payments[1].date": "falls on 1978-02-10, as payments[0] does; give one payment a day",
        "payments[2]": "falls on 1978-03-10, as payments[0] does; give one payment a day",
    }


@pytest.mark.parametrize(
    ("data", "path", "message"),
    [
        ([], "", "must be an object"),
        ({"format": FORMAT}, "amount_financed", "is required"),
        (request(), "payments", "must list at least one payment"),
        ({**request(), "payments": {}}, "payments", "must be a list"),
        (request(financed=True), "amount_financed", 'must be an amount such as "1200.00"'),
        (
            request(financed="lots"),
            "amount_financed",
            "'lots' is not an amount such as \"1200.00\"",
        ),
        (request(financed="-1"), "amount_financed", "must be more than zero"),
        (request(advance="1978-1-10"), "advance_date", "must be a date written YYYY-MM-DD"),
    ],
)
def test_bad_values(data: Any, path: str, message: str) -> None:
    assert errors_of(data)[path] == message


def test_the_number_of_payments_is_bounded() -> None:
    data = request(series("10", "1978-02-10", 600, "week"), series("10", "1978-02-11", 401, "week"))
    assert errors_of(data) == {
        "payments": "may hold at most 1000 payments in all, series counted",
    }
    many = [series("10", f"{1979 + n}-01-01", 1000, "week") for n in range(10_000)]
    assert errors_of(request(*many)) == {
        "payments": "may hold at most 1000 payments in all, series counted",
    }
    too_long = request(series("10", "1978-02-10", 1001, "week"))
    assert errors_of(too_long) == {"payments[0].count": "must be at most 1000"}


def test_a_series_past_the_year_9999_is_refused() -> None:
    data = request(series("10", "9990-01-01", 20, "year"), advance="9989-12-01")
    assert errors_of(data) == {"payments[0]": "runs past the year 9999"}


# Appendix J (c)(1)-(c)(4), through the format: JSON in, the regulation's APR out


def pay(amount: str, day: str) -> dict[str, Any]:
    return {"amount": amount, "date": day}


LAST_OF_C3II = (date(1978, 4, 11) + timedelta(days=14 * 19)).isoformat()
APPENDIX_J = {
    # example: (amount financed, advance date, payments, APR, unit period)
    "(c)(1)(i)": (
        "5000",
        "1978-01-10",
        [series("230", "1978-02-10", 24, "month")],
        "9.69",
        "month",
    ),
    "(c)(1)(ii)": (
        "6000",
        "1978-02-10",
        [series("200", "1978-04-01", 36, "month")],
        "11.82",
        "month",
    ),
    "(c)(1)(iii)": (
        "5000",
        "1978-02-23",
        [series("219.17", "1978-03-01", 24, "semimonth")],
        "10.34",
        "semimonth",
    ),
    "(c)(1)(iv)": (
        "10000",
        "1978-05-23",
        [series("385", "1978-10-01", 40, "quarter")],
        "8.97",
        "quarter",
    ),
    "(c)(1)(v)": (
        "500",
        "1978-03-20",
        [series("17.60", "1978-04-21", 30, "week")],
        "14.96",
        "week",
    ),
    "(c)(2)(i)": (
        "5000",
        "1978-01-10",
        [pay("250", "1978-02-10"), series("230", "1978-03-10", 23, "month")],
        "10.08",
        "month",
    ),
    "(c)(2)(ii)": (
        "400",
        "1978-03-18",
        [pay("39.50", "1978-04-20"), series("38.31", "1978-05-18", 11, "4weeks")],
        "28.50",
        "4weeks",
    ),
    "(c)(3)(i)": (
        "5000",
        "1978-01-10",
        [series("230", "1978-02-10", 23, "month"), pay("280", "1980-01-10")],
        "10.50",
        "month",
    ),
    "(c)(3)(ii)": (
        "200",
        "1978-04-03",
        [series("9.50", "1978-04-11", 19, "2weeks"), pay("30", LAST_OF_C3II)],
        "12.22",
        "2weeks",
    ),
    "(c)(4)(i)": (
        "5000",
        "1978-01-10",
        [
            pay("250", "1978-02-10"),
            series("230", "1978-03-10", 22, "month"),
            pay("280", "1980-01-10"),
        ],
        "10.90",
        "month",
    ),
    "(c)(4)(ii)": (
        "8000",
        "1978-01-10",
        [
            pay("449.36", "1978-03-01"),
            series("465", "1978-05-01", 18, "2months"),
            pay("200", "1981-05-01"),
        ],
        "7.30",
        "2months",
    ),
}


@pytest.mark.parametrize("example", APPENDIX_J)
def test_appendix_j_examples(example: str) -> None:
    financed, advance, payments, apr, unit = APPENDIX_J[example]
    status, body = respond(json.dumps(request(*payments, financed=financed, advance=advance)))
    assert status == 0, body
    assert (body["apr_percent"], body["unit_period"]) == (apr, unit)


def test_the_response_writes_money_with_two_decimals() -> None:
    status, body = respond(json.dumps(request(series("230", "1978-02-10", 24, "month"))))
    assert (status, body) == (
        0,
        {
            "format": FORMAT,
            "apr_percent": "9.69",
            "unit_period": "month",
            "unit_periods_per_year": 12,
            "finance_charge": "520.00",
            "total_of_payments": "5520.00",
            "amount_financed": "5000.00",
        },
    )


def test_payments_short_of_the_amount_financed_are_an_error_and_equal_ones_cost_nothing() -> None:
    short = request(series("200.00", "1978-02-10", 24, "month"))
    assert respond(json.dumps(short)) == (
        2,
        {
            "errors": [
                {
                    "path": "payments",
                    "message": (
                        "the payments add up to 4800.00, less than the amount financed (5000.00)"
                    ),
                }
            ]
        },
    )
    free = request(series("250.00", "1978-02-10", 20, "month"))
    status, body = respond(json.dumps(free))
    assert (status, body["apr_percent"], body["finance_charge"]) == (0, "0.00", "0.00")


def test_not_json_is_an_error_in_the_envelope() -> None:
    status, body = respond('{"format": ')
    assert status == 2
    [error] = body["errors"]
    assert error["path"] == ""
    assert error["message"].startswith("is not valid JSON")
