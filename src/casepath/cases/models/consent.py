"""Informed consent: versioned templates per procedure category, and signed consents."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel


class ConsentTemplate(PracticeScopedModel):
    """One version of a practice's consent text for a category and language. Editing
    makes a new version; a signed consent keeps the version it was signed on."""

    category = models.CharField(max_length=20)
    language = models.CharField(max_length=2, default="en")
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=120)
    risks = models.TextField()
    benefits = models.TextField()
    alternatives = models.TextField()
    refusal = models.TextField("consequences of refusal")
    is_current = models.BooleanField(default=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["category", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "category", "language", "version"],
                name="one_consent_template_version",
            ),
            models.UniqueConstraint(
                fields=["practice", "category", "language"],
                condition=models.Q(is_current=True),
                name="one_current_consent_template",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version}, {self.language})"


class SignatureKind(models.TextChoices):
    DRAWN = "drawn", "Drawn"
    TYPED = "typed", "Typed"


def consent_path(instance: Consent, filename: str) -> str:
    return f"practice-{instance.practice_id}/cases/{instance.case_id}/consents/{filename}"


class Consent(PracticeScopedModel):
    """A signed informed consent. Immutable: the PDF and its hash are the record."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="consents")
    presentation = models.ForeignKey(
        "cases.Presentation", on_delete=models.PROTECT, related_name="consents"
    )
    option = models.ForeignKey("cases.CaseOption", on_delete=models.PROTECT, related_name="+")
    link = models.ForeignKey(
        "cases.PatientLink", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    templates = models.JSONField(help_text="The template versions signed: [{id, version}].")
    signer_name = models.CharField(max_length=200)
    signature_kind = models.CharField(max_length=5, choices=SignatureKind.choices)
    signature = models.TextField(help_text="The drawn signature (PNG data URL) or typed name.")
    signed_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    witness_name = models.CharField(max_length=200, blank=True)
    pdf = models.FileField(upload_to=consent_path)
    pdf_sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["case", "-signed_at"]

    def __str__(self) -> str:
        return f"Consent of {self.signer_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("A signed consent cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("A signed consent cannot be deleted.")
