"""Why a patient declined: a short list the acceptance report can count, plus words."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from casepath.core.errors import CasepathError


class DeclineReason(StrEnum):
    COST = "cost"
    INSURANCE = "insurance"
    TIMING = "timing"
    FEAR = "fear"
    SECOND_OPINION = "second_opinion"
    NOT_A_PRIORITY = "not_a_priority"
    WANTS_ALTERNATIVE = "wants_alternative"
    NO_RESPONSE = "no_response"
    OTHER = "other"


DECLINE_LABELS: Final[dict[DeclineReason, str]] = {
    DeclineReason.COST: "The cost is too high",
    DeclineReason.INSURANCE: "Insurance does not cover enough",
    DeclineReason.TIMING: "Not the right time",
    DeclineReason.FEAR: "Worried about the treatment",
    DeclineReason.SECOND_OPINION: "Wants a second opinion",
    DeclineReason.NOT_A_PRIORITY: "Not a priority now",
    DeclineReason.WANTS_ALTERNATIVE: "Wants a different option",
    DeclineReason.NO_RESPONSE: "Did not answer",
    DeclineReason.OTHER: "Another reason",
}


def check_decline(reason: str, detail: str) -> DeclineReason:
    """The reason, when it is known and, for "other", explained in `detail`."""
    if not reason.strip():
        raise CasepathError.at("reason", "Choose why the patient declined.")
    try:
        known = DeclineReason(reason.strip())
    except ValueError:
        raise CasepathError.at(
            "reason", f"{reason!r} is not a decline reason: choose one from the list."
        ) from None
    if known == DeclineReason.OTHER and not detail.strip():
        raise CasepathError.at("detail", "Say in a few words why the patient declined.")
    return known
