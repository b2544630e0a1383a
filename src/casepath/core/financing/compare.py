"""Every way to pay for one case option, side by side, cheapest for the patient first.

The arrangements, when they apply:

- insurance pays it all, when the patient owes nothing (and then nothing else);
- pay in full, with the practice's discount;
- the in-house plan: the minimum down payment today, then monthly payments over
  the practice's longest term at its rate, the first one a month after today
  (schedule.amortize makes the schedule and its Truth-in-Lending disclosure);
- each lender product whose limits hold the patient's portion;
- each membership plan, for a patient without insurance only.

Sorted by total cost to the patient, then by what is paid today.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from casepath.core.errors import CasepathError
from casepath.core.financing.arrangements import (
    Arrangement,
    ArrangementKind,
    OptionCost,
    Policy,
    by_cost,
    dollars,
    insurance_only,
    pay_in_full,
    payment_words,
    percent_words,
    sentences,
)
from casepath.core.financing.lenders import LenderProduct, lender_arrangement, lender_offer
from casepath.core.financing.membership import (
    MembershipPlan,
    membership_arrangement,
    membership_cost,
)
from casepath.core.financing.schedule import Frequency, Schedule, Terms, amortize
from casepath.core.money import CENT, to_cents

IN_HOUSE_NAME = "Payment plan with us"


def compare(
    option: OptionCost,
    policy: Policy,
    lenders: Sequence[LenderProduct],
    memberships: Sequence[MembershipPlan],
    *,
    today: date,
    insured: bool,
) -> list[Arrangement]:
    """The arrangements that apply to `option` (see the module's docstring)."""
    owed = to_cents(option.patient_total)
    if not owed:
        return [insurance_only()] if insured else []
    found = [pay_in_full(owed, policy.pay_in_full_percent)]
    plan = in_house_plan(owed, policy, today=today)
    if plan is not None:
        found.append(plan)
    for product in lenders:
        offer = lender_offer(product, owed)
        if offer is not None:
            found.append(lender_arrangement(offer))
    if not insured and option.lines:
        for membership in memberships:
            quote = membership_cost(membership, option.lines)
            found.append(membership_arrangement(quote))
    return by_cost(found)


def in_house_plan(
    owed: Decimal,
    policy: Policy,
    *,
    today: date,
    down_payment: Decimal | None = None,
    months: int | None = None,
) -> Arrangement | None:
    """The practice's plan for `owed`: `down_payment` (the policy's minimum when
    None) today, then `months` (the longest term when None) monthly payments.

    None when the practice offers no plan, or when so little is left to pay
    that `months` payments, rounded up to the cent, cannot all be made.
    """
    count = policy.longest_term_months if months is None else months
    down = policy.min_down_payment(owed) if down_payment is None else down_payment
    if down > owed:
        raise CasepathError.at(
            "down_payment",
            f"The down payment ({dollars(down)}) is more than the patient owes ({dollars(owed)}).",
        )
    if not count or owed - down < CENT * count:
        return None
    terms = Terms(
        total=owed,
        down_payment=down,
        apr_percent=policy.apr_percent,
        frequency=Frequency.MONTHLY,
        agreement_date=today,
        first_payment_date=one_month_after(today),
        number_of_payments=count,
    )
    try:
        schedule = amortize(terms, apr_cap=policy.apr_cap)
    except CasepathError as error:
        if [e.path for e in error.errors] == ["number_of_payments"]:
            return None  # so little is left that fewer payments, rounded up, pay it all
        raise
    return plan_arrangement(schedule)


def plan_arrangement(schedule: Schedule) -> Arrangement:
    down = schedule.terms.down_payment
    total = down + schedule.total_of_payments
    count = len(schedule.instalments)
    last = schedule.instalments[-1].payment
    apr = schedule.disclosure.apr_percent
    rate = f"The yearly rate (APR) is {percent_words(apr)}." if apr else "There is no interest."
    return Arrangement(
        kind=ArrangementKind.IN_HOUSE,
        name=IN_HOUSE_NAME,
        upfront=down,
        monthly=schedule.payment,
        number_of_payments=count,
        total_cost_to_patient=total,
        net_to_practice=total,
        apr_percent=apr,
        words=sentences(payment_words(down, schedule.payment, count, total, last), rate),
        last_payment=last,
        schedule=schedule,
    )


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day (January 31 -> February 28)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
