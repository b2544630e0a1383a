"""The repeated rows of a benefit design: one small form per rule.

Each row form knows how to read one stored rule (`initial_from`, None when the
rule has a shape the row cannot show) and how to write it back (`rule`). A row
whose key fields are empty is ignored, so a blank row or a removed one is
simply not saved.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from casepath.insurance.design import AREAS, DOWNGRADE_CONDITIONS, FREQUENCY_PERIODS
from casepath.insurance.forms.fields import (
    CodeField,
    CodesField,
    MoneyField,
    amount_text,
    codes_text,
    whole_number,
)


class RowForm(forms.Form):
    """One row of a rule list. Each kind of row defines `initial_from(rule)` (a stored
    rule as the row's initial data, or None when the row cannot show it) and `rule()`
    (the row as a stored rule)."""

    title: ClassVar[str] = ""
    key_fields: ClassVar[tuple[str, ...]] = ()

    def has_changed(self) -> bool:
        if not self.is_bound:
            return super().has_changed()
        return any(str(self.data.get(self.add_prefix(n), "")).strip() for n in self.key_fields)


class Rows(forms.BaseFormSet):  # type: ignore[type-arg]
    """Rows where every posted row is optional: blank ones are dropped, not refused."""

    def initial_form_count(self) -> int:
        return 0 if self.is_bound else super().initial_form_count()

    def rules(self) -> list[Any]:
        return [form.rule() for form in self.forms if form.has_changed()]


def _codes_of(rule: dict[str, Any], allowed: set[str]) -> str | None:
    """The codes text of a rule scoped by code(s) with only `allowed` other keys."""
    if set(rule) - allowed - {"code", "codes"} or not ("code" in rule) ^ ("codes" in rule):
        return None
    codes = rule.get("code", rule.get("codes"))
    return codes_text(codes) if isinstance(codes, str | list) else None


def _scoped(codes: str | list[str]) -> dict[str, Any]:
    if isinstance(codes, str) and "-" not in codes:
        return {"code": codes}
    return {"codes": codes}


class CoverageRow(RowForm):
    title = "Percent for particular codes"
    key_fields = ("codes", "percent")
    codes = CodesField(label="Codes")
    percent = whole_number("Percent", 0, 100, required=True)

    @staticmethod
    def initial_from(rule: Any) -> dict[str, Any] | None:
        codes = _codes_of(rule, {"percent"})
        return None if codes is None else {"codes": codes, "percent": rule["percent"]}

    def rule(self) -> dict[str, Any]:
        return {**_scoped(self.cleaned_data["codes"]), "percent": self.cleaned_data["percent"]}


PERIOD_CHOICES = (
    ("benefit_year", "benefit year"),
    ("calendar_year", "calendar year"),
    ("months", "N months"),
    ("years", "N years"),
)
AREA_CHOICES = (
    ("mouth", "whole mouth"),
    ("tooth", "each tooth"),
    ("arch", "each arch"),
    ("quadrant", "each quadrant"),
)


class FrequencyRow(RowForm):
    title = "Frequencies"
    key_fields = ("codes", "count")
    codes = CodesField(label="Codes")
    count = whole_number("Times", 1, required=True)
    period = forms.ChoiceField(label="Per", choices=PERIOD_CHOICES, initial="benefit_year")
    length = whole_number("N", 1)  # once every N months or years
    area = forms.ChoiceField(label="Counted for", choices=AREA_CHOICES, initial="mouth")

    @staticmethod
    def initial_from(rule: Any) -> dict[str, Any] | None:
        codes = _codes_of(rule, {"count", "period", "area"})
        period = rule.get("period")
        if codes is None or rule.get("area", "mouth") not in AREAS:
            return None
        row = {"codes": codes, "count": rule.get("count"), "area": rule.get("area", "mouth")}
        if period in FREQUENCY_PERIODS:
            return row | {"period": period}
        if isinstance(period, dict) and len(period) == 1 and set(period) <= {"months", "years"}:
            kind, length = next(iter(period.items()))
            return row | {"period": kind, "length": length}
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("period") in ("months", "years") and not data.get("length"):
            self.add_error("length", f"N: say how many {data['period']} (once every N).")
        return data

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        period = data["period"]
        rule = {
            "codes": data["codes"],
            "count": data["count"],
            "period": {period: data["length"]} if period in ("months", "years") else period,
        }
        return rule | ({"area": data["area"]} if data["area"] != "mouth" else {})


class AgeLimitRow(RowForm):
    title = "Age limits"
    key_fields = ("codes", "max_age")
    codes = CodesField(label="Codes")
    max_age = whole_number("Covered through age", 0, 120, required=True)

    @staticmethod
    def initial_from(rule: Any) -> dict[str, Any] | None:
        codes = _codes_of(rule, {"max_age"})
        return None if codes is None else {"codes": codes, "max_age": rule.get("max_age")}

    def rule(self) -> dict[str, Any]:
        return {"codes": self.cleaned_data["codes"], "max_age": self.cleaned_data["max_age"]}


class ExclusionRow(RowForm):
    title = "Exclusions"
    key_fields = ("codes",)
    codes = CodesField(label="Codes not covered")

    @staticmethod
    def initial_from(rule: Any) -> dict[str, Any] | None:
        codes = _codes_of(rule, set())
        return None if codes is None else {"codes": codes}

    def rule(self) -> dict[str, Any]:
        return {"codes": self.cleaned_data["codes"]}


CONDITION_CHOICES = (
    ("always", "always"),
    ("posterior", "on back teeth"),
    ("molar", "on molars"),
)


class DowngradeRow(RowForm):
    title = "Downgrades"
    key_fields = ("from_code", "to_code")
    from_code = CodeField(label="Paid as if", help_text="The code done, such as D2391")
    to_code = CodeField(label="were", help_text="The code the plan pays for, such as D2140")
    only_if = forms.ChoiceField(label="When", choices=CONDITION_CHOICES, initial="always")

    @staticmethod
    def initial_from(rule: Any) -> dict[str, Any] | None:
        if not isinstance(rule, dict) or set(rule) - {"from", "to", "only_if"}:
            return None
        if rule.get("only_if", "always") not in DOWNGRADE_CONDITIONS:
            return None
        return {
            "from_code": rule.get("from"),
            "to_code": rule.get("to"),
            "only_if": rule.get("only_if", "always"),
        }

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"from": data["from_code"], "to": data["to_code"], "only_if": data["only_if"]}


class CopayRow(RowForm):
    title = "Copays (flat copay and capitation plans)"
    key_fields = ("code", "amount")
    code = CodeField(label="Code")
    amount = MoneyField(label="Patient pays", required=True)

    def rule(self) -> tuple[str, str]:
        return self.cleaned_data["code"], amount_text(self.cleaned_data["amount"])


class UniqueCodesRows(Rows):
    """Rows where one code may appear once (copays, coverage by code)."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not form.has_changed() or form.errors:
                continue
            key = str(form.cleaned_data.get("code") or form.cleaned_data.get("codes"))
            if key in seen:
                raise forms.ValidationError(f"{form.title}: {key} is given twice.")
            seen.add(key)


def _rows(form: type[RowForm], base: type[Rows] = Rows) -> type[Rows]:
    return forms.formset_factory(form, formset=base, extra=1)  # type: ignore[no-any-return]


# prefix: (row form, its formset); the design key each writes is in benefits.py.
ROW_KINDS: dict[str, type[Rows]] = {
    "rules": _rows(CoverageRow, UniqueCodesRows),
    "freq": _rows(FrequencyRow),
    "ages": _rows(AgeLimitRow),
    "excl": _rows(ExclusionRow),
    "down": _rows(DowngradeRow),
    "copays": _rows(CopayRow, UniqueCodesRows),
}
