"""figures(): every figure in KEYS order, every rate with its documented numerator and
denominator, and the definition choosing only the acceptance figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import MappingProxyType

from hypothesis import given

from casepath.core.metrics import (
    KEYS,
    AcceptedMeans,
    CaseLine,
    Definitions,
    Group,
    Measures,
    PresenterRule,
    Report,
    Tally,
    Unit,
    average,
    figures,
    percent,
)
from tests.core.metrics.strategies import definitions, measures

CHANGED_BY_MEANS = {
    "accepted_cases",
    "accepted_usd",
    "case_acceptance",
    "patient_acceptance",
    "procedure_acceptance",
    "dollar_acceptance",
    "followup_conversion",
}


def parts(m: Measures, d: Definitions) -> dict[str, tuple[object, object]]:
    """The documented numerator and denominator of every rate (docs/metrics.md)."""
    yes, p = m.accepted[d.accepted_means], m.presented
    return {
        "case_acceptance": (yes.cases, p.cases),
        "patient_acceptance": (yes.patients, p.patients),
        "procedure_acceptance": (yes.procedures, p.procedures),
        "dollar_acceptance": (yes.usd, p.usd),
        "same_day_acceptance": (m.accepted[AcceptedMeans.SAME_DAY].cases, p.cases),
        "days_to_acceptance": (m.days_to_accept_total, m.days_to_accept_cases),
        "collected_usd": (m.collected_usd, m.accepted[AcceptedMeans.SAID_YES].usd),
        "followup_conversion": (m.followed_up_accepted[d.accepted_means], m.followed_up_cases),
        "declined": (m.declined_cases, p.cases),
        "predeterminations_returned": (m.predeterminations_returned, m.predeterminations_sent),
        "financing_approved": (m.financing_approved, m.financing_applications),
    }


def amounts(m: Measures, d: Definitions) -> dict[str, object]:
    """The figures shown as plain counts and dollars."""
    yes, p = m.accepted[d.accepted_means], m.presented
    return {
        "diagnosed_cases": m.diagnosed_cases,
        "diagnosed_usd": m.diagnosed_usd,
        "presented_cases": p.cases,
        "presented_patients": p.patients,
        "presented_procedures": p.procedures,
        "presented_usd": p.usd,
        "accepted_cases": yes.cases,
        "accepted_usd": yes.usd,
        "scheduled_usd": m.accepted[AcceptedMeans.SCHEDULED].usd,
        "completed_usd": m.accepted[AcceptedMeans.COMPLETED].usd,
    }


@given(measures, definitions)
def test_every_rate_has_its_documented_numerator_and_denominator(
    m: Measures, d: Definitions
) -> None:
    shown = {f.key: f for f in figures(m, d)}
    for key, (numerator, denominator) in parts(m, d).items():
        figure = shown[key]
        assert (figure.numerator, figure.denominator) == (numerator, denominator), key
        assert figure.is_rate and figure.denominator_label
        if key == "days_to_acceptance":
            assert figure.unit is Unit.DAYS
            assert figure.value == average(numerator, denominator)  # type: ignore[arg-type]
        else:
            assert figure.unit is Unit.PERCENT
            assert figure.value == percent(numerator, denominator)  # type: ignore[arg-type]


@given(measures, definitions)
def test_every_amount_is_its_sum(m: Measures, d: Definitions) -> None:
    shown = {f.key: f for f in figures(m, d)}
    for key, value in amounts(m, d).items():
        assert shown[key].value == value, key
        assert not shown[key].is_rate and shown[key].numerator is None
    assert set(parts(m, d)) | set(amounts(m, d)) == set(KEYS)


@given(measures, definitions)
def test_figures_come_in_keys_order(m: Measures, d: Definitions) -> None:
    assert tuple(f.key for f in figures(m, d)) == KEYS


@given(measures)
def test_accepted_means_changes_only_the_acceptance_figures(m: Measures) -> None:
    said_yes = {f.key: f for f in figures(m, Definitions())}
    for means in AcceptedMeans:
        other = {f.key: f for f in figures(m, Definitions(accepted_means=means))}
        assert {k for k in KEYS if other[k] != said_yes[k]} <= CHANGED_BY_MEANS


@given(measures)
def test_the_presenter_rule_changes_no_figure_of_a_group(m: Measures) -> None:
    """It decides which group a case is in (the TC breakdown), not a group's figures."""
    for means in AcceptedMeans:
        first = figures(m, Definitions(means, PresenterRule.FIRST))
        assert figures(m, Definitions(means, PresenterRule.LAST)) == first


def test_nothing_to_show_gives_zeros_and_no_rates() -> None:
    shown = {f.key: f.value for f in figures(Measures(), Definitions())}
    assert all(shown[k] is None for k in parts(Measures(), Definitions()))
    assert all(shown[k] == 0 for k in amounts(Measures(), Definitions()))


def test_denominators_read_in_words_singular_and_plural() -> None:
    one = Measures(
        presented=Tally(1, 1, 1, Decimal("1200.00")),
        followed_up_cases=1,
        days_to_accept_cases=1,
        financing_applications=1,
    )
    two = Measures(presented=Tally(2, 2, 2, Decimal("1234567.50")), days_to_accept_cases=2)
    first = {f.key: f.denominator_label for f in figures(one, Definitions())}
    second = {f.key: f.denominator_label for f in figures(two, Definitions())}
    assert first["case_acceptance"] == "of 1 case presented"
    assert first["patient_acceptance"] == "of 1 patient presented to"
    assert first["procedure_acceptance"] == "of 1 procedure presented"
    assert first["days_to_acceptance"] == "over 1 case said yes to"
    assert first["followup_conversion"] == "of 1 case followed up"
    assert first["financing_approved"] == "of 1 application"
    assert second["case_acceptance"] == "of 2 cases presented"
    assert second["dollar_acceptance"] == "of $1,234,567.50 presented"
    assert second["days_to_acceptance"] == "over 2 cases said yes to"


def test_a_report_and_a_group_show_the_figures_of_their_sums() -> None:
    m = Measures(
        presented=Tally(10, 9, 16, Decimal("16000.00")),
        accepted=MappingProxyType(
            {means: Tally(6, 6, 10, Decimal("8450.00")) for means in AcceptedMeans}
        ),
    )
    d = Definitions(AcceptedMeans.SCHEDULED, PresenterRule.LAST)
    report = Report(date(2026, 10, 1), date(2026, 11, 30), d, m)
    assert report.figures() == figures(m, d)
    assert Group("1", "Tess", m).figures(d) == figures(m, d)


def test_a_case_line_shows_its_acceptance() -> None:
    line = CaseLine(
        case_id=3,
        patient="Metric, P3",
        title="C3",
        tc="Tina Tester",
        presented_on=date(2026, 10, 3),
        status="accepted",
        presented_usd=Decimal("4500.00"),
        accepted_usd=Decimal("2100.00"),
    )
    assert line.acceptance == Decimal("46.7")
