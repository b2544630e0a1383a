"""Typed builders for test data: plain functions, one per thing."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser

from casepath.patients.models import FamilyLink, Patient
from casepath.tenancy.models import Membership, Operatory, Organization, Practice, Provider
from casepath.tenancy.roles import Role

PASSWORD = "correct horse battery staple"


def build_practice(
    name: str, short_code: str, organization: Organization | None = None
) -> Practice:
    organization = organization or Organization.objects.create(name=f"{name} Group")
    return Practice.objects.create(organization=organization, name=name, short_code=short_code)


def build_user(username: str, *memberships: tuple[Practice, Role], **extra: Any) -> AbstractUser:
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.com",
        first_name=username.title(),
        last_name="Tester",
        **extra,
    )
    for practice, role in memberships:
        Membership.objects.create(user=user, practice=practice, role=role)
    return user


def build_patient(practice: Practice, **fields: Any) -> Patient:
    values: dict[str, Any] = {
        "first_name": "Ana",
        "last_name": "Lopez",
        "date_of_birth": date(1985, 4, 12),
        "mobile_phone": "(614) 555-0101",
    }
    values.update(fields)
    count = Patient.objects.filter(practice=practice).count() + 1
    values.setdefault("chart_number", f"{practice.short_code}-{count:06d}")
    return Patient.objects.create(practice=practice, **values)


def build_provider(practice: Practice, **fields: Any) -> Provider:
    values: dict[str, Any] = {
        "kind": "dentist",
        "first_name": "Rita",
        "last_name": "Nunez",
        "credentials": "DDS",
    }
    values.update(fields)
    return Provider.objects.create(practice=practice, **values)


def build_operatory(practice: Practice, name: str = "Op 1") -> Operatory:
    return Operatory.objects.create(practice=practice, name=name)


def build_family_link(
    patient: Patient, relative: Patient, relationship: str = "parent"
) -> FamilyLink:
    """`relative` is `patient`'s <relationship>; one direction only (services link both)."""
    return FamilyLink.objects.create(
        practice=patient.practice, patient=patient, relative=relative, relationship=relationship
    )
