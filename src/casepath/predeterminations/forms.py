"""Forms of the pre-determination screens: ask the payer, send, set aside, and the answer.

Forms parse what was typed; the services decide. A service's CasepathError names paths
such as `procedures[1]`, `attachments[0].title` or `lines[2].approved`: `show_refusal`
puts each message beside the field it names (the n-th attachment or answered row is
the n-th one that was sent, not the n-th on screen).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from casepath.cases.models import Case, CaseImage, CaseOption, PlannedProcedure
from casepath.cases.selectors import case_plan
from casepath.core.catalog import plain_name
from casepath.core.errors import CasepathError
from casepath.core.predeterminations import CHANNEL_LABELS, ResponseLine, Status
from casepath.insurance.coverage_selectors import patient_coverages
from casepath.insurance.models import Coverage
from casepath.predeterminations.models import AttachmentKind, PredeterminationLine
from casepath.predeterminations.services import AttachmentIn, Draft
from casepath.tenancy.scoping import scoped

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AMOUNT = {"max_digits": 11, "decimal_places": 2, "required": False}
MAX_ATTACHMENTS = 5
PATH = re.compile(r"^(?P<list>\w+)\[(?P<index>\d+)\](?:\.(?P<field>\w+))?$")


def split_path(path: str) -> tuple[str, int | None, str]:
    """`lines[2].approved` -> ("lines", 2, "approved"); `sent_on` -> ("sent_on", None, "")."""
    found = PATH.match(path)
    if found is None:
        return path, None, ""
    return found["list"], int(found["index"]), found["field"] or ""


def add_error(form: forms.BaseForm, field: str, message: str) -> None:
    form.add_error(field if field in form.fields else None, message)


# Asking the payer


def coverage_label(coverage: Coverage) -> str:
    return f"{coverage.plan.carrier} · {coverage.get_ordinal_display().lower()}"


def procedure_label(procedure: PlannedProcedure) -> str:
    """D6058 Crown on an implant (tooth 19), $1,450.00"""
    where = ", ".join(
        part
        for part in (f"tooth {procedure.tooth}" if procedure.tooth else "", procedure.surfaces)
        if part
    )
    words = f"{procedure.code} {plain_name(procedure.code)}" + (f" ({where})" if where else "")
    return f"{words}, ${procedure.net_fee:,.2f}"


@dataclass
class Choices:
    """What the create form offers: the case's options, the one chosen, its procedures
    and the patient's coverages in force."""

    options: list[CaseOption]
    option: CaseOption | None
    procedures: list[PlannedProcedure]
    coverages: list[Coverage]
    images: list[CaseImage]

    @property
    def named(self) -> list[tuple[PlannedProcedure, str]]:
        return [(p, plain_name(p.code)) for p in self.procedures]


def choices_for(case: Case, chosen: object, today: date) -> Choices:
    """The option chosen, else the accepted, the recommended or the first one."""
    options = case_plan(case)
    by_id = {str(o.pk): o for o in options}
    fallback = [o for o in options if o.pk == case.accepted_option_id]
    fallback += [o for o in options if o.is_recommended] + options
    option = by_id.get(str(chosen)) or (fallback[0] if fallback else None)
    procedures = [p for ph in option.phases.all() for p in ph.procedures.all()] if option else []
    coverages = [c for c in patient_coverages(case.patient) if c.is_active_on(today)]
    images = list(scoped(CaseImage, case.practice).filter(case=case).order_by("pk"))
    return Choices(options, option, procedures, coverages, images)


