"""Messages to patients (e-mail and text), the practice's message templates, and the
opt-outs that end them.

A message keeps what was sent (the rendered subject and text) and how it went: queued
(perhaps until `send_after`), sending, sent, delivered, failed or blocked (with `why` in
words). Its `idempotency_key` names the event that asked for it, so asking twice sends
once, and the providers are given the key so a retry after a crash sends once too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.scoping import PracticeScopedModel


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"


class MessageTemplate(PracticeScopedModel):
    name = models.CharField(max_length=100)
    channel = models.CharField(max_length=5, choices=Channel.choices)
    subject = models.CharField(max_length=200, blank=True, help_text="E-mail only.")
    body = models.TextField(help_text="The text (of the e-mail, or the text message).")
    html_body = models.TextField(
        "HTML", blank=True, help_text="E-mail only; empty: made from the text."
    )
    is_active = models.BooleanField("in use", default=True)

    class Meta:
        ordering = ["channel", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"],
                name="message_template_name_unique_in_practice",
                violation_error_message="Another message template of this practice has this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    BLOCKED = "blocked", "Not sent"
    CANCELLED = "cancelled", "Cancelled"


class Message(PracticeScopedModel):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task = models.ForeignKey(
        "followups.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    template = models.ForeignKey(
        MessageTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    to = models.CharField(
        max_length=254, blank=True, help_text="E-mail address or mobile number (+1…)."
    )
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True, help_text="What was sent (empty when it could not be).")
    html_body = models.TextField(blank=True)
    automated = models.BooleanField(
        default=False, help_text="Sent by a cadence, not by a person: quiet hours apply."
    )
    status = models.CharField(
        max_length=9, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    why = models.CharField(max_length=300, blank=True, help_text="Why it was not sent, in words.")
    idempotency_key = models.CharField(max_length=120)
    send_after = models.DateTimeField()
    sending_since = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "idempotency_key"],
                name="one_message_per_key",
                violation_error_message="This message was already queued.",
            )
        ]
        indexes = [
            models.Index(fields=["status", "send_after"], name="message_due"),
            models.Index(fields=["practice", "patient", "created_at"], name="message_patient"),
            models.Index(fields=["provider_message_id"], name="message_provider_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} to {self.to}"


class OptOutHow(models.TextChoices):
    STOP = "stop", "Replied STOP"
    UNSUBSCRIBE = "unsubscribe", "Unsubscribe link"


class OptOut(PracticeScopedModel):
    """A patient's "no more" on one channel; `ended_at` is set when they opt in again."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=5, choices=Channel.choices)
    address = models.CharField(max_length=254, help_text="The number or address it came from.")
    how = models.CharField(max_length=12, choices=OptOutHow.choices)
    at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["patient", "channel"], name="optout_patient")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} opt-out of {self.address}"


class MessageAttachment(PracticeScopedModel):
    """A file sent with an e-mail (a welcome package PDF), kept as it was sent."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=100, default="application/pdf")
    content = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.file_name
