"""What happened to a case: its timeline, discussion notes, plan revisions and images."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.cases.models.case import STATUS_CHOICES
from casepath.tenancy.scoping import PracticeScopedModel


class EventKind(models.TextChoices):
    CREATED = "created", "Case created"
    STATUS = "status", "Status changed"
    REVISED = "revised", "Plan revised"
    PRESENTED = "presented", "Presented"
    ESTIMATED = "estimated", "Estimated"
    LINK_SENT = "link_sent", "Patient link made"
    LINK_OPENED = "link_opened", "Patient opened the link"
    LINK_REVOKED = "link_revoked", "Patient link revoked"
    OPTION_CHOSEN = "option_chosen", "Patient chose an option"
    QUESTION = "question", "Patient asked a question"
    SIGNED = "signed", "Consent signed"
    NOTE = "note", "Note added"
    IMAGE = "image", "Image added"
    DOCUMENT = "document", "Document made"
    CONSULT = "consult", "Consult prepared"
    FINANCING = "financing", "Ways to pay"
    PREDETERMINATION = "predetermination", "Pre-determination"
    MESSAGE = "message", "Message"


class CaseEvent(PracticeScopedModel):
    """One line of a case's timeline. Written by services only, never changed."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    from_status = models.CharField(max_length=12, choices=STATUS_CHOICES, blank=True)
    to_status = models.CharField(max_length=12, choices=STATUS_CHOICES, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, help_text="Staff user name, or “patient”.")
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["case", "created_at", "pk"]

    def __str__(self) -> str:
        return self.summary


class NoteKind(models.TextChoices):
    GENERAL = "general", "Note"
    FINANCIAL = "financial", "Financial discussion"
    OBJECTION = "objection", "Objection"
    CLINICAL_QUESTION = "clinical", "Question for the clinical team"


class CaseNote(PracticeScopedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(max_length=10, choices=NoteKind.choices, default=NoteKind.GENERAL)
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["case", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CaseRevision(PracticeScopedModel):
    """A version of the plan: every option, phase and procedure as it stood, and what
    changed from the version before (plain sentences)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    items = models.JSONField(default=list)
    changes = models.JSONField(default=list)
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"Version {self.version}"


class ImageKind(models.TextChoices):
    PHOTO = "photo", "Intraoral photo"
    XRAY = "xray", "X-ray"
    OTHER = "other", "Other image"


def image_path(instance: CaseImage, filename: str) -> str:
    return f"practice-{instance.practice_id}/cases/{instance.case_id}/images/{filename}"


class CaseImage(PracticeScopedModel):
    """A picture shown at the presentation. Served only through the case's views."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="images")
    procedure = models.ForeignKey(
        "cases.PlannedProcedure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="images",
    )
    kind = models.CharField(max_length=6, choices=ImageKind.choices, default=ImageKind.PHOTO)
    caption = models.CharField(max_length=200)
    file = models.FileField(upload_to=image_path)
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return self.caption
