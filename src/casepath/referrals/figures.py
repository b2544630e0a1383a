"""Referral figures for a date range (the referral's day: received or sent), per provider.

Referred to us, per referring provider:
- referred: inbound referrals in the range (cancelled ones too: they were sent to us);
- came: the new patient arrived for a first visit, or has a case;
- presented: that case was presented (or went further);
- accepted: that case was accepted (or went further: scheduled, in progress, completed);
- conversion: accepted of referred, in % (one decimal, half-up);
- value: the accepted option's net fees (fee less discount, never below zero) of the
  procedures the patient did not decline, for each accepted case once, in cents.

A referral's case is the one it names, else its intake's, else the patient's first case
diagnosed on or after the referral's day.

Referred out, per specialist: sent (outbound referrals in the range), completed (the
specialist finished: completed or returned), returned (the patient is back with us),
overdue (past the expected day back, still open: not completed, returned or cancelled).

Four queries whatever the number of referrals.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from django.db.models import OuterRef, QuerySet, Subquery

from casepath.cases.models import Case, PlannedProcedure
from casepath.core.cases import ACCEPTED_OR_LATER, CaseStatus, Decision
from casepath.core.intake.conversion import percent
from casepath.core.money import ZERO, to_cents
from casepath.referrals.models import Direction, Referral, ReferralStatus
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

ACCEPTED: Final = frozenset(s.value for s in ACCEPTED_OR_LATER)
PRESENTED_OR_LATER: Final = frozenset(s.value for s in CaseStatus) - {
    CaseStatus.DRAFT.value,
    CaseStatus.READY.value,
}
FINISHED: Final = frozenset({ReferralStatus.COMPLETED.value, ReferralStatus.RETURNED.value})
NOT_OPEN: Final = FINISHED | {ReferralStatus.CANCELLED.value}


@dataclass(frozen=True)
class InboundRow:
    provider_id: int | None  # None: every provider
    name: str
    referred: int
    came: int
    presented: int
    accepted: int
    value: Decimal

    @property
    def conversion(self) -> Decimal | None:
        """Accepted of referred, in % (None when nobody was referred)."""
        return percent(self.accepted, self.referred)


@dataclass(frozen=True)
class OutboundRow:
    provider_id: int | None  # None: every specialist
    name: str
    sent: int
    completed: int
    returned: int
    overdue: int


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    today: date
    inbound: tuple[InboundRow, ...]
    inbound_total: InboundRow
    outbound: tuple[OutboundRow, ...]
    outbound_total: OutboundRow


def default_range(today: date) -> tuple[date, date]:
    """The last 12 months: from the day after the same day a year ago, to today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # February 29
        year_ago = today.replace(year=today.year - 1, day=28)
    return year_ago + timedelta(days=1), today


def referral_figures(practice: Practice, *, start: date, end: date, today: date) -> Figures:
    """Referrals to us and from us between `start` and `end` (both included)."""
    referrals = scoped(Referral, practice).filter(referred_on__gte=start, referred_on__lte=end)
    inbound = _inbound(practice, referrals.filter(direction=Direction.INBOUND))
    outbound = _outbound(referrals.filter(direction=Direction.OUTBOUND), today)
    return Figures(
        start=start,
        end=end,
        today=today,
        inbound=tuple(inbound[:-1]),
        inbound_total=inbound[-1],
        outbound=tuple(outbound[:-1]),
        outbound_total=outbound[-1],
    )


@dataclass(frozen=True)
class _CaseFacts:
    came: bool
    presented: bool
    accepted: bool
    option_id: int | None


@dataclass
class _Tally:
    name: str
    referred: int = 0
    came: int = 0
    presented: int = 0
    accepted: int = 0
    accepted_cases: set[int] = field(default_factory=set)


