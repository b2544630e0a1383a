"""The ways to pay for a case option, compared side by side, in words a patient reads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import (
    Arrangement,
    ArrangementKind,
    Line,
    OptionCost,
    Policy,
    dollars,
    insurance_only,
    pay_in_full,
    percent_words,
)
from casepath.core.financing.budget import fit_budget
from casepath.core.financing.compare import compare, in_house_plan, one_month_after
from casepath.core.financing.lenders import LenderProduct
from casepath.core.financing.membership import MembershipPlan
from casepath.core.money import to_cents
from tests.core.explain.reading import Grade, give_nltk_the_cmu_dictionary, school_grade

D = Decimal
TODAY = date(2026, 11, 24)
HIGHEST_GRADE = 6

CARE_CREDIT = LenderProduct("CareCredit", "deferred", 12, D("26.99"), D(200), D(25000), D("9.5"))
CHERRY = LenderProduct("Cherry", "fixed", 24, D("9.99"), D(500), D(35000), D(6))
BIG_LOANS = LenderProduct("Big Loans", "fixed", 60, D("14.99"), D(5000), D(50000), D(5))
SMILE_CLUB = MembershipPlan(
    "Smile Club",
    yearly_fee=D(299),
    included_codes=frozenset({"D0150", "D0210"}),
    discount_percent={"crowns": D(15)},
)
POLICY = Policy(
    longest_term_months=12,
    min_down_percent=D(20),
    apr_percent=D(0),
    pay_in_full_percent=D(5),
)
CROWN_CASE = (Line("D0150", D(100)), Line("D0210", D(150)), Line("D2740", D(1750)))


@pytest.fixture(scope="module")
def grade(tmp_path_factory: pytest.TempPathFactory) -> Grade:
    """The reading-level measure of tests/core/explain, with nltk's dictionary in place."""
    give_nltk_the_cmu_dictionary(tmp_path_factory.mktemp("nltk_data"))
    return school_grade()


# Paying in full


def test_pay_in_full_takes_the_discount_off_the_patients_portion() -> None:
    full = pay_in_full(D(2000), D(5))
    assert (full.upfront, full.total_cost_to_patient, full.net_to_practice) == (
        D(1900),
        D(1900),
        D(1900),
    )
    assert (full.monthly, full.number_of_payments, full.apr_percent) == (0, 0, 0)
    assert full.words == "Pay $1,900 today. You save $100."


def test_pay_in_full_rounds_the_discount_half_up_to_the_cent() -> None:
    full = pay_in_full(D("1234.50"), D(3))  # 37.035 off -> 37.04
    assert full.upfront == D("1197.46")
    assert full.words == "Pay $1,197.46 today. You save $37.04."


def test_pay_in_full_without_a_discount() -> None:
    assert pay_in_full(D(2000), D(0)).words == "Pay $2,000 today. That is all you pay."


@pytest.mark.parametrize(
    ("portion", "rate", "path"),
    [
        (D(0), D(5), "patient_portion"),
        (D(-10), D(5), "patient_portion"),
        (D(100), D(100), "pay_in_full_percent"),
        (D(100), D(-1), "pay_in_full_percent"),
    ],
)
def test_pay_in_full_refuses(portion: Decimal, rate: Decimal, path: str) -> None:
    with pytest.raises(CasepathError) as refused:
        pay_in_full(portion, rate)
    assert refused.value.errors[0].path == path


# The policy and the option


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"apr_percent": D(19), "apr_cap": D(18)}, "apr_percent"),
        ({"apr_percent": D(-1)}, "apr_percent"),
        ({"apr_cap": D(-1)}, "apr_cap"),
        ({"longest_term_months": 121}, "longest_term_months"),
        ({"longest_term_months": -1}, "longest_term_months"),
        ({"longest_term_months": True}, "longest_term_months"),
        ({"min_down_percent": D(101)}, "min_down_percent"),
        ({"pay_in_full_percent": D(100)}, "pay_in_full_percent"),
        ({"apr_percent": 6.9}, "apr_percent"),
    ],
)
def test_a_policy_that_makes_no_sense_is_refused(fields: dict[str, object], path: str) -> None:
    with pytest.raises(CasepathError) as refused:
        Policy(**fields)  # type: ignore[arg-type]
    assert [error.path for error in refused.value.errors] == [path]


