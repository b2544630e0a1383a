"""Forms of the estimate panel: the procedure rows, the day of the estimate, the treating
provider, a title to save.

A row left blank is skipped (the grid always offers an empty row or two). A row
with an option label belongs to that option only; a row without one belongs to
every option (see panel.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.urls import reverse_lazy

from casepath.core.catalog import category_of, plain_name, tooth_info
from casepath.estimates.panel import Row, RowError
from casepath.estimates.requests import ProcedureLine
from casepath.tenancy.models import Provider

MAX_ROWS = 40
ROWS_PREFIX = "p"
NEW_ROWS = 2
SURFACE_LETTERS = frozenset("MODBLIF")
OPTION_LENGTH = 36
YEARS_AROUND = 5


def _text(attrs: dict[str, Any] | None = None) -> forms.TextInput:
    return forms.TextInput(attrs={"autocomplete": "off", **(attrs or {})})


class ProcedureRowForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=5,
        widget=_text(
            {
                "list": "procedure-codes",
                "placeholder": "D2740",
                "spellcheck": "false",
                # the plain name under the field as soon as a code is typed or picked
                "hx-get": reverse_lazy("estimates:procedure_name"),
                "hx-trigger": "change",
                "hx-target": "next .code-name",
                "hx-swap": "innerHTML",
            }
        ),
        error_messages={"required": "Enter a procedure code, like D2740."},
    )
    tooth = forms.CharField(label="Tooth", max_length=2, required=False, widget=_text())
    surfaces = forms.CharField(label="Surfaces", max_length=7, required=False, widget=_text())
    units = forms.IntegerField(label="Units", min_value=1, max_value=99, initial=1)
    planned_on = forms.DateField(
        label="Planned for", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    priority = forms.IntegerField(label="Priority", required=False, min_value=1, max_value=99)
    fee_override = forms.DecimalField(
        label="Fee",
        required=False,
        min_value=Decimal("0.00"),
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "Office fee"}),
        error_messages={"min_value": "A fee cannot be negative."},
    )
    option = forms.CharField(
        label="Option",
        max_length=OPTION_LENGTH,
        required=False,
        widget=_text({"placeholder": "Every option"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, label_suffix="", **kwargs)

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip().upper()
        if category_of(code) is None:
            raise forms.ValidationError(
                f"“{code}” is not a procedure code Casepath knows: D and four digits, like D2740."
            )
        return code

    def clean_tooth(self) -> str:
        tooth = str(self.cleaned_data["tooth"]).strip().upper()
        if tooth and tooth_info(tooth) is None:
            raise forms.ValidationError("Enter a tooth from 1 to 32, or A to T for a baby tooth.")
        return tooth

    def clean_surfaces(self) -> str:
        surfaces = str(self.cleaned_data["surfaces"]).strip().upper()
        if not set(surfaces) <= SURFACE_LETTERS:
            raise forms.ValidationError("Write surfaces with the letters M, O, D, B, L, I and F.")
        return surfaces

    def clean_option(self) -> str:
        return " ".join(str(self.cleaned_data["option"]).split())

    def plain_name(self) -> str:
        """The plain-language name of the code typed, for the row (blank when not a code)."""
        code = str(self.data.get(self.add_prefix("code"), "") or "").strip().upper()
        return plain_name(code) if category_of(code) else ""

    def line(self) -> ProcedureLine:
        data = self.cleaned_data
        return ProcedureLine(
            code=data["code"],
            tooth=data["tooth"],
            surfaces=data["surfaces"],
            units=data["units"],
            planned_on=data["planned_on"],
            priority=data["priority"],
            fee_override=data["fee_override"],
        )


ProcedureRows = forms.formset_factory(
    ProcedureRowForm, extra=NEW_ROWS, max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True
)


def procedure_rows(data: Any = None) -> forms.BaseFormSet:  # type: ignore[type-arg]
    return ProcedureRows(data, prefix=ROWS_PREFIX)


def with_one_more_row(data: QueryDict) -> QueryDict:
    """The posted grid and one blank row more (Add a row without JavaScript)."""
    more = data.copy()
    key = f"{ROWS_PREFIX}-TOTAL_FORMS"
    count = str(more.get(key, ""))
    more[key] = str(min((int(count) if count.isdigit() else 0) + 1, MAX_ROWS))
    return more


def blank_row(index: int) -> ProcedureRowForm:
    """The row `Add a row` appends (htmx), numbered after the rows on the page."""
    return ProcedureRowForm(
        prefix=f"{ROWS_PREFIX}-{index}", empty_permitted=True, use_required_attribute=False
    )


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label="Estimate as of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Procedures without a planned date are estimated on this day. "
        "A day in the next benefit year previews that year.",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, initial={"as_of": today}, **kwargs)
        self.today = today

    def clean_as_of(self) -> date:
        day: date = self.cleaned_data["as_of"]
        if abs(day.year - self.today.year) > YEARS_AROUND:
            raise forms.ValidationError(f"Choose a day within {YEARS_AROUND} years of today.")
        return day


class ProviderForm(forms.Form):
    """Who will treat: their own fees win where their schedule lists the code.

    The choices are the practice's active in-house providers, read with what is on
    file: any other id (another practice's provider) is refused as an invalid choice.
    """

    provider = forms.TypedChoiceField(
        label="Treating provider",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Their own fees where their fee schedule has the procedure; "
        "otherwise the office fees.",
        error_messages={
            "invalid_choice": "Choose one of the practice's providers, or none for office fees."
        },
    )

    def __init__(self, *args: Any, providers: Sequence[Provider], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.providers = {p.pk: p for p in providers}
        choices = [("", "None: office fees"), *((p.pk, str(p)) for p in providers)]
        self.fields["provider"].choices = choices  # type: ignore[attr-defined]

    def chosen(self) -> Provider | None:
        return self.providers.get(self.cleaned_data.get("provider") or 0)


class SaveForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=80,
        help_text="What the patient will recognise, like “Crown on #30 and check-up”.",
        error_messages={"required": "Give the estimate a title to save it."},
    )


class PanelForms:
    """Everything the panel posts: the day, the grid of rows, and a title when saving."""

    def __init__(
        self, data: QueryDict | None, *, today: date, providers: Sequence[Provider] = ()
    ) -> None:
        self.as_of = AsOfForm(data, today=today)
        self.provider = ProviderForm(data, providers=providers)
        self.rows = procedure_rows(data)
        saving = data is not None and data.get("action") == "save"
        # Only a save checks the title; an estimate keeps what was typed in it.
        typed = {"title": data.get("title", "")} if data is not None else {}
        self.save = SaveForm(data) if saving else SaveForm(initial=typed)
        self.general: list[str] = []

    def is_valid(self) -> bool:
        valid = [self.as_of.is_valid(), self.provider.is_valid(), self.rows.is_valid()]
        if all(valid) and not self.filled():
            self.general.append("Enter at least one procedure code to estimate.")
            return False
        return all(valid)

    @property
    def day(self) -> date:
        day: date = self.as_of.cleaned_data["as_of"]
        return day

    def filled(self) -> list[Row]:
        """The rows with a procedure in them (blank rows are skipped), in grid order.

        After a failed `is_valid`, the rows that are valid on their own.
        """
        return [
            Row(index, form.line(), form.cleaned_data["option"])
            for index, form in enumerate(self.rows.forms)
            if form.has_changed() and form.is_valid() and form.cleaned_data
        ]

    @property
    def treating(self) -> Provider | None:
        """The treating provider chosen (None: office fees, or the choice is not valid)."""
        return self.provider.chosen() if self.provider.is_valid() else None

    def day_or_none(self) -> date | None:
        return self.day if self.as_of.is_bound and self.as_of.is_valid() else None

    def add_errors(self, errors: list[RowError]) -> None:
        for error in errors:
            if error.index is not None:
                self.rows.forms[error.index].add_error(error.field, error.message)
            elif error.field == "as_of":
                self.as_of.add_error("as_of", error.message)
            else:
                self.general.append(error.message)

    def problems(self) -> list[tuple[str, str]]:
        """Every message with the id of the field it is about, for the error summary."""
        found = [("id_as_of", f"Estimate as of: {e}") for e in self.as_of.errors.get("as_of", [])]
        chosen = self.provider.errors.get("provider", [])
        found += [("id_provider", f"Treating provider: {e}") for e in chosen]
        found += [("estimate-rows", str(e)) for e in self.rows.non_form_errors()]
        for number, form in enumerate(self.rows.forms, 1):
            for name, messages in form.errors.items():
                target = form[name].id_for_label if name in form.fields else form.prefix
                label = form.fields[name].label if name in form.fields else "Row"
                found += [(target, f"Procedure {number}, {label}: {m}") for m in messages]
        return found