class CreateForm(forms.Form):
    option = forms.ChoiceField(
        label="Option",
        error_messages={
            "required": "Choose an option of this case.",
            "invalid_choice": "Choose an option of this case.",
        },
    )
    coverage = forms.ChoiceField(
        label="Coverage to ask",
        error_messages={
            "required": "Choose one of the patient's coverages in force.",
            "invalid_choice": "Choose one of the patient's coverages in force.",
        },
    )
    procedures = forms.MultipleChoiceField(
        label="Procedures to ask about",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": "Choose procedures of the option chosen."},
    )
    narrative = forms.CharField(
        label="Narrative",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Why the treatment is needed, in words for the payer.",
    )

    def __init__(
        self,
        *args: Any,
        options: Sequence[CaseOption],
        coverages: Sequence[Coverage],
        procedures: Sequence[PlannedProcedure],
        reload_url: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(o.pk, o.name) for o in options]
        self.fields["coverage"].choices = [(c.pk, coverage_label(c)) for c in coverages]
        self.fields["procedures"].choices = [(p.pk, procedure_label(p)) for p in procedures]
        self.fields["option"].widget.attrs.update(
            {
                "hx-get": reload_url,
                "hx-trigger": "change",
                "hx-target": "#pd-procedures",
                "hx-swap": "outerHTML",
            }
        )

    def checked(self) -> set[str]:
        """The procedures ticked: all of the option's at first."""
        return {str(pk) for pk in self["procedures"].value() or ()}


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Choose…"), *AttachmentKind.choices]
    )
    title = forms.CharField(label="Title", required=False, max_length=200)
    image = forms.ChoiceField(label="Case image", required=False)

    def __init__(self, *args: Any, images: Sequence[CaseImage] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["image"].choices = [("", "None"), *((i.pk, i.caption) for i in images)]

    @property
    def used(self) -> bool:
        data = self.cleaned_data if self.is_valid() else {}
        return bool(data.get("kind") or data.get("title", "").strip() or data.get("image"))

    def attachment(self) -> AttachmentIn:
        data = self.cleaned_data
        image = data.get("image")
        return AttachmentIn(
            data.get("kind", ""), data.get("title", ""), int(image) if image else None
        )


def attachment_forms(data: Any, images: Sequence[CaseImage]) -> list[AttachmentForm]:
    return [
        AttachmentForm(data, images=images, prefix=f"attachments-{n}")
        for n in range(MAX_ATTACHMENTS)
    ]


class Asking:
    """The create form and its attachment rows, read together."""

    def __init__(self, form: CreateForm, rows: list[AttachmentForm]) -> None:
        self.form, self.rows = form, rows

    @classmethod
    def of(cls, choices: Choices, data: Any, reload_url: str) -> Asking:
        """The option's procedures all ticked at first."""
        form = CreateForm(
            data,
            options=choices.options,
            coverages=choices.coverages,
            procedures=choices.procedures,
            reload_url=reload_url,
            initial={
                "option": choices.option.pk if choices.option else None,
                "procedures": [p.pk for p in choices.procedures],
            },
        )
        return cls(form, attachment_forms(data, choices.images))

    def draft(self) -> Draft:
        data = self.form.cleaned_data
        return Draft(
            option_id=data["option"],
            coverage_id=data["coverage"],
            procedure_ids=data["procedures"],
            narrative=data["narrative"],
            attachments=self.attachments(),
        )

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(row.is_valid() for row in self.rows)])

    @property
    def used_rows(self) -> list[AttachmentForm]:
        return [row for row in self.rows if row.used]

    def attachments(self) -> list[AttachmentIn]:
        return [row.attachment() for row in self.used_rows]

    def show_refusal(self, error: CasepathError) -> None:
        for problem in error.errors:
            name, index, field = split_path(problem.path)
            if name == "attachments" and index is not None and index < len(self.used_rows):
                add_error(self.used_rows[index], field, problem.message)
            else:  # `procedures[i]`: the message names the procedure
                add_error(self.form, name, problem.message)


# Send, set aside, discussed


class SendForm(forms.Form):
    sent_on = forms.DateField(
        label="Sent on", widget=DATE, error_messages={"required": "Give the day it was sent."}
    )
    channel = forms.ChoiceField(
        label="Channel",
        choices=[("", "Choose…"), *((c.value, label) for c, label in CHANNEL_LABELS.items())],
        error_messages={"required": "Choose how it was sent."},
    )
    payer_reference = forms.CharField(
        label="Payer reference",
        required=False,
        max_length=60,
        help_text="The payer's claim or tracking number, if there is one.",
    )