def test_a_rate_above_the_cap_says_both() -> None:
    with pytest.raises(CasepathError, match=r"rate 19% is above the practice's cap of 18\.5%"):
        Policy(apr_percent=D(19), apr_cap=D("18.50"))


def test_the_minimum_down_payment_is_rounded_half_up() -> None:
    assert Policy(min_down_percent=D(15)).min_down_payment(D("1000.10")) == D("150.02")


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"fee_total": D(0)}, "fee_total"),
        ({"fee_total": D(-1)}, "fee_total"),
        ({"insurance_total": D(-1)}, "insurance_total"),
        ({"patient_total": D(-1)}, "patient_total"),
        ({"patient_total": D("2000.01")}, "patient_total"),  # more than the fees
    ],
)
def test_an_option_that_makes_no_sense_is_refused(fields: dict[str, object], path: str) -> None:
    values: dict[str, object] = {
        "fee_total": D(2000),
        "insurance_total": D(0),
        "patient_total": D(2000),
    }
    with pytest.raises(CasepathError) as refused:
        OptionCost(**{**values, **fields})  # type: ignore[arg-type]
    assert refused.value.errors[0].path == path


def test_dollars_and_percents_as_a_patient_reads_them() -> None:
    assert dollars(D("2000.00")) == "$2,000"
    assert dollars(D("133.335")) == "$133.34"
    assert dollars(D("0.5")) == "$0.50"
    assert percent_words(D("9.90")) == "9.9%"
    assert percent_words(D("20.00")) == "20%"


def test_one_month_after_keeps_the_day_or_takes_the_months_last() -> None:
    assert one_month_after(date(2026, 11, 24)) == date(2026, 12, 24)
    assert one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)
    assert one_month_after(date(2027, 1, 31)) == date(2027, 2, 28)
    assert one_month_after(date(2028, 1, 30)) == date(2028, 2, 29)


# The comparison

INSURED = OptionCost(fee_total=D(3000), insurance_total=D(1000), patient_total=D(2000))
UNINSURED = OptionCost(
    fee_total=D(2000), insurance_total=D(0), patient_total=D(2000), lines=CROWN_CASE
)
LENDERS = (CARE_CREDIT, CHERRY, BIG_LOANS)


def figures(arrangement: Arrangement) -> tuple[object, ...]:
    a = arrangement
    return (a.kind, a.name, a.upfront, a.monthly, a.number_of_payments, a.last_payment,
            a.total_cost_to_patient, a.net_to_practice, a.apr_percent)  # fmt: skip


def test_an_insured_patients_ways_to_pay_cheapest_first() -> None:
    found = compare(INSURED, POLICY, LENDERS, [SMILE_CLUB], today=TODAY, insured=True)
    assert [figures(a) for a in found] == [
        ("pay_in_full", "Pay in full", D(1900), 0, 0, 0, D(1900), D(1900), 0),
        # 2000 / 12 = 166.666... up to 166.67; the last is 2000 - 11 x 166.67
        ("lender", "CareCredit", 0, D("166.67"), 12, D("166.63"), D(2000), D(1810), 0),
        # 20% down; 1600 / 12 = 133.333... up to 133.34; the last is 1600 - 11 x 133.34
        ("in_house", "Payment plan with us", D(400), D("133.34"), 12, D("133.26"),
         D(2000), D(2000), 0),
        # 2000 x r / (1 - (1 + r)^-24), r = 9.99% / 12: 92.2806... up to 92.29
        ("lender", "Cherry", 0, D("92.29"), 24, D("92.29"), D("2214.96"), D(1880), D("9.99")),
    ]  # fmt: skip
    # Big Loans lends from $5,000; Smile Club is for patients without insurance.
    assert found[2].words == (
        "Pay $400 today and $133.34 a month for 12 months. The last payment is $133.26. "
        "You pay $2,000 in all. There is no interest."
    )
    schedule = found[2].schedule
    assert schedule is not None
    assert schedule.terms.first_payment_date == date(2026, 12, 24)
    assert schedule.instalments[-1].due == date(2027, 11, 24)


