"""The welcome package on paper: the practice's sections and the patient's first visit;
and the same for a made-up patient, to preview the package while editing it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from casepath.cases.pdf import render_pdf
from casepath.intake.defaults import SECTIONS
from casepath.intake.models import Intake, WelcomePackage
from casepath.patients.models import Patient
from casepath.scheduling.models import Appointment
from casepath.scheduling.selectors import practice_zone
from casepath.tenancy.models import Practice, Provider
from casepath.tenancy.scoping import scoped

PREVIEW_IN = timedelta(days=7)
PREVIEW_AT = time(9, 30)


def welcome_pdf(intake: Intake, package: WelcomePackage) -> bytes:
    visit = intake.first_visit
    starts = timezone.localtime(visit.starts_at, practice_zone(intake.practice)) if visit else None
    context = {
        "practice": intake.practice,
        "patient": intake.patient,
        "visit": visit,
        "starts": starts,
        "package": package,
    }
    return render_pdf("intake/pdf/welcome.html", context)


def welcome_preview_pdf(practice: Practice, *, now: datetime) -> bytes:
    """The practice's package (its defaults if never saved) for a made-up patient with
    a visit a week from `now` at 9:30 am. Nothing is saved."""
    package = scoped(WelcomePackage, practice).first() or WelcomePackage(
        practice=practice, **SECTIONS
    )
    zone = practice_zone(practice)
    day = timezone.localtime(now, zone).date() + PREVIEW_IN
    patient = Patient(practice=practice, first_name="Maria", last_name="Garcia")
    provider = Provider(practice=practice, first_name="Rosa", last_name="Nunez", credentials="DDS")
    visit = Appointment(
        practice=practice,
        patient=patient,
        provider=provider,
        starts_at=datetime.combine(day, PREVIEW_AT, tzinfo=zone),
    )
    intake = Intake(practice=practice, patient=patient, first_visit=visit)
    return welcome_pdf(intake, package)
