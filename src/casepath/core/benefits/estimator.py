"""The out-of-pocket estimator: `estimate(request) -> EstimateResult`.

Procedures are estimated one after the other (priority, then date, then list
order); each consumes deductibles, maximums and frequencies before the next.
For each procedure every coverage prices it as if it were primary (price.py),
then the later coverages are coordinated with the earlier ones (cob.py), then
usage is recorded. Results come back in request order. See docs.md.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from casepath.core.benefits import notes
from casepath.core.benefits.cob import coordinate
from casepath.core.benefits.dates import benefit_year
from casepath.core.benefits.intake import check_request, pricing_contexts
from casepath.core.benefits.job import Job, jobs_in_order
from casepath.core.benefits.memo import Memo
from casepath.core.benefits.model import EstimateRequest
from casepath.core.benefits.price import Pricing, Share, price
from casepath.core.benefits.result import (
    CoverageLine,
    EstimateResult,
    ProcedureEstimate,
    Remaining,
    Totals,
)
from casepath.core.benefits.usage import Usage

_NO_COVERAGE_NOTES = (notes.NO_COVERAGE,)
_new = tuple.__new__


def _two_places(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


dollars: Memo[int, Decimal] = Memo(_two_places)
_year_names: Memo[int, str] = Memo(str)


def estimate(request: EstimateRequest) -> EstimateResult:
    as_of, birth_date, policy = check_request(request)
    contexts = pricing_contexts(request, as_of, birth_date, policy)
    jobs, ordered = jobs_in_order(request.procedures, as_of, birth_date)
    methods = [context.plan.cob for context in contexts]
    sums = [0, 0, 0]  # fee, insurance, write-off, in cents
    estimated = {job.position: _estimate_one(job, contexts, methods, sums) for job in ordered}
    estimates = tuple(estimated[position] for position in range(len(jobs)))
    latest = max((job.day for job in jobs), default=as_of)
    fee, insurance, write_off = sums
    totals = Totals(
        dollars[fee], dollars[insurance], dollars[write_off], dollars[fee - insurance - write_off]
    )
    return EstimateResult(as_of, estimates, totals, _remaining(contexts, latest))


def _estimate_one(
    job: Job, contexts: list[Pricing], methods: list[str], sums: list[int]
) -> ProcedureEstimate:
    shares = [price(context, job) for context in contexts]
    if len(shares) > 1:
        coordinate(shares, methods, job, contexts[0].policy)
    lines = []
    insurance = write_off = 0
    for ordinal, share in enumerate(shares, 1):
        insurance += share.insurance
        write_off += share.write_off
        lines.append(_settle(ordinal, contexts[ordinal - 1].usage, job, share))
    fee = job.fee * job.units
    sums[0] += fee
    sums[1] += insurance
    sums[2] += write_off
    return _new(
        ProcedureEstimate,
        (
            job.id,
            job.code,
            dollars[job.fee],
            _year_names[shares[0].year if shares else job.day.year],
            tuple(lines),
            dollars[insurance],
            dollars[write_off],
            dollars[fee - insurance - write_off],
            () if shares else _NO_COVERAGE_NOTES,
        ),
    )


def _settle(ordinal: int, usage: Usage, job: Job, share: Share) -> CoverageLine:
    """Charge the coverage's usage with its share, and write its line in dollars."""
    rules, paid, deductible = share.rules, share.insurance, share.deductible
    if deductible or paid or rules.frequencies:
        usage.record(rules, job.day, share.year, job.area, deductible, paid)
    return _new(
        CoverageLine,
        (
            ordinal,
            dollars[share.allowed],
            dollars[share.copay],
            dollars[deductible],
            share.percent,
            dollars[paid],
            dollars[share.write_off],
            tuple(share.notes),
        ),
    )


def _remaining(contexts: list[Pricing], latest: date) -> tuple[Remaining, ...]:
    """What each coverage has left in the benefit year of the latest procedure."""
    remaining = []
    for ordinal, context in enumerate(contexts, 1):
        year = benefit_year(latest, context.plan.start_month)
        maximum, deductible = context.usage.remaining(year)
        annual = None if maximum is None else dollars[maximum]
        remaining.append(Remaining(ordinal, annual, dollars[deductible]))
    return tuple(remaining)
