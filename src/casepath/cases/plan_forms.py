"""Forms of the plan section: an option, a phase, a planned procedure, an image.

A form checks only what a form can (lengths, numbers, a choice from a list). The plan
services check the plan itself (teeth, surfaces, duplicates, fees) and `add_errors`
puts their CasepathError beside the field its path names.

Many forms share the page (one per option, phase and procedure), so each gets a key
that prefixes its element ids ("procedure-12-tooth"); the names posted stay plain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from casepath.cases.models import CaseOption, ImageKind, PlannedProcedure
from casepath.cases.plan_selectors import PlanSection
from casepath.core.errors import CasepathError
from casepath.tenancy.models import Provider
from casepath.web.forms import add_service_errors

NEW_OPTION = "new-option"
NEW_IMAGE = "new-image"
MAX_IMAGE_MB = 10

Failed = tuple[str, forms.Form]


def option_key(option_id: int) -> str:
    return f"option-{option_id}"


def new_phase_key(option_id: int) -> str:
    return f"new-phase-{option_id}"


def new_procedure_key(phase_id: int) -> str:
    return f"new-procedure-{phase_id}"


def procedure_key(procedure_id: int) -> str:
    return f"procedure-{procedure_id}"


class PlanForm(forms.Form):
    """A form of the section: ids prefixed with its key, no colon after labels."""

    def __init__(self, *args: Any, key: str, **kwargs: Any) -> None:
        super().__init__(*args, auto_id=f"{key}-%s", label_suffix="", **kwargs)
        self.key = key


class OptionForm(PlanForm):
    name = forms.CharField(
        label="Name",
        max_length=80,
        error_messages={"required": "Name the option, e.g. “Implant” or “Bridge”."},
    )
    summary = forms.CharField(
        label="Summary",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One or two sentences for the patient.",
    )
    recommended = forms.BooleanField(
        label="Recommended",
        required=False,
        help_text="One option is recommended: ticking it here moves the mark from the other.",
    )


def option_initial(option: CaseOption) -> dict[str, Any]:
    return {"name": option.name, "summary": option.summary, "recommended": option.is_recommended}


class PhaseForm(PlanForm):
    name = forms.CharField(
        label="Phase name",
        max_length=80,
        error_messages={"required": "Name the phase, e.g. “Healing” or “Final crown”."},
    )


def _number(label: str, low: int, high: int, initial: int, words: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        initial=initial,
        error_messages={
            "required": words,
            "invalid": words,
            "min_value": words,
            "max_value": words,
        },
    )


def _amount(label: str, placeholder: str, help_text: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0.00"),
        max_digits=9,
        decimal_places=2,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": placeholder}),
        error_messages={
            "min_value": f"The {label.lower()} cannot be negative.",
            "invalid": "Type an amount, like 1250.00.",
            "max_decimal_places": "Type dollars and cents, like 1250.00.",
        },
    )


class ProcedureForm(PlanForm):
    # Lengths are generous: the plan check names a wrong code or tooth in words.
    code = forms.CharField(
        label="Code",
        max_length=8,
        widget=forms.TextInput(attrs={"placeholder": "D2740", "spellcheck": "false"}),
        error_messages={"required": "Enter a procedure code, like D2740."},
    )
    tooth = forms.CharField(label="Tooth", max_length=4, required=False)
    surfaces = forms.CharField(label="Surfaces", max_length=12, required=False)
    provider = forms.TypedChoiceField(
        label="Provider",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of the practice's providers."},
    )
    fee = _amount("Fee", "Schedule fee", "Blank: the fee schedule's fee.")
    discount = _amount("Discount", "0.00")
    visits = _number("Visits", 1, 52, 1, "Visits: a whole number from 1 to 52.")
    healing_days = _number(
        "Healing days", 0, 730, 0, "Healing: a whole number of days from 0 to 730."
    )

    def __init__(
        self, *args: Any, providers: Sequence[Provider], current: Provider | None = None, **kw: Any
    ) -> None:
        super().__init__(*args, **kw)
        choosable = list(providers)
        if current is not None and current not in choosable:
            choosable.append(current)  # an inactive provider stays on the rows that name them
        self.providers = {p.pk: p for p in choosable}
        inside = [(p.pk, str(p)) for p in choosable if not p.is_external]
        outside = [(p.pk, f"{p} · outside specialist") for p in choosable if p.is_external]
        choices: list[Any] = [("", "Not chosen yet")]
        choices += [("In-house", inside)] if inside else []
        choices += [("Outside specialists", outside)] if outside else []
        self.fields["provider"].choices = choices  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        """The keyword arguments of procedure_add / procedure_update (the fee apart)."""
        data = self.cleaned_data
        return {
            "code": data["code"],
            "tooth": data["tooth"],
            "surfaces": data["surfaces"],
            "provider": self.providers.get(data["provider"] or 0),
            "discount": data["discount"] or Decimal("0.00"),
            "visits": data["visits"],
            "healing_days": data["healing_days"],
        }

    @property
    def typed_fee(self) -> Decimal | None:
        fee: Decimal | None = self.cleaned_data["fee"]
        return fee


def procedure_initial(procedure: PlannedProcedure) -> dict[str, Any]:
    return {
        "code": procedure.code,
        "tooth": procedure.tooth,
        "surfaces": procedure.surfaces,
        "provider": procedure.provider_id,
        "fee": procedure.fee if procedure.fee_typed else None,
        "discount": procedure.discount,
        "visits": procedure.visits,
        "healing_days": procedure.healing_days,
    }


class ImageForm(PlanForm):
    file = forms.FileField(
        label="Image file",
        help_text=f"A JPEG, PNG or WebP picture, at most {MAX_IMAGE_MB} MB.",
        error_messages={"required": "Choose a picture to upload.", "empty": "The file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    kind = forms.ChoiceField(label="Kind", choices=ImageKind.choices, initial=ImageKind.PHOTO)
    caption = forms.CharField(
        label="Caption",
        max_length=200,
        help_text="What the patient sees, in plain words.",
        error_messages={"required": "Write a caption: what does the picture show?"},
    )
    procedure = forms.TypedChoiceField(
        label="Procedure",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose a procedure of this case, or none."},
    )

    def __init__(self, *args: Any, procedures: Sequence[tuple[int, str]], **kw: Any) -> None:
        super().__init__(*args, **kw)
        choices = [("", "The whole case"), *procedures]
        self.fields["procedure"].choices = choices  # type: ignore[attr-defined]


_LINE = re.compile(r"^procedures\[(\d+)\]\.(\w+)$")


def add_errors(form: forms.Form, error: CasepathError | ValidationError) -> None:
    """A service's error beside the field it names; other paths above the form."""
    if isinstance(error, ValidationError):
        add_service_errors(form, error)
        return
    for problem in error.errors:
        if problem.path in form.fields:
            form.add_error(problem.path, problem.message)
        else:
            form.add_error(None, _in_words(problem.path, problem.message))


