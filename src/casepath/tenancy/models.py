"""Organizations, their practices (locations), providers, rooms and memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from casepath.tenancy.roles import Permission, Role, role_can
from casepath.tenancy.scoping import PracticeScopedModel


class Organization(models.Model):
    """One practice, or a group of practices under one owner."""

    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Practice(models.Model):
    """A location where patients are seen."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="practices"
    )
    name = models.CharField(max_length=200)
    short_code = models.CharField(
        max_length=4, help_text="Prefix of chart numbers, e.g. RV for Riverside."
    )
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    time_zone = models.CharField(max_length=64, default="America/New_York")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "short_code"],
                name="practice_short_code_unique_in_organization",
                violation_error_message="Another practice of this organization uses this code.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one practice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_chosen_at = models.DateTimeField(
        null=True, blank=True, help_text="When the user last switched to this practice."
    )

    class Meta:
        ordering = ["practice__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "practice"],
                name="membership_one_per_user_and_practice",
                violation_error_message="This user already belongs to this practice.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.practice}"

    def can(self, permission: Permission) -> bool:
        return self.is_active and role_can(self.role, permission)


class ProviderKind(models.TextChoices):
    DENTIST = "dentist", "Dentist"
    SPECIALIST = "specialist", "Specialist"
    HYGIENIST = "hygienist", "Hygienist"
    ASSISTANT = "assistant", "Dental assistant"


class Provider(PracticeScopedModel):
    """A clinician: in-house at this practice, or an external specialist it works with."""

    kind = models.CharField(max_length=20, choices=ProviderKind.choices)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    credentials = models.CharField(max_length=40, blank=True, help_text="e.g. DDS, DMD, RDH")
    npi = models.CharField("NPI", max_length=10, blank=True)
    specialty = models.CharField(max_length=60, blank=True)
    is_external = models.BooleanField(
        default=False, help_text="An outside specialist this practice refers to."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}, {self.credentials}".rstrip(", ")


class Operatory(PracticeScopedModel):
    """A treatment room or chair."""

    name = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "operatories"
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "name"],
                name="operatory_name_unique_in_practice",
                violation_error_message="This practice already has a room with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name
