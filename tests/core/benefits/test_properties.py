"""Properties of every estimate, over generated plans, histories and procedures.

- for every procedure: insurance + write_off + patient = fee x units;
- every amount is at least 0 and in whole cents;
- a coverage never pays more than its allowed fee, nor all coverages more than the fee;
- a coverage's insurance never goes past what its maximum had left, and its
  deductibles never past what the general deductible had left;
- every zeroed or reduced amount has a note;
- an estimate depends on its request only (other options estimated before or
  after do not change it), and adding a later procedure never changes an
  earlier one's estimate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casepath.core.benefits import (
    Coverage,
    DeductibleRule,
    EstimateRequest,
    EstimateResult,
    MaximumRule,
    Patient,
    Plan,
    Procedure,
    estimate,
)
from casepath.core.benefits.dates import benefit_year
from casepath.core.catalog import in_category
from tests.core.benefits.strategies import AS_OF, coverages, procedures, requests

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ZERO = Decimal("0.00")


def _cents(amount: Decimal) -> bool:
    return amount >= 0 and amount.as_tuple().exponent == -2


@SETTINGS
@given(requests())
def test_amounts_add_up_and_are_never_negative(request: EstimateRequest) -> None:
    result = estimate(request)
    by_id = {p.id: p for p in request.procedures}
    for estimate_ in result.procedures:
        asked = by_id[estimate_.id]
        total = asked.fee * asked.units
        assert estimate_.insurance + estimate_.write_off + estimate_.patient == total
        assert all(_cents(a) for a in (estimate_.insurance, estimate_.write_off, estimate_.patient))
        assert estimate_.insurance == sum((line.insurance for line in estimate_.coverages), ZERO)
        assert estimate_.write_off == sum((line.write_off for line in estimate_.coverages), ZERO)
        for line in estimate_.coverages:
            amounts = (line.allowed, line.copay, line.deductible, line.insurance, line.write_off)
            assert all(_cents(a) for a in amounts)
            assert 0 <= line.percent <= 100
            assert line.insurance <= line.allowed * asked.units
            assert line.allowed <= asked.fee
        assert [line.ordinal for line in estimate_.coverages] == list(
            range(1, len(request.coverages) + 1)
        )
    _totals_add_up(request, result)


def _totals_add_up(request: EstimateRequest, result: EstimateResult) -> None:
    totals = result.totals
    assert totals.fee == sum((p.fee * p.units for p in request.procedures), ZERO)
    assert totals.insurance + totals.write_off + totals.patient == totals.fee
    for remaining in result.remaining:
        assert remaining.annual_max is None or _cents(remaining.annual_max)
        assert _cents(remaining.deductible)


@SETTINGS
@given(requests())
def test_every_zeroed_or_reduced_amount_has_a_note(request: EstimateRequest) -> None:
    result = estimate(request)
    by_id = {p.id: p for p in request.procedures}
    for estimate_ in result.procedures:
        units = by_id[estimate_.id].units
        fee = estimate_.fee
        if not estimate_.coverages:
            assert estimate_.notes
        for line, cover in zip(estimate_.coverages, request.coverages, strict=True):
            base = max(line.allowed - line.copay, ZERO) * units
            full = (base * line.percent / 100).quantize(Decimal("0.01"))
            if line.insurance == 0 or line.insurance < full:
                assert line.notes, (estimate_.id, line)
            network = cover.plan.type in ("ppo", "flat_copay")
            if network and line.write_off < (fee - line.allowed) * units:
                assert line.notes, (estimate_.id, line)


def _general_annual_only(plan: Plan) -> Plan:
    """The plan with one general individual annual maximum (so the test can add up)."""
    kept = tuple(m for m in plan.maximums if m.category == "orthodontics")
    general = MaximumRule(amount=Decimal("1000.00"))
    return replace(plan, maximums=(general, *kept))


@SETTINGS
@given(requests(max_coverages=1), st.integers(0, 150_000))
def test_insurance_never_passes_the_maximum_that_was_left(
    request: EstimateRequest, maximum_cents: int
) -> None:
    if not request.coverages:
        return
    cover = request.coverages[0]
    plan = _general_annual_only(cover.plan)
    amount = Decimal(maximum_cents).scaleb(-2)
    plan = replace(plan, maximums=(replace(plan.maximums[0], amount=amount), *plan.maximums[1:]))
    cover = replace(cover, plan=plan)
    result = estimate(replace(request, coverages=(cover,)))
    ortho = any(m.category == "orthodontics" for m in plan.maximums)
    governed = lambda code: not (ortho and in_category(code, "orthodontics"))  # noqa: E731
    start = plan.benefit_year_start_month
    used: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in cover.history:
        if governed(row.code) and not row.family_member:
            used[benefit_year(row.date, start)] += Decimal(row.insurance_paid)
    for row in cover.pending:
        if governed(row.code) and not row.family_member:
            used[benefit_year(row.date, start)] += Decimal(row.insurance_estimate)
    used[benefit_year(AS_OF, start)] += Decimal(cover.used_adjustments.annual_max)
    paid: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_id = {p.id: p for p in request.procedures}
    for estimate_ in result.procedures:
        if governed(estimate_.code):
            day = by_id[estimate_.id].date or request.as_of
            paid[benefit_year(day, start)] += estimate_.coverages[0].insurance
    for year, total in paid.items():
        assert total <= max(amount - used[year], ZERO), year


@SETTINGS
@given(requests(max_coverages=1), st.integers(0, 20_000))
def test_deductibles_never_pass_what_the_general_deductible_had_left(
    request: EstimateRequest, general_cents: int
) -> None:
    if not request.coverages:
        return
    cover = request.coverages[0]
    general = DeductibleRule(amount=Decimal(general_cents).scaleb(-2))
    scoped = tuple(
        d
        for d in cover.plan.deductibles
        if (d.category or d.codes or d.code) and d.level == "individual"
    )
    cover = replace(cover, plan=replace(cover.plan, deductibles=(general, *scoped)))
    result = estimate(replace(request, coverages=(cover,)))
    start = cover.plan.benefit_year_start_month
    used: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in (*cover.history, *cover.pending):
        if not row.family_member:
            used[benefit_year(row.date, start)] += Decimal(row.deductible_applied)
    used[benefit_year(AS_OF, start)] += Decimal(cover.used_adjustments.deductible)
    taken: dict[int, Decimal] = defaultdict(lambda: ZERO)
    by_id = {p.id: p for p in request.procedures}
    for estimate_ in result.procedures:
        line = estimate_.coverages[0]
        units = by_id[estimate_.id].units
        assert line.deductible <= max(line.allowed - line.copay, ZERO) * units
        day = by_id[estimate_.id].date or request.as_of
        taken[benefit_year(day, start)] += line.deductible
    for year, total in taken.items():
        assert total <= max(general.amount - used[year], ZERO), year


@SETTINGS
@given(requests(), requests())
def test_an_option_estimated_alone_is_unaffected_by_other_options(
    option: EstimateRequest, other: EstimateRequest
) -> None:
    alone = estimate(option)
    estimate(other)
    assert estimate(option) == alone
    shared = replace(other, coverages=option.coverages)
    estimate(shared)
    assert estimate(option) == alone


@SETTINGS
@given(requests(), procedures("later"), st.data())
def test_adding_a_later_procedure_never_changes_an_earlier_one(
    request: EstimateRequest, later: Procedure, data: st.DataObject
) -> None:
    last = max((p.date or request.as_of for p in request.procedures), default=request.as_of)
    on = data.draw(st.sampled_from([last, date(last.year + 1, 1, 2)]))
    added = replace(later, priority=None, date=on)
    before = estimate(request)
    after = estimate(replace(request, procedures=(*request.procedures, added)))
    assert after.procedures[: len(before.procedures)] == before.procedures


@SETTINGS
@given(st.lists(coverages(), min_size=1, max_size=3), procedures("a"))
def test_the_primary_line_does_not_depend_on_later_coverages(
    covers: list[Coverage], procedure: Procedure
) -> None:
    """Coordination changes later coverages only, except that the primary's
    write-off may give way so that payments stay within the fee."""
    request = EstimateRequest(
        as_of=AS_OF,
        patient=Patient(birth_date=date(1980, 1, 1)),
        procedures=(procedure,),
        coverages=tuple(covers),
    )
    alone = estimate(replace(request, coverages=tuple(covers[:1]))).procedures[0].coverages[0]
    together = estimate(request).procedures[0].coverages[0]
    assert together.insurance == alone.insurance
    assert together.deductible == alone.deductible
    assert together.write_off <= alone.write_off
