"""The named definitions a practice chooses between, and the cuts figures are shown by.

Vendors count "accepted" differently. Casepath names each way (`AcceptedMeans`), says
it in words, and shows every rate with its denominator. docs/metrics.md is the
reference; `DEFINITION_TEXT` is what the screens and the PDF print.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final


class AcceptedMeans(StrEnum):
    """When a presented case counts as accepted."""

    SAID_YES = "said_yes"
    SCHEDULED = "scheduled"
    COMPLETED = "completed"
    SAME_DAY = "same_day"


class PresenterRule(StrEnum):
    """Which TC a case belongs to in the figures and in commission."""

    FIRST = "first"
    LAST = "last"


class Cut(StrEnum):
    """What figures are broken down by."""

    TOTAL = "total"
    PRACTICE = "practice"
    MONTH = "month"
    TC = "tc"
    PROVIDER = "provider"
    CASE_TYPE = "case_type"
    CATEGORY = "category"
    SOURCE = "source"
    DECLINE_REASON = "decline_reason"


ACCEPTED_LABELS: Final[dict[AcceptedMeans, str]] = {
    AcceptedMeans.SAID_YES: "Said yes",
    AcceptedMeans.SCHEDULED: "Scheduled",
    AcceptedMeans.COMPLETED: "Completed",
    AcceptedMeans.SAME_DAY: "Same day",
}

DEFINITION_TEXT: Final[dict[AcceptedMeans, str]] = {
    AcceptedMeans.SAID_YES: (
        "A presented case is accepted once the patient said yes to all or part of it "
        "(accepted, scheduled, in progress or completed)."
    ),
    AcceptedMeans.SCHEDULED: (
        "A presented case is accepted only once its treatment is on the schedule "
        "(scheduled, in progress or completed)."
    ),
    AcceptedMeans.COMPLETED: "A presented case is accepted only once its treatment is completed.",
    AcceptedMeans.SAME_DAY: (
        "A presented case is accepted only when the patient said yes on the day it was presented."
    ),
}

PRESENTER_LABELS: Final[dict[PresenterRule, str]] = {
    PresenterRule.FIRST: "First presenter: the TC who first presented the case",
    PresenterRule.LAST: "Last presenter: the TC who presented it last",
}

CUT_LABELS: Final[dict[Cut, str]] = {
    Cut.TOTAL: "All",
    Cut.PRACTICE: "Practice",
    Cut.MONTH: "Month",
    Cut.TC: "Treatment coordinator",
    Cut.PROVIDER: "Diagnosing provider",
    Cut.CASE_TYPE: "Case type",
    Cut.CATEGORY: "Procedure category",
    Cut.SOURCE: "Referral source",
    Cut.DECLINE_REASON: "Decline reason",
}


@dataclass(frozen=True)
class Definitions:
    """The practice's choice (MetricSettings), or the dashboard's override of it."""

    accepted_means: AcceptedMeans = AcceptedMeans.SAID_YES
    presenter_rule: PresenterRule = PresenterRule.FIRST
