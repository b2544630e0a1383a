"""Properties of every plan's schedule, over generated terms.

- the principal parts add up to the amount financed exactly, and the balance ends at 0.00;
- the payments add up to the total of payments, the interest to the finance charge,
  and total of payments - amount financed = finance charge; the disclosure agrees;
- every payment but the last is the regular payment, and none is 0 or less;
- a zero-rate plan has an APR of 0.00 and no interest;
- a higher rate never gives a lower payment;
- without interest-free days, a weekly, biweekly, monthly or quarterly plan
  discloses its own rate as its APR (a plan large enough for the cents not to count).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from casepath.core.financing import Frequency, Schedule, Terms, amortize

SETTINGS = settings(max_examples=80, deadline=None)
ZERO = Decimal("0.00")


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda n: Decimal(n) / 100)


@st.composite
def plans(draw: st.DrawFn, frequencies: list[Frequency] | None = None) -> Terms:
    """Terms that make a plan: 2 to 60 payments, a first period of 1 to 120 days."""
    financed = draw(cents(100_00, 30_000_00))
    down = draw(cents(0, 5000_00))
    agreement = date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    return Terms(
        total=financed + down,
        down_payment=down,
        apr_percent=draw(st.integers(0, 3600).map(lambda n: Decimal(n) / 100)),
        frequency=draw(st.sampled_from(frequencies or list(Frequency))),
        agreement_date=agreement,
        first_payment_date=agreement + timedelta(days=draw(st.integers(1, 120))),
        number_of_payments=draw(st.integers(2, 60)),
        interest_free_days=draw(st.sampled_from([0, 0, 30, 90, 180])),
    )


def check_adds_up(schedule: Schedule) -> None:
    instalments = schedule.instalments
    assert sum(i.principal for i in instalments) == schedule.amount_financed
    assert instalments[-1].balance == ZERO
    assert sum(i.payment for i in instalments) == schedule.total_of_payments
    assert sum(i.interest for i in instalments) == schedule.finance_charge
    assert schedule.total_of_payments - schedule.amount_financed == schedule.finance_charge
    disclosure = schedule.disclosure
    assert disclosure.amount_financed == schedule.amount_financed
    assert disclosure.finance_charge == schedule.finance_charge
    assert disclosure.total_of_payments == schedule.total_of_payments
    assert all(i.payment == schedule.payment for i in instalments[:-1])
    assert all(i.payment > 0 and i.interest >= 0 for i in instalments)
    assert all(i.payment.as_tuple().exponent == -2 for i in instalments)
    assert [i.number for i in instalments] == list(range(1, len(instalments) + 1))
    assert all(a.due < b.due for a, b in pairwise(instalments))


@given(plans())
@SETTINGS
def test_a_plan_adds_up(terms: Terms) -> None:
    schedule = amortize(terms)
    assert len(schedule.instalments) == terms.number_of_payments
    check_adds_up(schedule)


@given(plans(), cents(1_00, 5000_00))
@SETTINGS
def test_a_plan_paid_by_amount_adds_up(terms: Terms, share: Decimal) -> None:
    financed = terms.total - terms.down_payment
    # more than a year's interest plus 2% of the balance: paid off in at most 50 payments
    least = financed * (terms.apr_percent / 100 + Decimal("0.02"))
    payment = max(share, least.quantize(Decimal("0.01")) + 1)
    by_amount = replace(terms, number_of_payments=None, payment_amount=payment)
    schedule = amortize(by_amount)
    check_adds_up(schedule)
    assert schedule.instalments[-1].payment <= payment


@given(plans())
@SETTINGS
def test_a_zero_rate_plan(terms: Terms) -> None:
    schedule = amortize(replace(terms, apr_percent=Decimal(0)))
    assert str(schedule.disclosure.apr_percent) == "0.00"
    assert schedule.finance_charge == ZERO
    assert {i.interest for i in schedule.instalments} == {ZERO}
    assert len({i.payment for i in schedule.instalments[:-1]}) == 1
    assert schedule.instalments[-1].payment <= schedule.payment


@given(plans(), st.integers(1, 2000))
@SETTINGS
def test_a_higher_rate_never_gives_a_lower_payment(terms: Terms, more: int) -> None:
    higher = replace(terms, apr_percent=terms.apr_percent + Decimal(more) / 100)
    assert amortize(higher).payment >= amortize(terms).payment


@given(
    plans([Frequency.WEEKLY, Frequency.BIWEEKLY, Frequency.MONTHLY, Frequency.QUARTERLY]),
    cents(5000_00, 50_000_00),
    st.integers(6, 60),
)
@SETTINGS
def test_a_plan_discloses_its_own_rate(terms: Terms, financed: Decimal, count: int) -> None:
    terms = replace(
        terms,
        total=financed + terms.down_payment,
        number_of_payments=count,
        interest_free_days=0,
    )
    assert amortize(terms).disclosure.apr_percent == terms.apr_percent
