"""New patients on their way in: the first call, each patient's place in the pipeline,
every move between stages, and the practice's welcome package.

A `Call` is one conversation (a parent may call for two children); each patient it is
about gets an `Intake`, which moves through `core.intake.Stage` from inquiry to the case
the provider diagnoses. `IntakeMove` keeps every move with its time; nothing is
overwritten. Member IDs given on the call are encrypted like a coverage's.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casepath.core.intake import LABELS, Stage
from casepath.encryption import EncryptedTextField
from casepath.patients.models import ReferralSource
from casepath.tenancy.scoping import PracticeScopedModel

STAGE_CHOICES = [(stage.value, LABELS[stage]) for stage in Stage]


class CallerRelation(models.TextChoices):
    SELF = "self", "The patient"
    PARENT = "parent", "Parent or guardian"
    SPOUSE = "spouse", "Spouse or partner"
    CHILD = "child", "Adult child"
    OTHER = "other", "Someone else"


class IntakeUrgency(models.TextChoices):
    PAIN = "pain", "In pain or an emergency: seen within a day"
    SOON = "soon", "Soon: within two weeks"
    ROUTINE = "routine", "Routine"


class Call(PracticeScopedModel):
    """One first call: who called, how they heard of us, how to reach them."""

    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    caller_name = models.CharField(max_length=200)
    caller_relation = models.CharField(
        "the caller is", max_length=10, choices=CallerRelation.choices, default=CallerRelation.SELF
    )
    caller_phone = models.CharField(max_length=30, blank=True)
    caller_email = models.EmailField(blank=True)
    source = models.CharField("how they heard of us", max_length=20, choices=ReferralSource.choices)
    source_detail = models.CharField(
        "who or what referred them",
        max_length=200,
        blank=True,
        help_text="The referring provider, the patient who sent them, the campaign.",
    )
    reason = models.CharField("reason for calling", max_length=300)
    preferred_times = models.CharField(max_length=200, blank=True)
    may_call = models.BooleanField("may call", default=True)
    may_text = models.BooleanField("may text", default=False)
    may_email = models.BooleanField("may e-mail", default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["practice", "started_at"], name="call_practice_start")]

    def __str__(self) -> str:
        return f"Call from {self.caller_name} at {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> timedelta:
        return self.ended_at - self.started_at


class Intake(PracticeScopedModel):
    """One new patient's place in the pipeline, and what the TC learned on the way."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="intakes")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="intakes"
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="treatment coordinator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stage = models.CharField(max_length=14, choices=STAGE_CHOICES, default=Stage.INQUIRY)
    stage_entered_at = models.DateTimeField()

    chief_concern = models.TextField(blank=True, help_text="In the patient's words.")
    urgency = models.CharField(
        max_length=8, choices=IntakeUrgency.choices, default=IntakeUrgency.ROUTINE
    )
    goals = models.TextField(blank=True, help_text="For their teeth, mouth and smile.")
    fears = models.TextField("fears or anxiety", blank=True)
    insurance_carrier = models.CharField(max_length=120, blank=True)
    insurance_subscriber = models.CharField(max_length=120, blank=True)
    insurance_member_id = EncryptedTextField("member ID", blank=True)
    insurance_group = models.CharField("group number", max_length=40, blank=True)

    first_visit = models.ForeignKey(
        "scheduling.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    booked_at = models.DateTimeField(null=True, blank=True)
    welcome_sent_at = models.DateTimeField(null=True, blank=True)
    welcome_sent_how = models.CharField(max_length=20, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    no_shows = models.PositiveSmallIntegerField(default=0)

    chart_prepared = models.BooleanField(default=False)
    forms_received = models.BooleanField(default=False)
    insurance_verified = models.BooleanField(default=False)
    welcomed_at = models.DateTimeField(null=True, blank=True)
    tour_given = models.BooleanField(default=False)
    interviewed_at = models.DateTimeField(null=True, blank=True)
    needs = models.TextField(
        "needs", blank=True, help_text="What the patient needs from us, heard at the interview."
    )
    what_matters = models.CharField(
        "what matters most",
        max_length=200,
        blank=True,
        help_text="Looks, comfort, chewing, keeping their teeth, time, cost.",
    )
    handed_off_at = models.DateTimeField(null=True, blank=True)
    handed_off_to = models.ForeignKey(
        "tenancy.Provider", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hand_off_note = models.TextField(blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["stage_entered_at", "pk"]
        indexes = [
            models.Index(fields=["practice", "stage", "stage_entered_at"], name="intake_board"),
            models.Index(fields=["patient", "stage"], name="intake_patient"),
        ]

    def __str__(self) -> str:
        return f"{self.patient} ({LABELS[Stage(self.stage)]})"

    @property
    def stage_label(self) -> str:
        return LABELS[Stage(self.stage)]


class IntakeMove(PracticeScopedModel):
    """One move of an intake between stages: when, by whom, and why if said."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.CharField(max_length=14, choices=STAGE_CHOICES, blank=True)
    to_stage = models.CharField(max_length=14, choices=STAGE_CHOICES)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["intake", "at"], name="intake_move_at")]

    def __str__(self) -> str:
        return f"{self.from_stage or 'new'} → {self.to_stage} at {self.at:%Y-%m-%d %H:%M}"


class WelcomePackage(PracticeScopedModel):
    """What a new patient gets when the first visit is booked: the e-mail (a message
    template) and a PDF of these sections, then a reminder asking to confirm."""

    introduction = models.TextField("practice introduction")
    what_to_expect = models.TextField("what to expect at the first visit")
    forms = models.TextField(
        "forms", help_text="The forms to fill in before the visit, and where to find them."
    )
    directions = models.TextField("directions and parking")
    financial_policy = models.TextField("financial policy")
    send_automatically = models.BooleanField("send when the first visit is booked", default=True)
    reminder_hours = models.PositiveSmallIntegerField(
        "send the reminder this many hours before the visit",
        default=48,
        validators=[MinValueValidator(2), MaxValueValidator(336)],
    )
    welcome_template = models.ForeignKey(
        "messaging.MessageTemplate", on_delete=models.PROTECT, related_name="+"
    )
    reminder_template = models.ForeignKey(
        "messaging.MessageTemplate", on_delete=models.PROTECT, related_name="+"
    )
    reminder_text_template = models.ForeignKey(
        "messaging.MessageTemplate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Sent too when the patient agreed to texts.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["practice"], name="one_welcome_package_per_practice")
        ]

    def __str__(self) -> str:
        return f"Welcome package of {self.practice}"
