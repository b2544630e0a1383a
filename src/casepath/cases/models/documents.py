"""Editable document templates with merge fields, and the PDFs made from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel


class DocumentKind(models.TextChoices):
    PACKET_COVER = "packet_cover", "Consult packet cover letter"
    PATIENT_LETTER = "patient_letter", "Letter to the patient"
    REFERRER_LETTER = "referrer_letter", "Letter to the referring provider"


class DocumentTemplate(PracticeScopedModel):
    """One version of a letter; the body uses merge fields such as {{ patient.first_name }}."""

    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    version = models.PositiveIntegerField(default=1)
    name = models.CharField(max_length=120)
    body = models.TextField()
    is_current = models.BooleanField(default=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "kind", "version"], name="one_document_template_version"
            ),
            models.UniqueConstraint(
                fields=["practice", "kind"],
                condition=models.Q(is_current=True),
                name="one_current_document_template",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


def document_path(instance: CaseDocument, filename: str) -> str:
    return f"practice-{instance.practice_id}/cases/{instance.case_id}/documents/{filename}"


class CaseDocument(PracticeScopedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=16)
    title = models.CharField(max_length=200)
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to=document_path)
    pdf_sha256 = models.CharField(max_length=64)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title
