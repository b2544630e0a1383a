"""Presentations (what the patient was shown, frozen), patient links and questions."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel


class PresentationMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    REMOTE = "remote", "Remote"


class Presentation(PracticeScopedModel):
    """One presentation of a case. `snapshot` holds every option, procedure, text and
    estimate exactly as shown; it is never changed after it is made."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="presentations")
    number = models.PositiveSmallIntegerField()
    presented_at = models.DateTimeField()
    presented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(max_length=10, choices=PresentationMode.choices)
    plan_version = models.PositiveIntegerField()
    language = models.CharField(max_length=2, default="en")
    estimated_on = models.DateField()
    expires_on = models.DateField()
    snapshot = models.JSONField()
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the snapshot: a signature is on this exact plan."
    )

    class Meta:
        ordering = ["case", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="one_presentation_number")
        ]

    def __str__(self) -> str:
        return f"Presentation {self.number}"


class PatientLink(PracticeScopedModel):
    """A secure link to a presentation for the patient's phone. Only a hash of the token
    is stored; the link needs the patient's date of birth to open."""

    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_count = models.PositiveIntegerField(default=0)
    last_opened_at = models.DateTimeField(null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(
        default=0, help_text="Wrong dates of birth in a row; the link locks after five."
    )
    chosen_option = models.ForeignKey(
        "cases.CaseOption", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Link to {self.presentation}"


class CaseQuestion(PracticeScopedModel):
    """A question the patient asked from the link: a task for the case's TC."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="questions")
    link = models.ForeignKey(
        PatientLink, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField()
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["practice", "answered_at"], name="question_open")]

    def __str__(self) -> str:
        return self.text[:60]