def test_a_patient_without_insurance_also_sees_the_membership_plans() -> None:
    found = compare(UNINSURED, POLICY, LENDERS, [SMILE_CLUB], today=TODAY, insured=False)
    assert [a.name for a in found] == [
        "Smile Club",  # 1750 - 15% = 1487.50, exam and x-rays included, + 299 = 1786.50
        "Pay in full",
        "CareCredit",
        "Payment plan with us",
        "Cherry",
    ]
    assert found[0].total_cost_to_patient == D("1786.50")
    assert found[0].words == (
        "Join Smile Club for $299 a year. Your care then costs $1,487.50. "
        "Pay $1,786.50 today. You pay $1,786.50 in all."
    )


def test_an_in_house_plan_with_interest() -> None:
    policy = Policy(longest_term_months=24, min_down_percent=D(10), apr_percent=D("6.9"))
    plan = in_house_plan(D(2000), policy, today=TODAY)
    assert plan is not None
    # 1800 x r / (1 - (1 + r)^-24), r = 6.9% / 12: 80.509... up to 80.51; the last pays the rest
    assert figures(plan) == (
        "in_house", "Payment plan with us", D(200), D("80.51"), 24, D("80.49"),
        D("2132.22"), D("2132.22"), D("6.90"),
    )  # fmt: skip
    assert plan.words.endswith("You pay $2,132.22 in all. The yearly rate (APR) is 6.9%.")


def test_no_in_house_plan_when_the_practice_offers_none() -> None:
    policy = Policy(longest_term_months=0, pay_in_full_percent=D(5))
    found = compare(INSURED, policy, [], [], today=TODAY, insured=True)
    assert [a.kind for a in found] == [ArrangementKind.PAY_IN_FULL]


def test_when_insurance_pays_it_all_there_is_nothing_else() -> None:
    covered = OptionCost(fee_total=D(200), insurance_total=D(200), patient_total=D(0))
    assert compare(covered, POLICY, LENDERS, [SMILE_CLUB], today=TODAY, insured=True) == [
        insurance_only()
    ]


def test_an_in_house_down_payment_above_what_is_owed_is_refused() -> None:
    with pytest.raises(CasepathError) as refused:
        in_house_plan(D(2000), POLICY, today=TODAY, down_payment=D("2000.01"))
    assert refused.value.errors[0].path == "down_payment"


def test_an_in_house_plan_leaving_too_little_to_pay_is_not_offered() -> None:
    # 1.00 left over 12 months at 0%: eleven payments of 0.09 and a last one of 0.01.
    # 0.13 left: 0.02 a month (rounded up) would pay it all in 7, so no 12-month plan.
    assert in_house_plan(D(2000), POLICY, today=TODAY, down_payment=D("1999.00")) is not None
    assert in_house_plan(D(2000), POLICY, today=TODAY, down_payment=D("1999.87")) is None
    assert in_house_plan(D(2000), POLICY, today=TODAY, down_payment=D(2000)) is None


def test_ties_are_broken_by_what_is_paid_today() -> None:
    found = compare(INSURED, POLICY, [CARE_CREDIT], [], today=TODAY, insured=True)
    assert [(a.total_cost_to_patient, a.upfront) for a in found] == [
        (D(1900), D(1900)),
        (D(2000), D(0)),
        (D(2000), D(400)),
    ]


