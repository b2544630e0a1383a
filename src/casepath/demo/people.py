"""The demo organization's practices, staff, providers, rooms and patient households."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from faker import Faker

from casepath.patients.models import (
    ContactMethod,
    FamilyLink,
    Patient,
    PatientStatus,
    ReferralSource,
    Relationship,
)
from casepath.tenancy.models import Membership, Operatory, Organization, Practice, Provider
from casepath.tenancy.roles import Role

PRACTICES = (
    {
        "name": "Brightside Dental · Riverside",
        "short_code": "RV",
        "phone": "(614) 555-0142",
        "address": "1200 River Road, Suite 4\nColumbus, OH 43215",
        "time_zone": "America/New_York",
    },
    {
        "name": "Brightside Dental · Hillcrest",
        "short_code": "HC",
        "phone": "(614) 555-0187",
        "address": "88 Hillcrest Avenue\nWorthington, OH 43085",
        "time_zone": "America/New_York",
    },
)

# user name, first, last, role, practice codes
STAFF = (
    ("tc", "Tessa", "Coleman", Role.TREATMENT_COORDINATOR, ("RV", "HC")),
    ("frontdesk", "Frank", "Delgado", Role.FRONT_DESK, ("RV",)),
    ("doctor", "Priya", "Raman", Role.PROVIDER, ("RV",)),
    ("manager", "Monica", "Grant", Role.PRACTICE_MANAGER, ("RV",)),
    ("admin", "Oscar", "Adeyemi", Role.ORGANIZATION_ADMIN, ("RV", "HC")),
    ("hillcrest.tc", "Hana", "Clarke", Role.TREATMENT_COORDINATOR, ("HC",)),
)

PROVIDERS = (
    ("dentist", "DDS", "General dentistry", False),
    ("dentist", "DMD", "General dentistry", False),
    ("hygienist", "RDH", "", False),
    ("hygienist", "RDH", "", False),
    ("specialist", "DDS, MS", "Oral and maxillofacial surgery", True),
    ("specialist", "DMD", "Periodontics", True),
    ("specialist", "DDS", "Endodontics", True),
    ("specialist", "DDS, MS", "Orthodontics", True),
)
LANGUAGES = ("English",) * 12 + ("Spanish",) * 3 + ("Vietnamese", "Somali", "Mandarin")
CONTACT_TIMES = ("Weekday mornings", "After 5 pm", "Lunch hour", "Any time", "Weekends", "")


def create_practice(organization: Organization, spec: dict[str, str]) -> Practice:
    return Practice.objects.create(organization=organization, email="", **spec)


def create_staff(practices: list[Practice], password: str) -> list[object]:
    by_code = {p.short_code: p for p in practices}
    users = []
    for username, first, last, role, codes in STAFF:
        user = get_user_model().objects.create_user(
            username=username,
            password=password,
            first_name=first,
            last_name=last,
            email=f"{username}@brightside.example",
        )
        for code in codes:
            Membership.objects.create(user=user, practice=by_code[code], role=role)
        users.append(user)
    return users


def create_providers_and_rooms(practice: Practice) -> None:
    fake = Faker("en_US")
    fake.seed_instance(sum(map(ord, practice.short_code)))
    for index, (kind, credentials, specialty, external) in enumerate(PROVIDERS):
        Provider.objects.create(
            practice=practice,
            kind=kind,
            first_name=fake.first_name(),
            last_name=fake.last_name(),
            credentials=credentials,
            specialty=specialty,
            is_external=external,
            npi=make_npi(1_234_500 + index * 7 + len(practice.short_code)),
        )
    for number in range(1, 6):
        Operatory.objects.create(practice=practice, name=f"Op {number}")
    Operatory.objects.create(practice=practice, name="Consult room")


def make_npi(base: int) -> str:
    """A ten-digit NPI with a valid Luhn check digit (prefix 80840, as CMS defines)."""
    body = f"1{base:08d}"
    digits = [int(d) for d in "80840" + body]
    total = 0
    for i, d in enumerate(reversed(digits)):
        doubled = d * 2 if i % 2 == 0 else d
        total += doubled - 9 if doubled > 9 else doubled
    return body + str((10 - total % 10) % 10)


def household(
    practice: Practice, size: int, first_number: int, rng: random.Random, fake: Faker, as_of: date
) -> list[Patient]:
    """One family: an adult responsible party, perhaps a partner, and children."""
    last_name = fake.last_name()
    phone = fake.numerify("(###) 555-0###")
    address = (fake.street_address(), fake.city(), fake.state_abbr(), fake.zipcode())
    members = []
    for index in range(size):
        adult = index < 2
        age = rng.randint(24, 78) if adult else rng.randint(2, 19)
        members.append(
            _patient(
                practice,
                first_number + index,
                last_name,
                age,
                adult,
                phone,
                address,
                rng,
                fake,
                as_of,
            )
        )
    return members


def _patient(
    practice: Practice,
    number: int,
    last_name: str,
    age: int,
    adult: bool,
    phone: str,
    address: tuple[str, str, str, str],
    rng: random.Random,
    fake: Faker,
    as_of: date,
) -> Patient:
    sex = rng.choice("FM")
    first = fake.first_name_female() if sex == "F" else fake.first_name_male()
    born = as_of - timedelta(days=age * 365 + rng.randint(0, 364))
    method = rng.choice(
        (ContactMethod.CALL, ContactMethod.SMS, ContactMethod.SMS, ContactMethod.EMAIL)
    )
    consent = method == ContactMethod.SMS or rng.random() < 0.3
    first_visit = as_of - timedelta(days=rng.randint(0, 365 * 6))
    email = f"{first}.{last_name}{number}@example.com".lower() if adult else ""
    return Patient(
        practice=practice,
        organization_id=practice.organization_id,
        chart_number=f"{practice.short_code}-{number:06d}",
        first_name=first,
        last_name=last_name,
        preferred_name=first[:3] if rng.random() < 0.05 else "",
        date_of_birth=born,
        sex=sex,
        mobile_phone=fake.numerify("(###) 555-0###") if adult else "",
        home_phone=phone,
        email=email,
        address_line1=address[0],
        city=address[1],
        state=address[2],
        postal_code=address[3],
        preferred_contact_method=method if adult else ContactMethod.CALL,
        preferred_contact_times=rng.choice(CONTACT_TIMES),
        sms_consent=consent and adult,
        sms_consent_on=first_visit if consent and adult else None,
        preferred_language=rng.choice(LANGUAGES),
        time_zone=practice.time_zone,
        is_new_patient=first_visit > as_of - timedelta(days=365),
        referral_source=rng.choice(list(ReferralSource)),
        first_visit_on=first_visit,
        status=PatientStatus.INACTIVE if rng.random() < 0.06 else PatientStatus.ACTIVE,
    )


def family_links(practice: Practice, members: list[Patient]) -> list[FamilyLink]:
    """Links within a household, both ways: partner of the head, parents of the children."""
    links = []
    head, rest = members[0], members[1:]
    for index, member in enumerate(rest):
        is_partner = index == 0 and member.date_of_birth.year < head.date_of_birth.year + 15
        pair = (
            (Relationship.SPOUSE, Relationship.SPOUSE)
            if is_partner
            else (Relationship.CHILD, Relationship.PARENT)
        )
        links.append(_link(practice, head, member, pair[0]))
        links.append(_link(practice, member, head, pair[1]))
    return links


def _link(practice: Practice, patient: Patient, relative: Patient, kind: str) -> FamilyLink:
    return FamilyLink(
        practice=practice,
        organization_id=practice.organization_id,
        patient=patient,
        relative=relative,
        relationship=kind,
    )
