"""The dashboard's filters, read from GET: the period, which practices, who and what
to narrow to, which definitions, and what to break the figures down by.

A field left out takes its default (the last 12 months, this practice, the practice's
definitions, by TC), so a bare /reports/ shows figures and a shared link keeps its
filters. The exports read the same form.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django import forms
from django.http import QueryDict

from casepath.cases.models import CaseType
from casepath.core.catalog.codes import CATEGORY_SPANS
from casepath.core.metrics import CUT_LABELS, AcceptedMeans, Cut, Definitions, PresenterRule
from casepath.patients.models import ReferralSource
from casepath.reports.facts import Filters
from casepath.reports.labels import category_label
from casepath.reports.models import ACCEPTED_CHOICES, PRESENTER_CHOICES
from casepath.reports.scope import THIS_PRACTICE, Scope, presenters_of, scopes_for
from casepath.reports.selectors import metric_settings
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import scoped_many

MONTH: Final = re.compile(r"^(\d{4})-(\d{2})$")
DAY: Final = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIOD_HELP: Final = "A month (2026-10) or a day (2026-10-05)."
ANY: Final = ("", "Any")
BY_CHOICES: Final = [(c.value, CUT_LABELS[c]) for c in Cut if c is not Cut.TOTAL]
DEFAULT_BY: Final = Cut.TC


def month_text(day: date) -> str:
    return f"{day:%Y-%m}"


def months_before(day: date, months: int) -> date:
    """The first day of the month `months` before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _parse_period(text: str, *, end: bool) -> date:
    """A month means its first day (from) or its last day (to); a day is itself."""
    text = text.strip()
    month = MONTH.match(text)
    try:
        if month:
            year, number = int(month[1]), int(month[2])
            last = calendar.monthrange(year, number)[1] if 1 <= number <= 12 else 1
            return date(year, number, last if end else 1)
        if DAY.match(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise forms.ValidationError(f"Write a month (2026-10) or a day (2026-10-05), not “{text}”.")


class PeriodField(forms.Field):
    widget = forms.TextInput(attrs={"maxlength": "10", "size": "10", "inputmode": "numeric"})

    def __init__(self, *, end: bool, **kwargs: Any) -> None:
        self.end = end
        super().__init__(help_text=PERIOD_HELP, **kwargs)

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()
        return _parse_period(text, end=self.end) if text else None


@dataclass(frozen=True)
class Query:
    """What the dashboard and the exports show, once the filters are valid."""

    scope: Scope
    start: date
    end: date
    definitions: Definitions
    filters: Filters
    by: Cut

    @property
    def practices(self) -> tuple[Practice, ...]:
        return self.scope.practices


class DashboardForm(forms.Form):
    scope = forms.ChoiceField(label="Practices")
    tc = forms.ChoiceField(label="Treatment coordinator", required=False)
    provider = forms.ChoiceField(label="Diagnosing provider", required=False)
    case_type = forms.ChoiceField(
        label="Case type", required=False, choices=[ANY, *CaseType.choices]
    )
    category = forms.ChoiceField(label="Procedure category", required=False)
    source = forms.ChoiceField(
        label="Referral source", required=False, choices=[ANY, *ReferralSource.choices]
    )
    accepted_means = forms.ChoiceField(
        label="A case counts as accepted when", choices=ACCEPTED_CHOICES
    )
    presenter_rule = forms.ChoiceField(label="A case belongs to", choices=PRESENTER_CHOICES)
    by = forms.ChoiceField(label="Break down by", choices=BY_CHOICES)

    def __init__(
        self, data: QueryDict, *, user: Any, practice: Practice, today: date, **kwargs: Any
    ) -> None:
        self.scopes = scopes_for(user, practice)
        defaults = self._defaults(practice, today)
        # An empty field takes its default, as a missing one does.
        merged = defaults | {k: v for k, v in data.items() if v or k not in defaults}
        super().__init__(merged, **kwargs)
        self.fields = {
            "from": PeriodField(end=False, label="From"),
            "to": PeriodField(end=True, label="To"),
            **self.fields,
        }
        self.fields["scope"].choices = [(s.key, s.label) for s in self.scopes.values()]  # type: ignore[attr-defined]
        practices = self._chosen_scope().practices
        self.fields["tc"].choices = [ANY, *presenters_of(practices)]  # type: ignore[attr-defined]
        providers = scoped_many(Provider, practices).order_by("last_name", "first_name", "pk")
        self.fields["provider"].choices = [ANY, *((str(p.pk), str(p)) for p in providers)]  # type: ignore[attr-defined]
        self.fields["category"].choices = [  # type: ignore[attr-defined]
            ANY,
            *((k, category_label(k)) for k in (*CATEGORY_SPANS, "other")),
        ]

    def _defaults(self, practice: Practice, today: date) -> dict[str, str]:
        chosen = metric_settings(practice)
        return {
            "from": month_text(months_before(today, 11)),
            "to": month_text(today),
            "scope": THIS_PRACTICE,
            "accepted_means": chosen.accepted_means.value,
            "presenter_rule": chosen.presenter_rule.value,
            "by": DEFAULT_BY.value,
        }

    def _chosen_scope(self) -> Scope:
        return self.scopes.get(str(self.data.get("scope")), self.scopes[THIS_PRACTICE])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", "Choose an end on or after the start.")
        return data

    def query(self) -> Query:
        data = self.cleaned_data
        return Query(
            scope=self.scopes[data["scope"]],
            start=data["from"],
            end=data["to"],
            definitions=Definitions(
                AcceptedMeans(data["accepted_means"]), PresenterRule(data["presenter_rule"])
            ),
            filters=Filters(
                tc_id=int(data["tc"]) if data["tc"] else None,
                provider_id=int(data["provider"]) if data["provider"] else None,
                case_type=data["case_type"],
                source=data["source"],
                category=data["category"],
            ),
            by=Cut(data["by"]),
        )


class DefinitionsForm(forms.Form):
    """The practice's default definitions (Settings → Acceptance figures)."""

    accepted_means = forms.ChoiceField(
        label="A case counts as accepted when",
        choices=ACCEPTED_CHOICES,
        widget=forms.RadioSelect,
    )
    presenter_rule = forms.ChoiceField(
        label="A case belongs to", choices=PRESENTER_CHOICES, widget=forms.RadioSelect
    )

    def definitions(self) -> Definitions:
        return Definitions(
            AcceptedMeans(self.cleaned_data["accepted_means"]),
            PresenterRule(self.cleaned_data["presenter_rule"]),
        )
