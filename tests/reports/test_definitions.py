"""Switching definitions changes exactly the figures docs/metrics.md says, and nothing
else, on the dataset of test_metrics_dataset.py.

- "accepted means" changes accepted cases and dollars, the four acceptance rates and
  follow-up conversion; never the sums, same-day, days to acceptance, scheduled,
  completed, collected, declined or the activity counts.
- the presenter rule changes the TC breakdown (and a TC filter, and the TC named on
  each case line); never the total or another breakdown.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from casepath.core.metrics import KEYS, AcceptedMeans, Cut, Definitions, PresenterRule
from tests.conftest import World
from tests.reports.test_metrics_dataset import Dataset, build_dataset, report, rows

DOC = Path(__file__).resolve().parents[2] / "docs" / "metrics.md"
CHANGED_BY_MEANS = {
    "accepted_cases",
    "accepted_usd",
    "case_acceptance",
    "patient_acceptance",
    "procedure_acceptance",
    "dollar_acceptance",
    "followup_conversion",
}

# Totals under each definition (said yes: 6 cases, $8450, 6 of 9 patients, 10 of 16
# procedures, 2 of 3 followed-up cases):
#   scheduled: C1 C2 C9 C11   4 cases, 4 patients, 6 procedures, $5050; followed up: C2
#   completed: C2 C11         2 cases, 2 patients, 3 procedures, $1850; followed up: C2
#   same day:  C1 C7 C11      3 cases, 3 patients, 5 procedures, $4500; followed up: none
UNDER = {
    AcceptedMeans.SCHEDULED: (4, "5050.00", "40.0", "44.4", "37.5", "31.6", "33.3"),
    AcceptedMeans.COMPLETED: (2, "1850.00", "20.0", "22.2", "18.8", "11.6", "33.3"),
    AcceptedMeans.SAME_DAY: (3, "4500.00", "30.0", "33.3", "31.3", "28.1", "0.0"),
}  # 18.75 -> 18.8, 31.25 -> 31.3, 11.5625 -> 11.6: half-up


@pytest.fixture
def data(world: World) -> Dataset:
    return build_dataset(world)


def shown(data: Dataset, definitions: Definitions) -> dict[str, object]:
    return {f.key: f.value for f in report(data, definitions).figures()}


@pytest.mark.parametrize("means", list(UNDER))
def test_accepted_means_changes_only_the_acceptance_figures(
    data: Dataset, means: AcceptedMeans
) -> None:
    said_yes = shown(data, Definitions())
    other = shown(data, Definitions(accepted_means=means))
    changed = {k for k in KEYS if other[k] != said_yes[k]}
    assert changed == CHANGED_BY_MEANS
    cases, usd, *rates = UNDER[means]
    assert other["accepted_cases"] == cases
    assert other["accepted_usd"] == Decimal(usd)
    assert [
        other[k]
        for k in (
            "case_acceptance",
            "patient_acceptance",
            "procedure_acceptance",
            "dollar_acceptance",
            "followup_conversion",
        )
    ] == [Decimal(r) for r in rates]


def test_the_definition_changes_no_sum(data: Dataset) -> None:
    """The database adds up every definition at once; the choice only picks figures."""
    reports = [report(data, Definitions(accepted_means=m)) for m in AcceptedMeans]
    assert all(r.total == reports[0].total for r in reports)
    assert all(r.breakdowns == reports[0].breakdowns for r in reports)


def test_the_definition_changes_a_groups_figures_too(data: Dataset) -> None:
    """Tina (first presenter): C3 and C7 said yes, neither scheduled; C7 same day."""
    r = report(data)
    tina = {g.key: g for g in r.breakdowns[Cut.TC]}[str(data.tina.pk)]

    def acceptance(means: AcceptedMeans) -> object:
        figures = tina.figures(Definitions(accepted_means=means))
        return {f.key: f.value for f in figures}["case_acceptance"]

    assert [acceptance(m) for m in AcceptedMeans] == [
        Decimal("66.7"),
        Decimal("0.0"),
        Decimal("0.0"),
        Decimal("33.3"),
    ]


def test_the_presenter_rule_changes_only_the_tc_breakdown(data: Dataset) -> None:
    first = report(data, Definitions(presenter_rule=PresenterRule.FIRST))
    last = report(data, Definitions(presenter_rule=PresenterRule.LAST))
    assert first.total == last.total
    assert first.figures() == last.figures()
    for cut in Cut:
        if cut not in (Cut.TOTAL, Cut.TC):
            assert first.breakdowns[cut] == last.breakdowns[cut], cut
    moved = {
        key: (a[2], b[2])
        for key, a in rows(first, Cut.TC).items()
        for b in [rows(last, Cut.TC)[key]]
    }
    # presented cases per TC: C2 and C6 go from Tess to Tina, C5 from Tina to Tess
    assert moved == {
        str(data.tess.pk): (5, 4),
        str(data.tina.pk): (3, 4),
        str(data.olga.pk): (2, 2),
    }


def test_the_reference_names_every_figure_and_definition() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [k for k in KEYS if f"`{k}`" not in text]
    missing += [m.value for m in AcceptedMeans if f"`{m.value}`" not in text]
    missing += [r.value for r in PresenterRule if f"`{r.value}`" not in text]
    missing += [c.value for c in Cut if f"`{c.value}`" not in text]
    assert missing == []