class CloseForm(forms.Form):
    to = forms.ChoiceField(
        choices=[(Status.NOT_NEEDED.value, "Not needed"), (Status.VOIDED.value, "Voided")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(label="Reason", required=False, max_length=300)


class DiscussedForm(forms.Form):
    on = forms.DateField(label="Discussed on", widget=DATE)


def bound_to(form_class: type[forms.Form], data: Any, pd_pk: int, key: str, **kwargs: Any) -> Any:
    """Each small form gets its own ids: several pre-determinations share the section."""
    return form_class(data, auto_id=f"pd{pd_pk}-{key}-%s", **kwargs)


# The payer's answer


class ResponseForm(forms.Form):
    received_on = forms.DateField(label="Received on", widget=DATE)
    response_expiry = forms.DateField(label="Answer holds until", required=False, widget=DATE)


class LineForm(forms.Form):
    """One procedure's answer; a row left blank is not answered."""

    approved = forms.DecimalField(label="Approved", **AMOUNT)
    allowed = forms.DecimalField(label="Allowed", **AMOUNT)
    denied = forms.BooleanField(label="Denied", required=False)
    reason = forms.CharField(label="Reason", required=False, max_length=300)
    remarks = forms.CharField(label="Remarks", required=False, max_length=2000)

    def __init__(self, *args: Any, line: PredeterminationLine, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"line-{line.pk}", **kwargs)
        self.line = line
        for field in ("approved", "allowed"):
            self.fields[field].widget.attrs.update({"inputmode": "decimal", "step": "0.01"})

    @property
    def answered(self) -> bool:
        data = self.cleaned_data
        amounts = data.get("approved") is not None or data.get("allowed") is not None
        words = bool(data.get("reason", "").strip() or data.get("remarks", "").strip())
        return amounts or bool(data.get("denied")) or words

    def response_line(self) -> ResponseLine:
        data = self.cleaned_data
        return ResponseLine(
            line_id=self.line.pk,
            approved=data.get("approved"),
            allowed=data.get("allowed"),
            denied=bool(data.get("denied")),
            reason=data.get("reason", ""),
            remarks=data.get("remarks", ""),
        )


def line_initial(line: PredeterminationLine) -> dict[str, Any]:
    """An answer already recorded, to correct it."""
    if not line.answered:
        return {}
    approved: Decimal | None = line.approved
    return {
        "approved": None if line.denied and approved == Decimal("0.00") else approved,
        "allowed": line.allowed,
        "denied": line.denied,
        "reason": line.reason,
        "remarks": line.remarks,
    }


class Answer:
    """The response form and one row per requested procedure, read together."""

    def __init__(
        self,
        data: Any,
        lines: Sequence[PredeterminationLine],
        received_on: date,
        response_expiry: date | None = None,
    ) -> None:
        initial = {"received_on": received_on, "response_expiry": response_expiry}
        self.form = ResponseForm(data, initial=initial)
        self.rows = [LineForm(data, line=line, initial=line_initial(line)) for line in lines]

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), *(row.is_valid() for row in self.rows)])

    @property
    def answered_rows(self) -> list[LineForm]:
        return [row for row in self.rows if row.answered]

    def lines(self) -> list[ResponseLine]:
        return [row.response_line() for row in self.answered_rows]

    def show_refusal(self, error: CasepathError) -> None:
        answered = self.answered_rows
        for problem in error.errors:
            name, index, field = split_path(problem.path)
            if name == "lines" and index is not None and index < len(answered):
                add_error(answered[index], field, problem.message)
            else:
                add_error(self.form, name, problem.message)


class ImportForm(forms.Form):
    file = forms.FileField(label="ClaimResponse file (JSON)", required=False)
    text = forms.CharField(
        label="Or paste the ClaimResponse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            try:
                data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", "The file is not text: choose the payer's JSON file.")
        elif not data.get("text", "").strip():
            self.add_error("text", "Choose the payer's JSON file or paste its text.")
        return data
