"""Forms of the case board and the case page: filters, the case header, lifecycle moves,
the patient's decision and discussion notes. Forms parse; the services decide."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import fields_for_model, model_to_dict

from casepath.cases.models import Case, CaseOption, CaseType, NoteKind, Urgency
from casepath.cases.services import HEADER_FIELDS
from casepath.core.cases import CLOSED, DECLINE_LABELS, CaseStatus
from casepath.core.catalog import plain_name
from casepath.core.errors import CasepathError
from casepath.core.patient_search import chart_key, name_key
from casepath.patients.models import Patient
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.roles import Role
from casepath.tenancy.scoping import scoped
from casepath.tenancy.selectors import providers_of
from casepath.web.forms import add_service_errors

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
AGES = [("", "Any age"), *((str(n), f"More than {n} days") for n in (7, 14, 30, 60))]


def show_errors(
    form: forms.BaseForm, error: Exception, aliases: dict[str, str] | None = None
) -> None:
    """A service's refusal beside the field it names (or above the form)."""
    if isinstance(error, ValidationError):
        add_service_errors(form, error)
        return
    assert isinstance(error, CasepathError)
    for problem in error.errors:
        field = (aliases or {}).get(problem.path, problem.path)
        form.add_error(field if field in form.fields else None, problem.message)


