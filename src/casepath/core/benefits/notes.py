"""The words of the estimate: every zeroed or reduced amount says why.

Notes are written for the patient across the desk, in plain language; amounts
are dollars with cents ("$1,250.00"), dates are ISO (2026-01-01).
"""

from __future__ import annotations

from datetime import date

from casepath.core.benefits.memo import Memo

EXCLUDED = "Excluded by this plan; $0 benefit"
CAPITATION = "Capitation plan: you pay the copay; the plan pays the office separately"
NOTHING_LEFT = "$0 benefit: nothing is left for the plan to pay"
NO_COVERAGE = "No insurance on file: the full fee is yours"
NO_WRITE_OFF_MAX = "No network discount: the plan's maximum was already used up"
NO_WRITE_OFF_LIMIT = "No network discount when a frequency or age limit stops the benefit"
FIRST_PLAN_DISCOUNT = "Only the first plan's network discount applies"


def _dollars_text(cents: int) -> str:
    return f"${cents // 100:,}.{cents % 100:02d}"


_usd: Memo[int, str] = Memo(_dollars_text)


def usd(cents: int) -> str:
    """Dollars and cents as a patient reads them: 125000 -> "$1,250.00"."""
    return _usd[cents]


def _deductible_or_maximum(key: tuple[str, int]) -> str:
    words, cents = key
    if words == "deductible":
        return f"Deductible {usd(cents)} applied"
    words = words[0].upper() + words[1:]
    if cents:
        return f"{words} reached; {usd(cents)} was left"
    return f"{words} already used up; $0 benefit"


_said: Memo[tuple[str, int], str] = Memo(_deductible_or_maximum)


def deductible(cents: int) -> str:
    return _said["deductible", cents]


def maximum(words: str, left: int) -> str:
    """`words` name the maximum ("annual maximum"); `left` is what remained."""
    return _said[words, left]


def not_in_force(effective_date: date) -> str:
    return f"Coverage starts {effective_date.isoformat()}; $0 benefit before then"


def not_covered(at_zero_percent: bool) -> str:
    return "Not covered by this plan (0%)" if at_zero_percent else "Not covered by this plan"


def no_allowed_fee(code: str) -> str:
    return f"No allowed fee for {code} in this plan; $0 benefit"


def waiting(words: str, ends: date, *, active: bool) -> str:
    note = f"Waiting period for {words} ends {ends.isoformat()}"
    return f"{note}; $0 benefit before then" if active else note


def over_age(max_age: int, age: int) -> str:
    return f"Covered through age {max_age}; $0 benefit at age {age}"


def frequency(words: str) -> str:
    return f"Frequency limit reached: {words}; $0 benefit"


def downgraded(code: str, allowance: int) -> str:
    return f"Downgraded to the allowance of {code} ({usd(allowance)})"


def coordinated(method: str, normal: int, paid: int, insurance: int) -> str:
    if method == "non_duplication":
        return (
            f"Non-duplication: {usd(normal)} as a primary plan, less {usd(paid)} "
            f"paid by earlier plans"
        )
    if method == "secondary_allowed":
        return (
            f"Limited to this plan's allowed fee less {usd(paid)} paid by earlier plans "
            f"({usd(insurance)} instead of {usd(normal)})"
        )
    return f"Coordinated with earlier plans: {usd(insurance)} instead of {usd(normal)}"


def write_off_reduced(cut: int) -> str:
    return f"Network discount reduced by {usd(cut)} so that payments do not exceed the fee"


def later_discount(already: int) -> str:
    return f"Network discount less the {usd(already)} that earlier plans already took"
