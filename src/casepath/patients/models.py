"""Patients: demographics, contact preferences, responsible party and family."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from casepath.core.patient_search import chart_key, name_key, phone_key
from casepath.tenancy.scoping import PracticeScopedModel

PHONE_FIELDS = ("mobile_phone", "home_phone", "work_phone")
_PHONE_TEXT = re.compile(r"^\+?[\d\s().-]+(?:\s*(?:x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)
_EXTENSION = re.compile(r"(?:x|ext\.?)\s*\d{1,6}$", re.IGNORECASE)


def is_phone_number(text: str) -> bool:
    """A North American number: 10 digits (or 11 with a leading 1), an optional extension."""
    if not _PHONE_TEXT.match(text.strip()):
        return False
    digits = re.sub(r"\D", "", _EXTENSION.sub("", text.strip()))
    return len(digits) == 10 or (len(digits) == 11 and digits.startswith("1"))


class ContactMethod(models.TextChoices):
    CALL = "call", "Phone call"
    SMS = "sms", "Text message"
    EMAIL = "email", "E-mail"
    MAIL = "mail", "Letter"


class PatientStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"


class ReferralSource(models.TextChoices):
    PATIENT = "patient", "Patient referral"
    PROVIDER = "provider", "Referring provider"
    WEB = "web", "Web search or website"
    INSURANCE = "insurance", "Insurance directory"
    CAMPAIGN = "campaign", "Marketing campaign"
    WALK_IN = "walk_in", "Walk-in or drive-by"
    OTHER = "other", "Other"


class Patient(PracticeScopedModel):
    chart_number = models.CharField(max_length=20)
    first_name = models.CharField(max_length=100)
    middle_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(
        max_length=1, blank=True, choices=[("F", "Female"), ("M", "Male"), ("X", "Other")]
    )

    mobile_phone = models.CharField(max_length=30, blank=True)
    home_phone = models.CharField(max_length=30, blank=True)
    work_phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address_line1 = models.CharField("address", max_length=200, blank=True)
    address_line2 = models.CharField("address (line 2)", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)

    preferred_contact_method = models.CharField(
        max_length=5, choices=ContactMethod.choices, default=ContactMethod.CALL
    )
    preferred_contact_times = models.CharField(max_length=200, blank=True)
    sms_consent = models.BooleanField("consents to text messages", default=False)
    sms_consent_on = models.DateField("text consent given on", null=True, blank=True)
    preferred_language = models.CharField(max_length=40, default="English")
    time_zone = models.CharField(max_length=64, default="America/New_York")

    guarantor = models.ForeignKey(
        "self",
        verbose_name="responsible party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependents",
        help_text="Who is responsible for the bill; empty when the patient is.",
    )
    is_new_patient = models.BooleanField(
        default=True, help_text="A new patient until the first treatment is completed."
    )
    referral_source = models.CharField(max_length=20, choices=ReferralSource.choices, blank=True)
    referral_detail = models.CharField(
        max_length=200, blank=True, help_text="Who or what referred the patient."
    )
    first_visit_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=PatientStatus.choices, default=PatientStatus.ACTIVE
    )

    last_name_key = models.CharField(max_length=100, editable=False)
    first_name_key = models.CharField(max_length=100, editable=False)
    preferred_name_key = models.CharField(max_length=100, editable=False, blank=True)
    mobile_phone_key = models.CharField(max_length=10, editable=False, blank=True)
    home_phone_key = models.CharField(max_length=10, editable=False, blank=True)
    work_phone_key = models.CharField(max_length=10, editable=False, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "chart_number"],
                name="patient_chart_number_unique_in_practice",
                violation_error_message="Another patient of this practice has this chart number.",
            ),
            models.CheckConstraint(
                condition=~models.Q(guarantor=models.F("id")),
                name="patient_not_own_guarantor",
                violation_error_message="Leave the responsible party empty for a self-payer.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["practice", "last_name_key", "first_name_key"], name="patient_last_first"
            ),
            models.Index(fields=["practice", "first_name_key"], name="patient_first"),
            models.Index(fields=["practice", "preferred_name_key"], name="patient_preferred"),
            models.Index(fields=["practice", "date_of_birth"], name="patient_birth"),
            models.Index(fields=["practice", "mobile_phone_key"], name="patient_mobile"),
            models.Index(fields=["practice", "home_phone_key"], name="patient_home"),
            models.Index(fields=["practice", "work_phone_key"], name="patient_work"),
        ]

    def __str__(self) -> str:
        return f"{self.last_name}, {self.first_name} ({self.chart_number})"

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}"

    def age(self, as_of: date | None = None) -> int:
        """Whole years on `as_of` (today in the practice's time zone by default)."""
        today = as_of or timezone.localdate()
        born = self.date_of_birth
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day))

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if isinstance(self.date_of_birth, date) and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = "The date of birth cannot be in the future."
        for field in PHONE_FIELDS:
            value = getattr(self, field)
            if value and not is_phone_number(value):
                label = self._meta.get_field(field).verbose_name
                errors[field] = f"Enter the {label} as 10 digits, for example (614) 555-0101."
        if self.sms_consent and not self.mobile_phone and "mobile_phone" not in errors:
            errors["mobile_phone"] = "Consent to text messages needs a mobile phone number."
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_keys()
        super().save(*args, **kwargs)

    def refresh_search_keys(self) -> None:
        """Keep the normalised search columns in step (bulk inserts call this too)."""
        self.chart_number = chart_key(self.chart_number)
        self.last_name_key = name_key(self.last_name)
        self.first_name_key = name_key(self.first_name)
        self.preferred_name_key = name_key(self.preferred_name)
        self.mobile_phone_key = phone_key(self.mobile_phone)
        self.home_phone_key = phone_key(self.home_phone)
        self.work_phone_key = phone_key(self.work_phone)


class Relationship(models.TextChoices):
    SPOUSE = "spouse", "Spouse or partner"
    PARENT = "parent", "Parent"
    CHILD = "child", "Child"
    SIBLING = "sibling", "Sibling"
    OTHER = "other", "Other family"


class FamilyLink(PracticeScopedModel):
    """`relative` is the patient's <relationship>: e.g. relative is the patient's parent."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="+")
    relationship = models.CharField(max_length=10, choices=Relationship.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "relative"],
                name="family_link_once",
                violation_error_message="These two patients are already linked.",
            ),
            models.CheckConstraint(
                condition=~models.Q(patient=models.F("relative")),
                name="family_link_not_self",
                violation_error_message="A patient cannot be their own relative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.relative} is {self.get_relationship_display()} of {self.patient}"