def _in_words(path: str, message: str) -> str:
    """An error of another line of the option: which line, which field."""
    line = _LINE.match(path)
    if line is None:
        return message
    number, name = int(line.group(1)) + 1, line.group(2).replace("_", " ")
    return f"Procedure {number} of this option, {name}: {message}"


@dataclass
class SectionForms:
    new_option: forms.Form
    image: forms.Form


def attach_forms(
    section: PlanSection,
    *,
    providers: Sequence[Provider],
    procedures: Sequence[tuple[int, str]],
    failed: Failed | None = None,
) -> SectionForms:
    """Give every option, phase and procedure of the section its form; the form that
    failed, with its errors and what was typed, takes the place of its blank one."""
    kept = dict([failed]) if failed is not None else {}
    for shown in section.options:
        option = shown.option
        key = option_key(option.pk)
        shown.form = kept.get(key) or OptionForm(initial=option_initial(option), key=key)
        key = new_phase_key(option.pk)
        shown.phase_form = kept.get(key) or PhaseForm(key=key)
        for phase in shown.phases:
            key = new_procedure_key(phase.phase.pk)
            phase.form = kept.get(key) or ProcedureForm(key=key, providers=providers)
            for row in phase.procedures:
                row.form = kept.get(procedure_key(row.procedure.pk)) or _edit_form(
                    row.procedure, providers
                )
    return SectionForms(
        new_option=kept.get(NEW_OPTION) or OptionForm(key=NEW_OPTION),
        image=kept.get(NEW_IMAGE) or ImageForm(key=NEW_IMAGE, procedures=procedures),
    )


def _edit_form(procedure: PlannedProcedure, providers: Sequence[Provider]) -> ProcedureForm:
    return ProcedureForm(
        initial=procedure_initial(procedure),
        key=procedure_key(procedure.pk),
        providers=providers,
        current=procedure.provider,
    )
