"""The forms of the first call: the call itself, and one row per patient it is about
(a new patient's details, or a patient on file chosen among the possible duplicates),
with what the TC learns about each (concern, goals, fears, insurance).

The call's start is signed by the server when the form opens, so the call's length
cannot be typed in: `sign_start` / `read_start`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property

from casepath.cases.forms import show_errors
from casepath.core.errors import CasepathError
from casepath.intake.models import Call, Intake, IntakeUrgency
from casepath.intake.selectors import PossibleDuplicate, possible_duplicates
from casepath.intake.services import CALL_FIELDS, INTAKE_FIELDS, CallPatient, check_reachable
from casepath.patients.models import Patient, is_phone_number
from casepath.tenancy.models import Practice
from casepath.tenancy.scoping import scoped

ROWS_PREFIX = "p"
MOST_PATIENTS = 4
START_SALT = "casepath.intake.call.started"
# A start older than this is not this call's (a page left open overnight): the call
# then starts when it is saved.
LONGEST_CALL = timedelta(hours=4)
NEW_FIELDS = ("first_name", "last_name", "date_of_birth", "mobile_phone", "home_phone", "email")
CHECK_WHEN = "change, keyup changed delay:400ms"
PHONE_HINT = "10 digits, for example (614) 555-0101."


def sign_start(at: datetime, user: Any) -> str:
    """The hidden field that carries when the call started (for this user only)."""
    return signing.Signer(salt=START_SALT).sign_object([getattr(user, "pk", None), at.isoformat()])


def read_start(token: str, user: Any, now: datetime) -> datetime | None:
    """When the call started, if `token` is ours, this user's, and plausible."""
    try:
        user_id, text = signing.Signer(salt=START_SALT).unsign_object(token)
        at = datetime.fromisoformat(text)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if user_id != getattr(user, "pk", None) or at.tzinfo is None:
        return None
    if at > now or now - at > LONGEST_CALL:
        return None
    return at


def _phone_ok(value: str) -> str:
    value = value.strip()
    if value and not is_phone_number(value):
        raise ValidationError(f"Enter the phone number as {PHONE_HINT}")
    return value


