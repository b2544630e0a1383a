"""Fields the insurance forms share: money as typed on the phone, codes, rows."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

from casepath.insurance.design import code_problem, codes_problem

_DASHES = re.compile("\\s*[-\u2013\u2014]\\s*")  # hyphen, en dash, em dash
_SEPARATORS = re.compile(r"[,;\s]+")


class MoneyField(forms.DecimalField):
    """An amount of dollars; '$1,500' is read as 1500.00. Never negative."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(min_value=Decimal("0"), max_digits=9, decimal_places=2, **kwargs)
        label = self.label or "Amount"
        self.error_messages |= {
            "required": f"{label}: enter an amount.",
            "min_value": f"{label}: an amount cannot be negative.",
            "invalid": f"{label}: enter an amount in dollars, such as 50 or 1,500.00.",
            "max_decimal_places": f"{label}: give at most two decimals (cents).",
            "max_digits": f"{label}: this amount is too large.",
            "max_whole_digits": f"{label}: this amount is too large.",
        }

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.replace("$", "").replace(",", "").strip()
        return super().to_python(value)  # type: ignore[no-any-return]

    def clean(self, value: Any) -> Decimal | None:
        amount = super().clean(value)  # at most two decimals: never rounded silently
        return amount.quantize(Decimal("0.01")) if amount is not None else None


def amount_text(amount: Decimal) -> str:
    """The stored form of an amount: '1500.00'."""
    return f"{amount.quantize(Decimal('0.01'))}"


def whole_number(label: str, low: int, high: int | None = None, **kwargs: Any) -> forms.Field:
    """An optional whole number with a message that names the field and its bounds."""
    bounds = f"{low} to {high}" if high is not None else f"{low} or more"
    attrs = {"inputmode": "numeric", "min": low} | ({"max": high} if high is not None else {})
    field = forms.IntegerField(
        label=label,
        required=kwargs.pop("required", False),
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs=attrs),
        **kwargs,
    )
    message = f"{label}: enter a whole number, {bounds}."
    for key in ("invalid", "min_value", "max_value", "required"):
        field.error_messages[key] = message
    return field


def parse_codes(text: str) -> str | list[str]:
    """'d0120, D0150' -> ['D0120', 'D0150']; 'D2740 - D2799' (or a dash) -> 'D2740-D2799'."""
    cleaned = _DASHES.sub("-", text.upper().strip())
    parts = [part for part in _SEPARATORS.split(cleaned) if part]
    return parts[0] if len(parts) == 1 else parts


def codes_text(codes: str | list[str]) -> str:
    return ", ".join(codes) if isinstance(codes, list) else codes


class CodesField(forms.CharField):
    """One code, a range D2740-D2799, or several separated by commas."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "D1110, a range D2740-D2799, or several with commas")
        super().__init__(max_length=400, **kwargs)
        self.error_messages["required"] = f"{self.label}: give at least one code."

    def clean(self, value: Any) -> str | list[str] | None:
        text = super().clean(value)
        if not text:
            return None
        codes = parse_codes(text)
        problem = codes_problem(codes)
        if problem:
            raise forms.ValidationError(f"{self.label}: {problem}.")
        return codes


class CodeField(forms.CharField):
    """Exactly one procedure code."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, **kwargs)
        self.error_messages["required"] = f"{self.label}: give a procedure code."

    def clean(self, value: Any) -> str | None:
        code = (super().clean(value) or "").strip().upper()
        if not code:
            return None
        problem = code_problem(code)
        if problem:
            raise forms.ValidationError(f"{self.label}: {problem}.")
        return code


def form_errors(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(field id, message naming the field) for each error of a form, in field order."""
    found = []
    for name, messages in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label else ""
        for message in messages:
            named = message if not label or message.startswith(label) else f"{label}: {message}"
            found.append((form[name].auto_id if field is not None else "", named))
    return found
