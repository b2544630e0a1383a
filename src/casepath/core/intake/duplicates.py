"""Is the caller's patient already ours? The reasons a record may be the same person.

A TC types a name, a date of birth, a phone number or an e-mail address; each existing
patient sharing enough of them is shown, with the reasons in words, before a new record
is made. Names compare by `name_key` (accents, case and punctuation ignored) and phone
numbers by their last ten digits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from casepath.core.patient_search import name_key, phone_key


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    phones: tuple[str, ...] = field(default=())
    email: str = ""

    def phone_keys(self) -> frozenset[str]:
        return frozenset(k for k in (phone_key(p) for p in self.phones) if len(k) == 10)


def match_reasons(new: Person, existing: Person) -> tuple[str, ...]:
    """Why `existing` may be `new` (empty: not a possible duplicate)."""
    same_first = _same(new.first_name, existing.first_name)
    same_last = _same(new.last_name, existing.last_name)
    same_birth = new.date_of_birth is not None and new.date_of_birth == existing.date_of_birth
    reasons = []
    if same_last and same_birth:
        reasons.append("same last name and date of birth")
    elif same_first and same_birth:
        reasons.append("same first name and date of birth")
    if same_first and same_last:
        reasons.append("same first and last name")
    if new.phone_keys() & existing.phone_keys():
        reasons.append("same phone number")
    email = _email_key(new.email)
    if email and email == _email_key(existing.email):
        reasons.append("same e-mail address")
    return tuple(reasons)


def _email_key(email: str) -> str:
    return email.strip().lower()


def _same(a: str, b: str) -> bool:
    key = name_key(a)
    return bool(key) and key == name_key(b)