amounts = st.integers(min_value=1_000, max_value=4_000_000).map(lambda c: D(c) / 100)
policies = st.builds(
    Policy,
    longest_term_months=st.integers(0, 60),
    min_down_percent=st.integers(0, 90).map(D),
    apr_percent=st.integers(0, 1800).map(lambda c: D(c) / 100),
    pay_in_full_percent=st.integers(0, 10).map(D),
)


@given(amounts, policies, st.booleans())
def test_every_comparison_is_sorted_and_adds_up(
    owed: Decimal, policy: Policy, insured: bool
) -> None:
    option = OptionCost(fee_total=owed, insurance_total=D(0), patient_total=owed, lines=CROWN_CASE)
    found = compare(option, policy, LENDERS, [SMILE_CLUB], today=TODAY, insured=insured)
    keys = [(a.total_cost_to_patient, a.upfront) for a in found]
    assert keys == sorted(keys)
    for a in found:
        later = (
            a.monthly * (a.number_of_payments - 1) + a.last_payment if a.number_of_payments else 0
        )
        assert a.upfront + later == a.total_cost_to_patient
        assert a.net_to_practice <= a.total_cost_to_patient
    kinds = {a.kind for a in found}
    assert (ArrangementKind.MEMBERSHIP in kinds) == (not insured)


@given(amounts, policies, st.integers(0, 100), st.integers(0, 100))
def test_a_bigger_down_payment_never_raises_the_monthly_payment(
    owed: Decimal, policy: Policy, first: int, second: int
) -> None:
    low, high = sorted((to_cents(owed * first / 100), to_cents(owed * second / 100)))
    smaller = in_house_plan(owed, policy, today=TODAY, down_payment=low)
    bigger = in_house_plan(owed, policy, today=TODAY, down_payment=high)
    if smaller is not None and bigger is not None:
        assert bigger.monthly <= smaller.monthly
        # Each payment is rounded to the cent, so on a tiny balance (e.g. $12.74 over 34
        # months) the finance charge may move by a cent of rounding: never by more than
        # half a cent a payment.
        rounding = D("0.005") * smaller.number_of_payments
        assert bigger.total_cost_to_patient <= smaller.total_cost_to_patient + rounding


def test_a_tiny_balance_moves_by_a_cent_of_rounding_at_most() -> None:
    """The example hypothesis found: 10 % down costs a cent more than 9 % down."""
    policy = Policy(
        longest_term_months=34,
        min_down_percent=D(0),
        apr_percent=D("1.84"),
        pay_in_full_percent=D(0),
    )
    nine = in_house_plan(D("12.74"), policy, today=TODAY, down_payment=D("1.15"))
    ten = in_house_plan(D("12.74"), policy, today=TODAY, down_payment=D("1.27"))
    assert nine is not None and ten is not None
    assert ten.total_cost_to_patient - nine.total_cost_to_patient in (D("0.00"), D("0.01"))


# The words


def every_text() -> Iterator[tuple[str, str]]:
    policy = Policy(longest_term_months=24, min_down_percent=D(10), apr_percent=D("6.9"))
    monthly_club = MembershipPlan("Smile Club", monthly_fee=D("29.99"))
    for option, insured in ((INSURED, True), (UNINSURED, False)):
        for p in (POLICY, policy):
            for a in compare(option, p, LENDERS, [SMILE_CLUB, monthly_club], today=TODAY,
                             insured=insured):  # fmt: skip
                yield f"{a.kind} {a.name}", a.words
    yield "insurance only", insurance_only().words
    yield "pay in full, no discount", pay_in_full(D(2000), D(0)).words
    for budget, down in ((D(50), None), (D(100), None), (None, D(100)), (D(1), D(1999))):
        words = fit_budget(
            INSURED, policy, LENDERS, [], today=TODAY, monthly_budget=budget, down_payment=down
        ).words
        yield f"budget {budget} with {down} down", words


@pytest.mark.parametrize(("where", "text"), list(every_text()))
def test_the_words_read_at_a_sixth_grade_level(grade: Grade, where: str, text: str) -> None:
    assert grade(text, "en") <= HIGHEST_GRADE, f"{where}: {text}"