class CallForm(forms.ModelForm):  # type: ignore[type-arg]
    """What is said once per call: the caller, the source, the reason, times, consent."""

    class Meta:
        model = Call
        fields = CALL_FIELDS
        labels = {
            "caller_name": "Caller's name",
            "caller_phone": "Phone",
            "caller_email": "E-mail",
            "source_detail": "Who referred them",
            "may_call": "We may call",
            "may_text": "We may send texts",
            "may_email": "We may send e-mails",
        }
        help_texts = {
            "caller_phone": "Give a phone number or an e-mail address (or both).",
            "preferred_times": "For example: weekday mornings, not Fridays.",
        }
        widgets = {
            "caller_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "caller_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "source": forms.RadioSelect,
            "reason": forms.TextInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = Call._meta.get_field("source").choices  # no blank

    def clean_caller_phone(self) -> str:
        return _phone_ok(self.cleaned_data.get("caller_phone") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "caller_phone" in data and "caller_email" in data:
            try:
                check_reachable(data)
            except CasepathError as error:
                show_errors(self, error)
        return data

    def call_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CALL_FIELDS}


def _intake_field(name: str, **attrs: Any) -> forms.Field:
    field = Intake._meta.get_field(name).formfield()
    assert field is not None
    if attrs:
        field.widget.attrs.update(attrs)
    return field


class PatientRowForm(forms.Form):
    """One patient the call is about: on file (`existing`) or new; and what they said."""

    existing = forms.IntegerField(required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = forms.DateField(
        label="Date of birth", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    mobile_phone = forms.CharField(
        label="Mobile phone",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    home_phone = forms.CharField(
        label="Home phone",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(label="E-mail", max_length=254, required=False)
    not_a_duplicate = forms.BooleanField(
        label="Not the same person: make a new record", required=False
    )

    chief_concern = _intake_field("chief_concern", rows=2)
    urgency = forms.ChoiceField(
        label="Urgency",
        choices=IntakeUrgency.choices,
        initial=IntakeUrgency.ROUTINE,
        widget=forms.RadioSelect,
    )
    goals = _intake_field("goals", rows=2)
    fears = _intake_field("fears", rows=2)
    insurance_carrier = _intake_field("insurance_carrier")
    insurance_subscriber = _intake_field("insurance_subscriber")
    insurance_member_id = _intake_field("insurance_member_id", autocomplete="off")
    insurance_group = _intake_field("insurance_group")

    WHO = NEW_FIELDS
    CONCERN = ("chief_concern", "urgency", "goals", "fears")
    INSURANCE = (
        "insurance_carrier",
        "insurance_subscriber",
        "insurance_member_id",
        "insurance_group",
    )

    def __init__(self, *args: Any, practice: Practice, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.fields["chief_concern"].label = "Chief concern"
        self.fields["chief_concern"].help_text = "In the patient's words."
        self.fields["insurance_carrier"].label = "Carrier"
        self.fields["insurance_subscriber"].label = "Subscriber"
        self.fields["insurance_member_id"].widget = forms.TextInput(attrs={"autocomplete": "off"})
        self.fields["insurance_member_id"].label = "Member ID"
        self.fields["insurance_group"].label = "Group number"
        self.duplicates: list[PossibleDuplicate] = []
        for name in NEW_FIELDS:  # the possible duplicates, as the TC types
            self.fields[name].widget.attrs.update(
                {"hx-post": reverse("intake:duplicates"), "hx-trigger": CHECK_WHEN}
            )

    @property
    def number(self) -> str:
        """The row's number for people (1 for the first); blank on the template row."""
        index = self.prefix.rsplit("-", 1)[-1] if self.prefix else ""
        return str(int(index) + 1) if index.isdigit() else ""

    def who_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.WHO]

    def concern_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CONCERN]

    def insurance_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.INSURANCE]

    # Reading the row as typed (also before it is valid: the duplicates as they type).

    def typed(self) -> dict[str, Any]:
        """The new patient's details as typed so far (a partial date is no date)."""
        data: dict[str, Any] = {}
        for name in NEW_FIELDS:
            raw = str(self.data.get(self.add_prefix(name), "") or "").strip()
            if name == "date_of_birth":
                try:
                    data[name] = self.fields[name].clean(raw)
                except ValidationError:
                    data[name] = None
            else:
                data[name] = raw
        return data

    @cached_property
    def chosen(self) -> Patient | None:
        """The patient on file the TC chose for this row (of this practice only)."""
        raw = str(self.data.get(self.add_prefix("existing"), "") or "").strip()
        if not self.is_bound or not raw.isdigit():
            return None
        return scoped(Patient, self.practice).filter(pk=int(raw)).first()

    def find_duplicates(self) -> None:
        """Patients on file who may be this one (and the one chosen, if any)."""
        self.duplicates = possible_duplicates(self.practice, self.typed())
        listed = {d.patient.pk for d in self.duplicates}
        if self.chosen is not None and self.chosen.pk not in listed:
            self.duplicates.insert(0, PossibleDuplicate(self.chosen, ("chosen on this call",)))

    def heading(self) -> str:
        """The row's name for the sections after "Who is it for"."""
        if self.chosen is not None:
            return self.chosen.display_name
        if self.is_bound:
            typed = self.typed()
            name = f"{typed['first_name']} {typed['last_name']}".strip()
            if name:
                return name
        return ""

    # Validation.

    def clean_mobile_phone(self) -> str:
        return _phone_ok(self.cleaned_data.get("mobile_phone") or "")

    def clean_home_phone(self) -> str:
        return _phone_ok(self.cleaned_data.get("home_phone") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("existing") is not None:
            patient = self.chosen
            if patient is None:
                self.add_error("existing", "Choose a patient of this practice.")
            elif data.get("not_a_duplicate"):
                self.add_error(
                    "not_a_duplicate",
                    "Choose one: the patient on file, or a new record.",
                )
            data["patient"] = patient
            return data
        data["patient"] = None
        for name, words in (
            ("first_name", "Give the patient's first name."),
            ("last_name", "Give the patient's last name."),
            ("date_of_birth", "Give the patient's date of birth."),
        ):
            if not data.get(name) and name not in self.errors:
                self.add_error(name, words)
        self._check_like_a_patient(data)
        return data

    def _check_like_a_patient(self, data: dict[str, Any]) -> None:
        """The patient record's own rules (a birth date in the future, phones), on the
        fields that are not refused already."""
        given = {k: v for k, v in self.new(data).items() if k not in self.errors}
        patient = Patient(practice=self.practice, **given)
        try:
            patient.full_clean(
                exclude=[f.name for f in Patient._meta.fields if f.name not in given]
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    for message in messages:
                        self.add_error(name if name in self.fields else None, message)

    @staticmethod
    def new(data: dict[str, Any]) -> dict[str, Any]:
        """The new patient's fields that were given (blank ones are left to the call)."""
        return {name: data[name] for name in NEW_FIELDS if data.get(name)}

    def entry(self) -> CallPatient:
        data = self.cleaned_data
        about = {name: data[name] for name in INTAKE_FIELDS}
        if data.get("patient") is not None:
            return CallPatient(existing=data["patient"], about=about)
        return CallPatient(
            new=self.new(data), not_a_duplicate=bool(data.get("not_a_duplicate")), about=about
        )


class BasePatientRows(forms.BaseFormSet):  # type: ignore[type-arg]
    def filled(self) -> list[PatientRowForm]:
        """The rows with something in them (a blank row added by mistake is left out)."""
        return [f for f in self.forms if f.cleaned_data]  # type: ignore[misc]


PatientRows = forms.formset_factory(
    PatientRowForm,
    formset=BasePatientRows,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MOST_PATIENTS,
    absolute_max=MOST_PATIENTS,
    validate_max=True,
)


def patient_rows(practice: Practice, data: Any = None) -> BasePatientRows:
    return PatientRows(  # type: ignore[no-any-return]
        data,
        prefix=ROWS_PREFIX,
        form_kwargs={"practice": practice},
        error_messages={
            "too_few_forms": "Say who the call is about.",
            "too_many_forms": f"One call can be about {MOST_PATIENTS} patients at most.",
        },
    )


def with_one_more_patient(data: QueryDict) -> QueryDict:
    """The posted form and one blank patient more (Add another patient without JavaScript)."""
    more = data.copy()
    key = f"{ROWS_PREFIX}-TOTAL_FORMS"
    count = str(more.get(key, ""))
    more[key] = str(min((int(count) if count.isdigit() else 0) + 1, MOST_PATIENTS))
    return more


def row_for(practice: Practice, prefix: str, data: Any) -> PatientRowForm:
    """One patient row read from the duplicates check (htmx sends the row's fields)."""
    return PatientRowForm(data, prefix=prefix, practice=practice)
