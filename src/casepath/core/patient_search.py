"""How a TC's search box text becomes a patient query.

A TC types whatever is at hand: "smith", "smith, jo", "jo smith", "(555) 201-3344",
"04/12/1987" or a chart number such as "RV-00123". `parse_search` decides which
one it is; `name_key` and `phone_key` are the normalised forms stored beside each
patient so that every lookup is an indexed equality or prefix range.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from casepath.core.errors import CasepathError

MIN_PHONE_DIGITS = 7
_DATE_FORMATS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<m>\d{1,2})[/.-](?P<d>\d{1,2})[/.-](?P<y>\d{4})$"),
)
_CHART = re.compile(r"^[A-Za-z]{0,4}-?\d{1,6}$")


@dataclass(frozen=True)
class NameQuery:
    """Prefixes of the normalised last and (optionally) first name."""

    last: str
    first: str = ""


@dataclass(frozen=True)
class PhoneQuery:
    digits: str


@dataclass(frozen=True)
class BirthDateQuery:
    born_on: date


@dataclass(frozen=True)
class ChartQuery:
    chart_number: str


PatientQuery = NameQuery | PhoneQuery | BirthDateQuery | ChartQuery


def name_key(name: str) -> str:
    """Lower-case ASCII letters and digits only: "O'Brien-Núñez" -> "obriennunez".

    Every database collation orders such keys the same way, so a prefix becomes
    a plain index range on SQLite and PostgreSQL alike.
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def phone_key(phone: str) -> str:
    """The last ten digits of a phone number ("+1 (555) 201-3344" -> "5552013344")."""
    return re.sub(r"\D", "", phone)[-10:]


def prefix_range(prefix: str) -> tuple[str, str]:
    """The half-open range [low, high) of keys that start with `prefix`."""
    if not prefix:
        raise CasepathError.at("q", "a name prefix cannot be empty")
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


def parse_search(text: str) -> PatientQuery:
    """Classify the search text; raise `CasepathError` when nothing can be searched."""
    cleaned = text.strip()
    if not cleaned:
        raise CasepathError.at("q", "type a name, phone number, date of birth or chart number")
    born_on = _parse_date(cleaned)
    if born_on is not None:
        return BirthDateQuery(born_on)
    digits = re.sub(r"\D", "", cleaned)
    if len(digits) >= MIN_PHONE_DIGITS and re.fullmatch(r"[\d\s().+-]+", cleaned):
        return PhoneQuery(phone_key(cleaned))
    if any(ch.isdigit() for ch in cleaned) and _CHART.match(cleaned):
        return ChartQuery(chart_key(cleaned))
    return _parse_name(cleaned)


def chart_key(chart_number: str) -> str:
    """Chart numbers compare upper-case without spaces: " rv-123 " -> "RV-123"."""
    return re.sub(r"\s", "", chart_number).upper()


def _parse_name(text: str) -> NameQuery:
    if "," in text:
        last, _, first = text.partition(",")
    else:
        words = text.split()
        last, first = (words[-1], " ".join(words[:-1])) if len(words) > 1 else (text, "")
    last_key, first_key = name_key(last), name_key(first)
    if not last_key:
        raise CasepathError.at("q", f"{text!r} has no letters or digits to search for")
    return NameQuery(last=last_key, first=first_key)


def _parse_date(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        found = pattern.match(text)
        if found:
            try:
                return date(int(found["y"]), int(found["m"]), int(found["d"]))
            except ValueError:
                raise CasepathError.at("q", f"{text!r} is not a real date") from None
    return None
