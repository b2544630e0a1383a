"""The benefit design form: the category grid, deductibles, maximums, and the rows.

`BenefitDesign` reads a stored design (`design=`) or a post (`data`), and gives
the design back with `design()` in one canonical order: categories in grid
order, then everything else, then the rules the form cannot show (kept as they
were and listed on the page), so that opening a plan and saving it unchanged
never loses or changes a rule.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms

from casepath.insurance.design import (
    CATEGORY_GROUPS,
    CATEGORY_LABELS,
    COB_METHODS,
    GRID_CATEGORIES,
    category_span_text,
)
from casepath.insurance.forms.fields import MoneyField, amount_text, form_errors, whole_number
from casepath.insurance.forms.rows import ROW_KINDS, Rows

COB_CHOICES = tuple(
    zip(
        COB_METHODS,
        ("Standard (up to the fee)", "Non-duplication (carve-out)", "Up to its own allowed fee"),
        strict=True,
    )
)
# The sections of rows: prefix, what to type there, for which plan types only.
SECTIONS = (
    ("rules", "A code or range paid at its own percent, such as D9110 at 80%.", ""),
    (
        "freq",
        "How often the plan pays: exams D0120, D0150 twice per benefit year; "
        "crowns D2740-D2799 once every 5 years for each tooth.",
        "",
    ),
    ("ages", "Paid through this age only, such as fluoride D1206, D1208 through 14.", ""),
    ("excl", "Codes the plan never pays, such as whitening D9972.", ""),
    (
        "down",
        "The plan pays for a cheaper procedure: a white filling on a back tooth "
        "(D2391) paid as a silver one (D2140).",
        "",
    ),
    ("copays", "What the patient pays for a code.", "only-copay"),
)
LIMIT_FIELDS = {
    # field: (design key, level, category, period)
    "deductible_individual": ("deductibles", "individual", None, None),
    "deductible_family": ("deductibles", "family", None, None),
    "maximum_individual": ("maximums", "individual", None, None),
    "maximum_family": ("maximums", "family", None, None),
    "ortho_lifetime_maximum": ("maximums", "individual", "orthodontics", "lifetime"),
}


class BenefitsForm(forms.Form):
    """Everything of a design that is one value: the grid, the limits, COB."""

    deductible_individual = MoneyField(label="Deductible, each person")
    deductible_family = MoneyField(label="Deductible, family")
    maximum_individual = MoneyField(label="Annual maximum, each person")
    maximum_family = MoneyField(label="Annual maximum, family")
    ortho_lifetime_maximum = MoneyField(label="Orthodontic lifetime maximum")
    other_percent = whole_number("Every other procedure percent", 0, 100)
    cob = forms.ChoiceField(
        label="Coordination of benefits (as secondary)", choices=COB_CHOICES, initial="standard"
    )
    kept = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for category in GRID_CATEGORIES:
            label = CATEGORY_LABELS[category]
            self.fields[f"{category}_percent"] = whole_number(f"{label} percent", 0, 100)
            self.fields[f"{category}_wait"] = whole_number(
                f"{label} waiting period in months", 0, 120
            )
            self.fields[f"{category}_no_deductible"] = forms.BooleanField(
                label=f"No deductible on {label.lower()}", required=False
            )

    def clean_kept(self) -> dict[str, Any]:
        kept = parse_kept(self.cleaned_data.get("kept"))
        if kept is None:
            raise forms.ValidationError("The rules kept from the stored plan were damaged.")
        return kept

    def grid(self) -> list[dict[str, Any]]:
        """The rows of the category grid, with a group heading before each group."""
        return [
            {
                "group": group if index == 0 else "",
                "label": CATEGORY_LABELS[category],
                "span": category_span_text(category),
                "percent": self[f"{category}_percent"],
                "wait": self[f"{category}_wait"],
                "no_deductible": self[f"{category}_no_deductible"],
            }
            for group, categories in CATEGORY_GROUPS
            for index, category in enumerate(categories)
        ]


class BenefitDesign:
    """The benefits form and its rows, read and written as one design."""

    def __init__(
        self, data: Mapping[str, Any] | None = None, *, design: Mapping[str, Any] | None = None
    ) -> None:
        initial, rows, kept = read_design(design or {})
        initial["kept"] = json.dumps(kept) if kept else ""
        self.form = BenefitsForm(data, initial=initial)
        self.rows: dict[str, Rows] = {
            prefix: formset(data, prefix=prefix, initial=None if data else rows[prefix])
            for prefix, formset in ROW_KINDS.items()
        }
        # What the page lists under "kept as stored": from the post when there is one.
        self.kept = kept if data is None else parse_kept(data.get("kept")) or {}

    def sections(self) -> list[dict[str, Any]]:
        return [
            {"prefix": prefix, "help": help_text, "only": only, "rows": self.rows[prefix]}
            for prefix, help_text, only in SECTIONS
        ]

    def kept_json(self) -> str:
        return json.dumps(self.kept, indent=2)

    def is_valid(self) -> bool:
        results = [self.form.is_valid(), *(rows.is_valid() for rows in self.rows.values())]
        return all(results)

    def design(self) -> dict[str, Any]:
        data = self.form.cleaned_data
        rows = {prefix: formset.rules() for prefix, formset in self.rows.items()}
        design: dict[str, Any] = {
            "coverage": _coverage(data) + rows["rules"],
            "copays": dict(rows["copays"]),
            "deductibles": _limits(data, "deductibles") + _waived(data),
            "maximums": _limits(data, "maximums"),
            "frequencies": rows["freq"],
            "age_limits": rows["ages"],
            "waiting_periods": [
                {"category": c, "months": data[f"{c}_wait"]}
                for c in GRID_CATEGORIES
                if data.get(f"{c}_wait")
            ],
            "exclusions": rows["excl"],
            "downgrades": rows["down"],
            "cob": data["cob"],
        }
        return _with_kept(design, data.get("kept") or {})

    def errors(self) -> list[tuple[str, str]]:
        """(field id, message) of every error, for the summary above the form."""
        found = form_errors(self.form)
        for formset in self.rows.values():
            found += [("", message) for message in formset.non_form_errors()]
            for form in formset.forms:
                found += form_errors(form)
        return found


def _coverage(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = [
        {"category": c, "percent": data[f"{c}_percent"]}
        for c in GRID_CATEGORIES
        if data.get(f"{c}_percent") is not None
    ]
    if data.get("other_percent") is not None:
        rules.append({"percent": data["other_percent"]})
    return rules


def _limits(data: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    rules = []
    for field, (design_key, level, category, period) in LIMIT_FIELDS.items():
        amount: Decimal | None = data.get(field)
        if design_key != key or amount is None:
            continue
        rule: dict[str, Any] = {"amount": amount_text(amount), "level": level}
        rule |= {"category": category} if category else {}
        rule |= {"period": period} if period else {}
        rules.append(rule)
    return rules


def _waived(data: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"amount": "0.00", "level": "individual", "category": c}
        for c in GRID_CATEGORIES
        if data.get(f"{c}_no_deductible")
    ]


def parse_kept(text: str | None) -> dict[str, Any] | None:
    try:
        kept = json.loads(text or "{}")
    except ValueError:
        return None
    return kept if isinstance(kept, dict) else None


def _with_kept(design: dict[str, Any], kept: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in kept.items():
        if isinstance(value, list) and isinstance(design.get(key), list):
            design[key] = design[key] + value
        else:
            design[key] = value
    return design


# Reading a stored design into the form.


def read_design(
    design: Mapping[str, Any],
) -> tuple[dict[str, Any], dict[str, list[Any]], dict[str, Any]]:
    """(benefits form initial, rows initial per prefix, rules the form cannot show)."""
    initial: dict[str, Any] = {"cob": design.get("cob", "standard")}
    rows: dict[str, list[Any]] = {prefix: [] for prefix in ROW_KINDS}
    kept: dict[str, Any] = defaultdict(list)
    for key, value in design.items():
        if key == "cob":
            continue  # the select shows it; an unknown method shows (and saves) the first
        if key == "copays" and isinstance(value, dict):
            rows["copays"] = [{"code": c, "amount": a} for c, a in value.items()]
        elif key in _READERS and isinstance(value, list):
            for rule in value:
                if not _READERS[key](rule, initial, rows):
                    kept[key].append(rule)
        else:
            kept[key] = value
    return initial, rows, dict(kept)


def _read_coverage(rule: Any, initial: dict[str, Any], rows: dict[str, list[Any]]) -> bool:
    if not isinstance(rule, dict):
        return False
    category, keys = rule.get("category"), set(rule)
    if keys == {"category", "percent"} and category in GRID_CATEGORIES:
        return _set_once(initial, f"{category}_percent", rule["percent"])
    if keys == {"percent"}:
        return _set_once(initial, "other_percent", rule["percent"])
    return _read_row("rules", rule, rows)


def _read_limit(key: str) -> Any:
    def read(rule: Any, initial: dict[str, Any], rows: dict[str, list[Any]]) -> bool:
        allowed = {"amount", "level", "period", "category"}
        if not isinstance(rule, dict) or set(rule) - allowed:
            return False
        shape = (
            key,
            rule.get("level", "individual"),
            rule.get("category"),
            rule.get("period") if rule.get("period") != "benefit_year" else None,
        )
        field = next((f for f, spec in LIMIT_FIELDS.items() if spec == shape), None)
        if field:
            return _set_once(initial, field, rule.get("amount"))
        return _read_waived(key, rule, initial, shape)

    return read


def _read_waived(key: str, rule: Any, initial: dict[str, Any], shape: tuple[Any, ...]) -> bool:
    category = rule.get("category")
    waived = shape == (key, "individual", category, None) and rule.get("amount") == "0.00"
    if key == "deductibles" and waived and category in GRID_CATEGORIES:
        return _set_once(initial, f"{category}_no_deductible", True)
    return False


def _read_wait(rule: Any, initial: dict[str, Any], rows: dict[str, list[Any]]) -> bool:
    if not isinstance(rule, dict) or set(rule) != {"category", "months"}:
        return False
    category = rule["category"]
    if category not in GRID_CATEGORIES or not rule["months"]:
        return False
    return _set_once(initial, f"{category}_wait", rule["months"])


def _row_reader(prefix: str) -> Any:
    def read(rule: Any, initial: dict[str, Any], rows: dict[str, list[Any]]) -> bool:
        return _read_row(prefix, rule, rows)

    return read


def _read_row(prefix: str, rule: Any, rows: dict[str, list[Any]]) -> bool:
    if not isinstance(rule, dict):
        return False
    row = ROW_KINDS[prefix].form.initial_from(rule)  # type: ignore[attr-defined]
    if row is not None:
        rows[prefix].append(row)
    return row is not None


def _set_once(initial: dict[str, Any], field: str, value: Any) -> bool:
    """Put a value in a field unless a rule already filled it (the second is kept aside)."""
    if field in initial:
        return False
    initial[field] = value
    return True


_READERS = {
    "coverage": _read_coverage,
    "deductibles": _read_limit("deductibles"),
    "maximums": _read_limit("maximums"),
    "waiting_periods": _read_wait,
    "frequencies": _row_reader("freq"),
    "age_limits": _row_reader("ages"),
    "exclusions": _row_reader("excl"),
    "downgrades": _row_reader("down"),
}
