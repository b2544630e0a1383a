"""Forms of compensation: the month of statements, a plan with its tiers and members."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from typing import Any, Final

from django import forms

from casepath.compensation.models import CompensationPlan
from casepath.core.errors import CasepathError

MONTH: Final = re.compile(r"^(\d{4})-(\d{2})$")
TIER_ROWS: Final = 4


def month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def month_before(day: date) -> tuple[date, date]:
    index = day.year * 12 + day.month - 2
    return month_span(index // 12, index % 12 + 1)


class PeriodForm(forms.Form):
    period = forms.CharField(
        label="Month", max_length=7, help_text="A month, such as 2026-10.", required=False
    )

    def clean_period(self) -> tuple[date, date] | None:
        text = (self.cleaned_data.get("period") or "").strip()
        if not text:
            return None
        match = MONTH.match(text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError("Write the month as year-month, such as 2026-10.")
        return month_span(int(match[1]), int(match[2]))


class PlanForm(forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Treatment coordinators on this plan",
    )
    members_from = forms.DateField(
        label="Member changes take effect on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = CompensationPlan
        fields = [
            "name",
            "base_pay",
            "presenter_rule",
            "tier_mode",
            "threshold",
            "minimum_acceptance",
            "bonus_kind",
            "bonus_amount",
            "bonus_percent",
            "bonus_goal",
            "bonus_split",
            "active",
        ]
        labels = {
            "base_pay": "Base pay ($ a month)",
            "threshold": "Threshold ($ collected)",
            "minimum_acceptance": "Minimum case acceptance (%)",
            "bonus_kind": "Bonus pool",
            "bonus_amount": "Bonus amount ($)",
            "bonus_percent": "Bonus % above the goal",
            "bonus_goal": "Practice goal ($ collected)",
            "bonus_split": "Share the pool",
        }

    def __init__(self, *args: Any, coordinators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = coordinators
        self.fields["members"].label_from_instance = lambda u: u.get_full_name() or u.username
        for i in range(1, TIER_ROWS + 1):
            self.fields[f"tier_{i}_from"] = forms.DecimalField(
                label=f"Tier {i} from ($ collected)",
                max_digits=12,
                decimal_places=2,
                required=False,
            )
            self.fields[f"tier_{i}_rate"] = forms.DecimalField(
                label=f"Tier {i} rate (%)", max_digits=5, decimal_places=2, required=False
            )

    def tier_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"tier_{i}_from"], self[f"tier_{i}_rate"]) for i in range(1, TIER_ROWS + 1)]

    def tiers(self) -> list[tuple[Decimal, Decimal]]:
        """The filled rows; a row with only one half filled is an error on the other."""
        out: list[tuple[Decimal, Decimal]] = []
        for i in range(1, TIER_ROWS + 1):
            start = self.cleaned_data.get(f"tier_{i}_from")
            rate = self.cleaned_data.get(f"tier_{i}_rate")
            if start is None and rate is None:
                continue
            if start is None:
                self.add_error(f"tier_{i}_from", "Say where this tier starts ($0 for the first).")
            elif rate is None:
                self.add_error(f"tier_{i}_rate", "Give this tier's rate.")
            else:
                out.append((start, rate))
        return out

    def show(self, error: CasepathError) -> None:
        """The core's paths (`tiers[1].from_usd`, `bonus.percent`) beside their fields;
        tiers are numbered among the filled rows, which are the first rows in order."""
        filled = [
            i
            for i in range(1, TIER_ROWS + 1)
            if self.cleaned_data.get(f"tier_{i}_from") is not None
            or self.cleaned_data.get(f"tier_{i}_rate") is not None
        ]
        for problem in error.errors:
            field = _field_of(problem.path, filled)
            self.add_error(field if field in self.fields else None, problem.message)


def _field_of(path: str, filled: list[int]) -> str:
    tier = re.match(r"^tiers\[(\d+)\]\.(from_usd|rate_percent)$", path)
    if tier:
        index = int(tier[1])
        row = filled[index] if index < len(filled) else index + 1
        return f"tier_{row}_{'from' if tier[2] == 'from_usd' else 'rate'}"
    if path == "tiers":
        return "tier_1_from"
    return path.replace("bonus.", "bonus_")
