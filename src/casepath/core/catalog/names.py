"""Casepath's own plain-language names for the most common procedure codes.

These are written for patients, in our words; they are not the ADA descriptors
(a practice may import its licensed descriptor file for staff). A code missing
here falls back to its category in plain words.
"""

from __future__ import annotations

from typing import Final

from casepath.core.catalog.codes import category_of

PLAIN_NAMES: Final[dict[str, str]] = {
    "D0120": "Check-up exam",
    "D0140": "Exam of one problem area",
    "D0150": "First full exam",
    "D0180": "Full gum exam",
    "D0210": "Full set of X-rays",
    "D0220": "Single X-ray of one tooth",
    "D0274": "Four bite X-rays",
    "D0330": "Whole-mouth panoramic X-ray",
    "D1110": "Cleaning (adult)",
    "D1120": "Cleaning (child)",
    "D1206": "Fluoride varnish",
    "D1208": "Fluoride treatment",
    "D1351": "Sealant on one tooth",
    "D2140": "Silver filling, one side of the tooth",
    "D2150": "Silver filling, two sides of the tooth",
    "D2330": "White filling on a front tooth, one side",
    "D2391": "White filling on a back tooth, one side",
    "D2392": "White filling on a back tooth, two sides",
    "D2740": "All-ceramic crown",
    "D2750": "Porcelain crown on a metal base",
    "D2790": "All-gold crown",
    "D2950": "Build-up to hold a crown",
    "D2954": "Post to hold a crown",
    "D3310": "Root canal on a front tooth",
    "D3320": "Root canal on a premolar",
    "D3330": "Root canal on a molar",
    "D4341": "Deep cleaning of a quarter of the mouth",
    "D4342": "Deep cleaning of a few teeth in one quarter",
    "D4910": "Gum-care cleaning",
    "D5110": "Full upper denture",
    "D5120": "Full lower denture",
    "D6010": "Implant placed in the jaw",
    "D6058": "Crown on an implant",
    "D6240": "Replacement tooth in a bridge",
    "D7140": "Tooth removal",
    "D7210": "Surgical tooth removal",
    "D7240": "Removal of a wisdom tooth inside the bone",
    "D8080": "Braces for a child or teen",
    "D8090": "Braces for an adult",
    "D9110": "Visit to relieve pain",
    "D9230": "Laughing gas",
    "D9944": "Night guard",
    "D9972": "In-office whitening",
}

_CATEGORY_NAMES: Final[dict[str, str]] = {
    "diagnostic": "Exam or test",
    "xray": "X-ray",
    "preventive": "Preventive care",
    "restorative": "Filling or repair",
    "crowns": "Crown",
    "endodontics": "Root canal treatment",
    "periodontics": "Gum treatment",
    "prosthodontics": "Denture or bridge",
    "maxillofacial": "Jaw and face prosthesis",
    "implants": "Implant treatment",
    "oral_surgery": "Oral surgery",
    "orthodontics": "Orthodontic treatment",
    "adjunctive": "Other treatment",
}


def plain_name(code: str) -> str:
    """A patient-friendly name: ours for common codes, else the category's words."""
    name = PLAIN_NAMES.get(code)
    if name is not None:
        return name
    category = category_of(code)
    return _CATEGORY_NAMES[category] if category else "Procedure"


_CATEGORY_WORDS: Final[dict[str, str]] = {
    "diagnostic": "exams and tests",
    "xray": "x-rays",
    "preventive": "preventive care",
    "restorative": "fillings and repairs",
    "crowns": "crowns",
    "endodontics": "root canal treatment",
    "periodontics": "gum treatment",
    "prosthodontics": "dentures and bridges",
    "maxillofacial": "jaw and face prostheses",
    "implants": "implants",
    "oral_surgery": "oral surgery",
    "orthodontics": "orthodontics",
    "adjunctive": "other treatment",
}


def category_words(category: str) -> str:
    """A category as a note names it: 'Waiting period for crowns ...'."""
    return _CATEGORY_WORDS[category]