def coordinators(practice: Practice, keep: Any = None) -> QuerySet[Any]:
    """Users with an active treatment-coordinator role here (and `keep`, already chosen)."""
    tc = Q(
        memberships__practice=practice,
        memberships__role=Role.TREATMENT_COORDINATOR,
        memberships__is_active=True,
        is_active=True,
    )
    users = get_user_model()._default_manager
    return (
        users.filter(tc | Q(pk=getattr(keep, "pk", None)))
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def in_house(practice: Practice, keep: Provider | None = None) -> QuerySet[Provider]:
    """Active in-house providers (and `keep`, already chosen)."""
    active = Q(is_active=True, is_external=False)
    return providers_of(practice).filter(active | Q(pk=getattr(keep, "pk", None)))


class UserChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class BoardFilterForm(forms.Form):
    """The board's filters (GET). Every field is optional; an invalid one is ignored."""

    q = forms.CharField(
        label="Patient name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    tc = UserChoiceField(label="Coordinator", queryset=None, required=False, empty_label="Any")
    provider = forms.ModelChoiceField(
        label="Diagnosing provider", queryset=None, required=False, empty_label="Any"
    )
    type = forms.ChoiceField(label="Type", choices=[("", "Any"), *CaseType.choices], required=False)
    urgency = forms.ChoiceField(
        label="Urgency", choices=[("", "Any"), *Urgency.choices], required=False
    )
    age = forms.ChoiceField(label="Since diagnosis", choices=AGES, required=False)
    closed = forms.BooleanField(label="Show closed cases", required=False)

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tc"].queryset = coordinators(practice)  # type: ignore[attr-defined]
        self.fields["provider"].queryset = providers_of(practice).filter(  # type: ignore[attr-defined]
            is_external=False
        )

    def apply(self, cases: QuerySet[Case], today: date) -> QuerySet[Case]:
        """The cases that pass the valid filters."""
        data = self.cleaned_data if self.is_valid() else {}
        if not data.get("closed"):
            cases = cases.exclude(status__in=list(CLOSED))
        if data.get("tc"):
            cases = cases.filter(coordinator=data["tc"])
        if data.get("provider"):
            cases = cases.filter(diagnosing_provider=data["provider"])
        if data.get("type"):
            cases = cases.filter(case_type=data["type"])
        if data.get("urgency"):
            cases = cases.filter(urgency=data["urgency"])
        if data.get("age"):
            cases = cases.filter(diagnosed_on__lt=today - timedelta(days=int(data["age"])))
        for word in (data.get("q") or "").split():
            cases = cases.filter(_name_starts(name_key(word)))
        return cases

    @property
    def shows_closed(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("closed"))


def _name_starts(key: str) -> Q:
    return (
        Q(patient__last_name_key__startswith=key)
        | Q(patient__first_name_key__startswith=key)
        | Q(patient__preferred_name_key__startswith=key)
    )


class CaseHeaderForm(forms.Form):
    """The case header; with `patient_chart` first when a new case is opened."""

    def __init__(
        self, *args: Any, practice: Practice, case: Case | None = None, **kwargs: Any
    ) -> None:
        if case is not None:
            kwargs.setdefault("initial", model_to_dict(case, fields=HEADER_FIELDS))
        super().__init__(*args, **kwargs)
        self.practice = practice
        if case is None:
            self.fields["patient_chart"] = forms.CharField(
                label="Patient's chart number", max_length=20
            )
        widgets = {
            "diagnosed_on": DATE,
            "chief_concern": forms.Textarea(attrs={"rows": 2}),
            "goals": forms.Textarea(attrs={"rows": 2}),
        }
        self.fields.update(fields_for_model(Case, fields=HEADER_FIELDS, widgets=widgets))
        keep = case.diagnosing_provider if case else None
        self.fields["diagnosing_provider"].queryset = in_house(practice, keep)  # type: ignore[attr-defined]
        self.fields["coordinator"] = UserChoiceField(
            label="Coordinator",
            queryset=coordinators(practice, case.coordinator if case else None),
            required=False,
            empty_label="Nobody yet",
        )

    def clean_patient_chart(self) -> Patient:
        chart = chart_key(self.cleaned_data["patient_chart"])
        found = scoped(Patient, self.practice).filter(chart_number=chart).first()
        if found is None:
            raise ValidationError(f"No patient of this practice has chart number {chart}.")
        return found

    def header(self) -> dict[str, Any]:
        """The cleaned header fields, as the services take them."""
        return {name: self.cleaned_data[name] for name in HEADER_FIELDS}


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=[(s.value, s.value) for s in CaseStatus])
    note = forms.CharField(required=False, max_length=200)


class DecisionDateField(forms.DateField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(label="Decided on", widget=DATE, **kwargs)


class AcceptForm(forms.Form):
    """Which option the patient accepted; an unticked procedure of it is declined."""

    option = forms.TypedChoiceField(
        label="Option accepted", coerce=int, widget=forms.RadioSelect, choices=[]
    )
    accepted = forms.TypedMultipleChoiceField(
        label="Procedures accepted", coerce=int, required=False, choices=[]
    )
    decided_on = DecisionDateField()

    def __init__(self, *args: Any, plan: list[CaseOption], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "accept_%s")
        super().__init__(*args, **kwargs)
        self.plan = plan
        procedures = [p for o in plan for ph in o.phases.all() for p in ph.procedures.all()]
        self.fields["option"].choices = [(o.pk, o.name) for o in plan]  # type: ignore[attr-defined]
        self.fields["accepted"].choices = [(p.pk, str(p)) for p in procedures]  # type: ignore[attr-defined]
        self.option_procedures = {
            o.pk: {p.pk for ph in o.phases.all() for p in ph.procedures.all()} for o in plan
        }

    def groups(self) -> list[dict[str, Any]]:
        """Each option with its procedures and whether each box is ticked."""
        ticked = self._ticked()
        chosen = str(self.data.get("option", "")) if self.is_bound else ""
        return [
            {
                "option": option,
                "chosen": chosen == str(option.pk) or (not chosen and option.is_recommended),
                "procedures": [
                    {"row": p, "words": _procedure_words(p), "ticked": ticked(p.pk)}
                    for phase in option.phases.all()
                    for p in phase.procedures.all()
                ],
            }
            for option in self.plan
        ]

    def _ticked(self) -> Any:
        if not self.is_bound:
            return lambda pk: True
        posted = set(self.data.getlist("accepted")) if hasattr(self.data, "getlist") else set()
        return lambda pk: str(pk) in posted

    def declined(self) -> frozenset[int]:
        """The chosen option's procedures left unticked."""
        mine = self.option_procedures.get(self.cleaned_data["option"], set())
        return frozenset(mine - set(self.cleaned_data["accepted"]))


def _procedure_words(row: Any) -> str:
    tooth = f" on tooth {row.tooth}" if row.tooth else ""
    surfaces = f" ({row.surfaces})" if row.surfaces else ""
    return f"{row.code} {plain_name(row.code)}{tooth}{surfaces}"


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why the patient declined",
        choices=[
            ("", "Choose a reason"),
            *((r.value, label) for r, label in DECLINE_LABELS.items()),
        ],
    )
    detail = forms.CharField(
        label="In the patient's words", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    decided_on = DecisionDateField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decline_%s")
        super().__init__(*args, **kwargs)


class NoteForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=NoteKind.choices, initial=NoteKind.GENERAL)
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "note_%s")
        super().__init__(*args, **kwargs)
