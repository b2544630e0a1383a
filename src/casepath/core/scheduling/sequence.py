"""The sequencing gaps between a plan's visits: phase order, healing, the practice's rules.

`gaps_for` says, for every pair of visits that must come in order, how many days apart
and why, in words the TC reads beside the proposal and in conflicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from casepath.core.scheduling.kinds import Rule
from casepath.core.scheduling.plan import Gap, Visit


def days_words(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def gaps_for(
    visits: Sequence[Visit], rules: Iterable[Rule], phase_healing: Mapping[int, int]
) -> tuple[Gap, ...]:
    """Phase order: every visit of a phase comes after every visit of the phase before
    it (phases by number, gaps in numbering skipped), at least that phase's healing days
    (`phase_healing[phase]`, the largest healing days of its procedures) later. Rules:
    each visit with a procedure of the rule's `after` kind (`Visit.kinds`) comes
    `min_days` (to `max_days`) after each visit with one of its `before` kind, for the
    same tooth when both visits name teeth, and never for a visit in an earlier phase
    than the other (the plan's phases already say which comes first)."""
    gaps: list[Gap] = []
    phases = sorted({visit.phase for visit in visits})
    for earlier, later in pairwise(phases):
        healing = max(0, phase_healing.get(earlier, 0))
        because = (
            f"phase {earlier} needs {days_words(healing)} to heal"
            if healing
            else "the phases go in order"
        )
        for before in (visit for visit in visits if visit.phase == earlier):
            for after in (visit for visit in visits if visit.phase == later):
                gaps.append(
                    Gap(
                        before.key,
                        after.key,
                        healing,
                        _sentence(after, before, healing, None, because),
                        because=because,
                    )
                )
    for rule in rules:
        for before in (visit for visit in visits if rule.before in visit.kinds):
            for after in (visit for visit in visits if rule.after in visit.kinds):
                if after.key == before.key or after.phase < before.phase:
                    continue
                if before.teeth and after.teeth and not before.teeth & after.teeth:
                    continue
                gaps.append(
                    Gap(
                        before.key,
                        after.key,
                        rule.min_days,
                        _sentence(after, before, rule.min_days, rule.max_days, rule.why),
                        rule.max_days,
                        because=rule.why,
                    )
                )
    return tuple(gaps)


def _sentence(
    after: Visit, before: Visit, min_days: int, max_days: int | None, because: str
) -> str:
    """Implant placement at least 90 days after Bone graft: the bone graft heals."""
    if min_days and max_days is not None:
        when = f"{days_words(min_days)} to {days_words(max_days)} after"
    elif max_days is not None:
        when = f"within {days_words(max_days)} after"
    elif min_days:
        when = f"at least {days_words(min_days)} after"
    else:
        when = "after"
    return f"{after.label} {when} {before.label}: {because}"
