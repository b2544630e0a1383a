"""A plan's benefit design: its words, its checks and its one-line summary.

The design is the `plan` object of estimate v1 without `type`,
`benefit_year_start_month` and `allowed_fees` (the plan's own fields).
`design_errors` checks a design as stored, whoever wrote it (the form, a
preset, later the API), so that the estimator never reads a broken plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from casepath.core.catalog import CATEGORIES, CATEGORY_SPANS, category_of, is_cdt_code
from casepath.core.errors import FieldError

# The coverage grid, grouped the way carriers read benefits out on the phone.
CATEGORY_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Diagnostic and preventive", ("diagnostic", "xray", "preventive")),
    ("Basic", ("restorative", "endodontics", "periodontics", "oral_surgery", "adjunctive")),
    ("Major", ("crowns", "prosthodontics", "implants", "maxillofacial")),
    ("Orthodontics", ("orthodontics",)),
)
GRID_CATEGORIES: tuple[str, ...] = tuple(c for _, group in CATEGORY_GROUPS for c in group)
CATEGORY_LABELS: dict[str, str] = {
    "diagnostic": "Diagnostic",
    "xray": "X-rays",
    "preventive": "Preventive",
    "restorative": "Restorative",
    "endodontics": "Endodontics",
    "periodontics": "Periodontics",
    "oral_surgery": "Oral surgery",
    "adjunctive": "Adjunctive",
    "crowns": "Crowns",
    "prosthodontics": "Prosthodontics",
    "implants": "Implants",
    "maxillofacial": "Maxillofacial",
    "orthodontics": "Orthodontics",
}
LEVELS = ("individual", "family")
LIMIT_PERIODS = ("benefit_year", "lifetime")
FREQUENCY_PERIODS = ("benefit_year", "calendar_year")
AREAS = ("mouth", "tooth", "arch", "quadrant")
DOWNGRADE_CONDITIONS = ("always", "posterior", "molar")
COB_METHODS = ("standard", "non_duplication", "secondary_allowed")
SCOPE_KEYS = ("category", "codes", "code")

EN_DASH = "\u2013"
_AMOUNT = re.compile(r"^\d{1,7}\.\d{2}$")
Check = Callable[[Any], str | None]


def category_span_text(category: str) -> str:
    """'D2700-D2799' with an en dash (several spans joined by commas)."""
    return ", ".join(f"D{low:04d}{EN_DASH}D{high:04d}" for low, high in CATEGORY_SPANS[category])


# Checks of one value: None when fine, else what is wrong, in words.


def _whole(low: int, high: int | None = None) -> Check:
    def check(value: Any) -> str | None:
        if type(value) is not int or value < low or (high is not None and value > high):
            upper = f" to {high}" if high is not None else " or more"
            return f"must be a whole number, {low}{upper}"
        return None

    return check


def _one_of(allowed: tuple[str, ...]) -> Check:
    def check(value: Any) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(allowed)}"

    return check


def amount_problem(value: Any) -> str | None:
    if isinstance(value, str) and value.startswith("-"):
        return "must not be negative"
    if not isinstance(value, str) or not _AMOUNT.match(value):
        return 'must be an amount written as text with two decimals, such as "50.00"'
    return None


def code_problem(value: Any) -> str | None:
    if not is_cdt_code(value):
        return f"{value!r} is not a procedure code (D and four digits, such as D2740)"
    if category_of(value) is None:
        return f"{value} is in no category of procedures"
    return None


def _span_problem(value: Any) -> str | None:
    if isinstance(value, str) and "-" in value:
        low, _, high = value.partition("-")
        problem = code_problem(low) or code_problem(high)
        if problem is None and low > high:
            problem = f"the range {value} runs backwards; write the lower code first"
        return problem
    return code_problem(value)


def codes_problem(value: Any) -> str | None:
    """A code, a range 'D2740-D2799', or a list of codes and ranges."""
    if isinstance(value, list):
        if not value:
            return "must name at least one code"
        return next((p for p in map(_span_problem, value) if p), None)
    return _span_problem(value)


def _category_problem(value: Any) -> str | None:
    return None if value in CATEGORIES else f"{value!r} is not a category of procedures"


_SCOPE_CHECKS: dict[str, Check] = {
    "category": _category_problem,
    "codes": codes_problem,
    "code": code_problem,
}
_LIMIT_FIELDS: dict[str, tuple[bool, Check]] = {
    "amount": (True, amount_problem),
    "level": (False, _one_of(LEVELS)),
    "period": (False, _one_of(LIMIT_PERIODS)),
}


def _frequency_period_problem(value: Any) -> str | None:
    if value in FREQUENCY_PERIODS:
        return None
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {"months", "years"}:
        return _whole(1)(next(iter(value.values())))
    return 'must be "benefit_year", "calendar_year", {"months": N} or {"years": N}'


# list key: (fields, the rule must name its codes or category)
RULES: dict[str, tuple[dict[str, tuple[bool, Check]], bool]] = {
    "coverage": ({"percent": (True, _whole(0, 100))}, False),
    "deductibles": (_LIMIT_FIELDS, False),
    "maximums": (_LIMIT_FIELDS, False),
    "frequencies": (
        {
            "count": (True, _whole(1)),
            "period": (True, _frequency_period_problem),
            "area": (False, _one_of(AREAS)),
        },
        True,
    ),
    "age_limits": ({"max_age": (True, _whole(0))}, True),
    "waiting_periods": ({"months": (True, _whole(0))}, False),
    "exclusions": ({}, True),
}
DESIGN_KEYS = (*RULES, "copays", "downgrades", "cob")


def design_errors(design: Any) -> list[FieldError]:
    """Every problem of a stored design, each with the path of its field."""
    if not isinstance(design, Mapping):
        return [FieldError("benefits", "must be an object")]
    errors = [
        FieldError(key, f"unknown key {key!r}; a design has {', '.join(DESIGN_KEYS)}")
        for key in design
        if key not in DESIGN_KEYS
    ]
    for key, (fields, needs_scope) in RULES.items():
        errors += _list_errors(design.get(key, []), key, fields, needs_scope)
    errors += _copay_errors(design.get("copays", {}))
    errors += _list_errors(design.get("downgrades", []), "downgrades", _DOWNGRADE, False, False)
    if "cob" in design and (problem := _one_of(COB_METHODS)(design["cob"])):
        errors.append(FieldError("cob", problem))
    return errors


_DOWNGRADE: dict[str, tuple[bool, Check]] = {
    "from": (True, code_problem),
    "to": (True, code_problem),
    "only_if": (False, _one_of(DOWNGRADE_CONDITIONS)),
}


def _list_errors(
    rules: Any,
    path: str,
    fields: dict[str, tuple[bool, Check]],
    needs_scope: bool,
    scoped: bool = True,
) -> list[FieldError]:
    if not isinstance(rules, list):
        return [FieldError(path, "must be a list")]
    errors: list[FieldError] = []
    for index, rule in enumerate(rules):
        errors += _rule_errors(rule, f"{path}[{index}]", fields, needs_scope, scoped)
    return errors


def _rule_errors(
    rule: Any,
    path: str,
    fields: dict[str, tuple[bool, Check]],
    needs_scope: bool,
    scoped: bool,
) -> list[FieldError]:
    if not isinstance(rule, dict):
        return [FieldError(path, "must be an object")]
    known = {**fields, **({k: (False, c) for k, c in _SCOPE_CHECKS.items()} if scoped else {})}
    errors = [
        FieldError(f"{path}.{k}", "is not a key of this rule") for k in rule if k not in known
    ]
    scopes = [k for k in SCOPE_KEYS if k in rule] if scoped else []
    if len(scopes) > 1:
        errors.append(FieldError(path, f"give only one of {', '.join(scopes)}"))
    if needs_scope and not scopes:
        errors.append(FieldError(path, "must name its codes or category"))
    for key, (required, check) in known.items():
        if key not in rule:
            errors += [FieldError(f"{path}.{key}", "is required")] if required else []
        elif problem := check(rule[key]):
            errors.append(FieldError(f"{path}.{key}", problem))
    return errors


def _copay_errors(copays: Any) -> list[FieldError]:
    if not isinstance(copays, dict):
        return [FieldError("copays", "must be an object of codes and amounts")]
    errors = []
    for code, amount in copays.items():
        problem = code_problem(code) or amount_problem(amount)
        if problem:
            errors.append(FieldError(f"copays.{code}", problem))
    return errors


# The one-line summary of the plans list: "100/80/50 · $50 ded · $1,500 max".


def dollars(amount: Decimal | str) -> str:
    """$1,500 for whole dollars, $1,512.50 otherwise."""
    value = Decimal(amount)
    return f"${value:,.0f}" if value == value.to_integral_value() else f"${value:,.2f}"


def _general(rules: list[dict[str, Any]], level: str = "individual") -> dict[str, Any] | None:
    return next(
        (
            r
            for r in rules
            if not any(k in r for k in SCOPE_KEYS)
            and r.get("level", "individual") == level
            and r.get("period", "benefit_year") == "benefit_year"
        ),
        None,
    )


def _percent_of(design: Mapping[str, Any], *categories: str) -> int | None:
    by_category = {
        r["category"]: r["percent"] for r in design.get("coverage", []) if "category" in r
    }
    return next((by_category[c] for c in categories if c in by_category), None)


def design_summary(design: Mapping[str, Any]) -> str:
    percents = [
        _percent_of(design, "preventive", "diagnostic"),
        _percent_of(design, "restorative"),
        _percent_of(design, "crowns", "prosthodontics"),
    ]
    parts = [
        "/".join(EN_DASH if p is None else str(p) for p in percents)
        if any(p is not None for p in percents)
        else "No coverage entered"
    ]
    deductible = _general(design.get("deductibles", []))
    parts.append(f"{dollars(deductible['amount'])} ded" if deductible else "no ded")
    maximum = _general(design.get("maximums", []))
    parts.append(f"{dollars(maximum['amount'])} max" if maximum else "no max")
    parts += _ortho_summary(design)
    if design.get("copays"):
        parts.append(f"copays on {len(design['copays'])} codes")
    return " · ".join(parts)


def _ortho_summary(design: Mapping[str, Any]) -> list[str]:
    percent = _percent_of(design, "orthodontics")
    if not percent:
        return []
    lifetime = next(
        (m for m in design.get("maximums", []) if m.get("category") == "orthodontics"), None
    )
    return [f"ortho {percent}%" + (f" to {dollars(lifetime['amount'])}" if lifetime else "")]