def _inbound(practice: Practice, referrals: QuerySet[Referral]) -> list[InboundRow]:
    """Per referring provider, most referrals first, then the total row."""
    first_case = Subquery(
        scoped(Case, practice)
        .filter(patient=OuterRef("patient"), diagnosed_on__gte=OuterRef("referred_on"))
        .order_by("diagnosed_on", "pk")
        .values("pk")[:1]
    )
    rows = list(
        referrals.annotate(first_case=first_case).values_list(
            "other_provider_id",
            "other_provider__name",
            "other_provider__practice_name",
            "case_id",
            "intake__case_id",
            "first_case",
            "intake__arrived_at",
        )
    )
    case_ids = {case or intake_case or first for _, _, _, case, intake_case, first, _ in rows}
    cases = _case_facts(practice, {pk for pk in case_ids if pk})
    values = _option_values(practice, {f.option_id for f in cases.values() if f.accepted})
    tallies: dict[int | None, _Tally] = {}
    total = _Tally("All referring providers")
    for provider_id, name, practice_name, case, intake_case, first, arrived in rows:
        tally = tallies.setdefault(provider_id, _Tally(_label(name, practice_name)))
        case_id = case or intake_case or first
        facts = cases.get(case_id) if case_id else None
        came = arrived is not None or facts is not None
        presented = facts is not None and facts.presented
        accepted = facts is not None and facts.accepted
        for counted in (tally, total):
            counted.referred += 1
            counted.came += came
            counted.presented += presented
            counted.accepted += accepted
            if accepted:
                counted.accepted_cases.add(case_id)
    ordered = sorted(tallies.items(), key=lambda item: (-item[1].referred, item[1].name, item[0]))
    return [
        *(_inbound_row(pk, tally, cases, values) for pk, tally in ordered),
        _inbound_row(None, total, cases, values),
    ]


def _inbound_row(
    provider_id: int | None,
    tally: _Tally,
    cases: dict[int, _CaseFacts],
    values: dict[int, Decimal],
) -> InboundRow:
    value = sum(
        (values.get(cases[pk].option_id or 0, ZERO) for pk in tally.accepted_cases),
        ZERO,
    )
    return InboundRow(
        provider_id=provider_id,
        name=tally.name,
        referred=tally.referred,
        came=tally.came,
        presented=tally.presented,
        accepted=tally.accepted,
        value=to_cents(value),
    )


def _case_facts(practice: Practice, case_ids: set[int]) -> dict[int, _CaseFacts]:
    if not case_ids:
        return {}
    rows = (
        scoped(Case, practice)
        .filter(pk__in=case_ids)
        .values_list("pk", "status", "presented_on", "accepted_option_id")
    )
    facts = {}
    for pk, status, presented_on, option_id in rows:
        accepted = status in ACCEPTED
        presented = accepted or presented_on is not None or status in PRESENTED_OR_LATER
        facts[pk] = _CaseFacts(True, presented, accepted, option_id if accepted else None)
    return facts


def _option_values(practice: Practice, option_ids: Iterable[int | None]) -> dict[int, Decimal]:
    """Each option's net fees of the procedures not declined (full precision)."""
    wanted = {pk for pk in option_ids if pk}
    if not wanted:
        return {}
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (
        scoped(PlannedProcedure, practice)
        .filter(phase__option_id__in=wanted)
        .exclude(decision=Decision.DECLINED)
        .values_list("phase__option_id", "fee", "discount")
    )
    for option_id, fee, discount in rows:
        totals[option_id] += max(fee - discount, ZERO)
    return dict(totals)


def _outbound(referrals: QuerySet[Referral], today: date) -> list[OutboundRow]:
    """Per receiving specialist, most referrals first, then the total row."""
    rows = referrals.values_list(
        "other_provider_id",
        "other_provider__name",
        "other_provider__practice_name",
        "status",
        "expected_back_on",
    )
    counts: dict[int | None, list[int]] = {}
    names: dict[int | None, str] = {None: "All specialists"}
    for provider_id, name, practice_name, status, expected in rows:
        names.setdefault(provider_id, _label(name, practice_name))
        overdue = expected is not None and expected < today and status not in NOT_OPEN
        line = (1, status in FINISHED, status == ReferralStatus.RETURNED, overdue)
        for key in (provider_id, None):
            counted = counts.setdefault(key, [0, 0, 0, 0])
            for i, add in enumerate(line):
                counted[i] += int(add)
    counts.setdefault(None, [0, 0, 0, 0])
    ordered = sorted(
        (k for k in counts if k is not None), key=lambda k: (-counts[k][0], names[k], k)
    )
    return [OutboundRow(k, names[k], *counts[k]) for k in [*ordered, None]]


def _label(name: str, practice_name: str) -> str:
    return f"{name} ({practice_name})" if practice_name else name
